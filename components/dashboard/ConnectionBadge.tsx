import type { ConnectionState } from './liveViewReducer';

const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

export function ConnectionBadge({ connection }: { connection: ConnectionState }) {
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
