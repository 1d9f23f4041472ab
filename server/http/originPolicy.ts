/*
 * Which web pages may open the live socket. A browser sends the page's Origin with every
 * WebSocket handshake and long-poll, but does not apply CORS to WebSockets: without this
 * check any site a viewer visits could read the live figures through the viewer's
 * browser. Clients that are not browsers send no Origin and are judged by their token.
 */

/** A page of the server's own origin (its Host), or one of `allowed` (normalised origins), may connect. */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && host !== undefined && parsed.host === host.toLowerCase()) return true;
  return allowed.includes(parsed.origin);
}

/** WAYBILL_ALLOWED_ORIGINS: origins such as https://portal.example.com, normalised; or what is wrong. */
export function parseAllowedOrigins(text: string): string[] | { error: string } {
  const origins: string[] = [];
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return { error: `not an origin: ${JSON.stringify(entry)} (expected e.g. https://portal.example.com)` };
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== entry.replace(/\/$/, '').toLowerCase()) {
      return { error: `not an origin: ${JSON.stringify(entry)} (scheme, host and port only, e.g. https://portal.example.com:8443)` };
    }
    origins.push(url.origin);
  }
  return origins;
}
