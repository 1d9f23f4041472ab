import { formatClockTime } from '../../lib/format';
import type { AccessRefusal } from '../auth/accessRefusal';
import type { Freshness } from './tvLiveReducer';

interface TvNoticeProps {
  freshness: Freshness;
  staleSince: number | null;
  neverLive: boolean;
  reconnectAttempt: number;
  accessRefusal: AccessRefusal | null;
  subscriptionError: string | null;
}

const REFUSALS: Record<AccessRefusal, string> = {
  unauthorized: 'Access refused: this wall’s link needs a viewer token (add ?token=… to it).',
  forbidden: 'Access refused: the token in this wall’s link is not accepted.',
};

/**
 * Says plainly, in large type, why the figures are not to be trusted right now: stale
 * since a clock time, reconnecting, refused. Nothing at all while the wall is live.
 */
export function TvNotice({ freshness, staleSince, neverLive, reconnectAttempt, accessRefusal, subscriptionError }: TvNoticeProps) {
  const parts: string[] = [];
  if (accessRefusal) parts.push(REFUSALS[accessRefusal]);
  else if (freshness === 'reconnecting') {
    const attempt = reconnectAttempt > 0 ? ` (attempt ${reconnectAttempt})` : '';
    parts.push(neverLive ? `Connecting to the server…${attempt}` : `Connection lost — reconnecting…${attempt}`);
  }
  if (subscriptionError) parts.push(`The server refused this wall’s view: ${subscriptionError}`);
  if (parts.length === 0 && staleSince === null) return null;
  return (
    <div className="tv-notice" role="alert" data-testid="tv-notice" data-state={freshness}>
      {parts.map((text) => (
        <p key={text} className="tv-notice__line" data-tv-text="">
          {text}
        </p>
      ))}
      {staleSince !== null && (
        <p className="tv-notice__line tv-notice__line--stale" data-testid="tv-stale-notice" data-tv-text="">
          Data is stale: no update since {formatClockTime(staleSince)}. The figures shown are from then.
        </p>
      )}
    </div>
  );
}
