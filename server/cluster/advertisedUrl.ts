import os from 'node:os';

/**
 * Where other instances reach this one: WAYBILL_ADVERTISED_URL when set, else the address
 * it listens on (this machine's name when it listens on every address). Behind NAT or in
 * containers, only the setting can know.
 */
export function advertisedUrlOf(configured: string | null, host: string, port: number): string {
  if (configured !== null) return configured.replace(/\/+$/, '');
  const everywhere = host === '0.0.0.0' || host === '::';
  const shown = everywhere ? os.hostname() : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** The host name an advertised URL names, as hostPolicy lists names (IPv6 in brackets): the server must answer to it. */
export function advertisedHostOf(url: string): string {
  return new URL(url).hostname.toLowerCase();
}
