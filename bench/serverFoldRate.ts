/** How many records a running server has folded, summed over its partitions (/api/health). */
async function processedBy(url: string): Promise<number> {
  const response = await fetch(`${url}/api/health`).catch(() => null);
  if (!response?.ok) return 0;
  const health = (await response.json()) as { partitions: { processed: number }[] };
  return health.partitions.reduce((sum, partition) => sum + partition.processed, 0);
}

const POLL_MS = 100;

/**
 * Polls a server until it has folded `count` records; answers records per second from
 * `since` (a performance.now() time), or by default from the first poll that saw a record
 * folded, so that starting up is not counted. Bounded by `timeoutMs`.
 */
export async function serverFoldRate(url: string, count: number, options: { since?: number; timeoutMs: number }): Promise<number> {
  let firstAt = options.since ?? 0;
  let firstCount = 0;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`the server did not fold ${count} records in time`);
    const processed = await processedBy(url);
    const now = performance.now();
    if (firstAt === 0 && processed > 0) {
      firstAt = now;
      firstCount = processed;
    }
    if (processed >= count) return (count - firstCount) / ((now - firstAt) / 1_000);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
