import os from 'node:os';

/*
 * Which Host headers the server answers. A page on another site can point its own name at
 * 127.0.0.1 (DNS rebinding) and then talk to a Waybill on the viewer's machine as if it
 * were its own origin; such a request still carries that site's name in Host. Answering
 * only the names this server is known by shuts that door: the others get 421.
 */

const LOCAL_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** The names a server listening on `host` is reached by: localhost, and its addresses. */
export function defaultAllowedHosts(host: string): string[] {
  const names = new Set(LOCAL_NAMES);
  if (host === '0.0.0.0' || host === '::') {
    for (const addresses of Object.values(os.networkInterfaces())) {
      for (const address of addresses ?? []) names.add(address.family === 'IPv6' ? `[${address.address}]` : address.address);
    }
    names.add(os.hostname().toLowerCase());
  } else {
    names.add(host.includes(':') ? `[${host}]` : host.toLowerCase());
  }
  return [...names];
}

/** Whether a request's Host (name and optional port) is one of `allowed` (names without ports). */
export function isAllowedHost(hostHeader: string | undefined, allowed: readonly string[]): boolean {
  if (hostHeader === undefined || hostHeader === '') return false;
  const name = hostHeader.toLowerCase().replace(/:\d+$/, '');
  return allowed.includes(name);
}
