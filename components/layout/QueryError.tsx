import { accessRefusalOf } from '../auth/accessRefusal';
import { ApiRequestError } from '../fetchJson';

/** A failed load, said plainly: what could not be loaded and what the server said. */
export function QueryError({ error, what }: { error: unknown; what: string }) {
  const refusal = accessRefusalOf(error);
  let detail: string;
  if (refusal) detail = 'The server needs an access token for this.';
  else if (error instanceof ApiRequestError && error.status === 404) detail = error.message;
  else if (error instanceof ApiRequestError) detail = `${error.message} (${error.code})`;
  else detail = error instanceof Error ? error.message : 'Unknown error';
  return (
    <div className="banner banner--error" role="alert" data-testid="query-error">
      <p className="banner__text">
        <strong>Could not load {what}.</strong> <span className="banner__detail">{detail}</span>
      </p>
    </div>
  );
}
