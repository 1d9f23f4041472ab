import { framingHeaders } from './framePolicy';

/**
 * Headers every answer carries, pages and API alike: who may frame it (framePolicy.ts),
 * no MIME sniffing (a payload shown as text stays text), and no full URL leaking to other
 * sites in Referer (links to a tracing UI, say, carry the origin only).
 */
export function securityHeaders(pathname: string, tvFrameAncestors: string): Record<string, string> {
  return {
    ...framingHeaders(pathname, tvFrameAncestors),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
}
