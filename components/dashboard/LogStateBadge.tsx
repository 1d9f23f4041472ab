import type { Health } from '../../lib/health';
import { logState } from './logState';

/** The server's hold on its log (Kafka broker or embedded), not this browser's socket. */
export function LogStateBadge({ health }: { health: Health | null }) {
  const state = logState(health);
  return (
    <span
      className="badge badge--log"
      data-tone={state.tone}
      data-testid="log-state"
      role="status"
      aria-live="polite"
      title={state.description}
    >
      <span className="badge__dot" aria-hidden="true" />
      {state.label}
    </span>
  );
}
