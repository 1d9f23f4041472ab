import { formatCount } from '../../lib/format';
import type { Health } from '../../lib/health';
import { lagSummary, partitionRows } from './partitionRows';

const IDLE_DESCRIPTION = 'No records for a while; an idle partition does not hold the global watermark back.';
const ELSEWHERE_DESCRIPTION =
  'Another instance folds this partition (or nobody does yet): its figures here are the ones its holder last published, a moment behind.';
const REBUILDING_DESCRIPTION = 'Its holder is replaying it: the figures shown meanwhile are the last ones published.';

/** Per-partition progress of the pipeline, and how far processing trails the log. */
export function PartitionsCard({ health }: { health: Health | null }) {
  const rows = health ? partitionRows(health.partitions) : [];
  const heldHere = rows.filter((row) => row.elsewhere === null).length;
  const lag = lagSummary(health?.lag);
  return (
    <section className="card partitions-card" data-testid="partitions-card" aria-label="Partitions">
      <header className="chart-card__header">
        <h2 className="chart-card__title">Partitions</h2>
        {health && (
          <span className="chart-card__unit">
            {health.mode === 'kafka'
              ? `${formatCount(heldHere)} of ${formatCount(rows.length)} ${rows.length === 1 ? 'partition' : 'partitions'} folded by this server`
              : `${formatCount(rows.length)} ${rows.length === 1 ? 'partition' : 'partitions'}`}
          </span>
        )}
      </header>

      <dl className="partitions-card__gauges">
        <div className="partitions-card__gauge" title="Records appended to the log but not yet processed, all partitions">
          <dt>Consumer lag</dt>
          <dd data-testid="total-lag">{lag.records}</dd>
        </div>
        <div className="partitions-card__gauge" title="How far processing trails the newest record in the log">
          <dt>Processing lag</dt>
          <dd data-testid="processing-lag">{lag.processingLag}</dd>
        </div>
      </dl>

      <div className="partitions-table">
        <table>
          <thead>
            <tr>
              <th scope="col">Partition</th>
              <th scope="col">Watermark</th>
              <th scope="col">Behind newest</th>
              <th scope="col">Last append</th>
              <th scope="col">Processed</th>
              <th scope="col" title="Records appended to the partition but not yet processed">
                Lag (records)
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="partitions-table__empty">
                  {health ? 'No partitions assigned to this server yet.' : 'Waiting for data…'}
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr
                  key={row.partition}
                  data-testid="partition-row"
                  data-partition={row.partition}
                  data-idle={row.idle || undefined}
                >
                  <th scope="row" data-label="Partition">
                    {row.partition}
                    {row.elsewhere && (
                      <span className="tag" data-testid="partition-elsewhere" title={ELSEWHERE_DESCRIPTION}>
                        {row.elsewhere}
                      </span>
                    )}
                    {row.rebuilding && (
                      <span className="tag" data-testid="partition-rebuilding" title={REBUILDING_DESCRIPTION}>
                        rebuilding
                      </span>
                    )}
                    {row.idle && (
                      <span className="tag" data-testid="partition-idle" title={IDLE_DESCRIPTION}>
                        idle
                      </span>
                    )}
                  </th>
                  {/* data-label: on a phone each row stacks, every value under its column's name. */}
                  <td data-label="Watermark" title={row.watermarkIso}>
                    {row.watermark}
                  </td>
                  <td data-label="Behind newest" className="partitions-table__behind">
                    {row.behindNewest}
                  </td>
                  <td data-label="Last append" title={row.lastAppendIso}>
                    {row.lastAppend}
                  </td>
                  <td data-label="Processed">{row.processed}</td>
                  <td data-label="Lag (records)" data-testid="partition-lag" data-lag={row.lagRecords}>
                    {row.lag}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
