/**
 * One figure of a running server's /metrics: a metric summed over its label sets, or one
 * sample when `name` carries its labels (`waybill_x_total{reason="a"}`); null when the
 * server does not answer or has no such metric.
 */
export async function scrapeMetric(url: string, name: string): Promise<number | null> {
  const response = await fetch(`${url}/metrics`).catch(() => null);
  if (!response?.ok) return null;
  let total: number | null = null;
  for (const line of (await response.text()).split('\n')) {
    if (line.startsWith(`${name} `) || (!name.includes('{') && line.startsWith(`${name}{`))) {
      total = (total ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}
