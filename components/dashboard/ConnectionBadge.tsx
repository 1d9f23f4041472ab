import type { ConnectionState } from './liveViewReducer';

/** The socket's state, or `paused` while a fixed range is shown and no socket is open. */
export type LiveIndicator = ConnectionState | 'paused';

const CONNECTION_LABELS: Record<LiveIndicator, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  paused: 'Paused (fixed range)',
};

export function ConnectionBadge({ connection }: { connection: LiveIndicator }) {
  return (
    <span
      className="badge badge--connection"
      data-state={connection}
      data-testid="connection-state"
      role="status"
      aria-live="polite"
    >
      <span className="badge__dot" aria-hidden="true" />
      {CONNECTION_LABELS[connection]}
    </span>
  );
}
