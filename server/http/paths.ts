/** Which part of the server answers a path: the JSON API, the Prometheus scrape, or Next (the pages and their assets). */

export const METRICS_PATH = '/metrics';

export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

export function isServedByNext(pathname: string): boolean {
  return !isApiPath(pathname) && pathname !== METRICS_PATH;
}

/** Where instances ask each other for what only a partition's holder knows (its event index): part of the API, guarded the same. */
export const PEER_PATH_PREFIX = '/api/peer';
