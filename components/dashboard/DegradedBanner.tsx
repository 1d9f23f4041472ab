/** Shown while the server cannot reach its Kafka broker: nothing new is processed. */
export function DegradedBanner() {
  return (
    <div className="banner banner--warning" role="alert" data-testid="degraded-banner">
      <p>
        <strong>Kafka broker unreachable</strong> — figures are frozen at the last record processed; Waybill reconnects
        by itself.
      </p>
    </div>
  );
}
