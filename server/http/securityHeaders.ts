import { pageContentSecurityPolicy } from './contentSecurityPolicy';
import { frameAncestorsOf, framingHeaders } from './framePolicy';

export interface SecurityHeaderOptions {
  tvFrameAncestors: string;
  /** For a page: the nonce its scripts carry; null for the API and /metrics, which run no script. */
  nonce: string | null;
  dev: boolean;
}

/**
 * Headers every answer carries, pages and API alike: who may frame it (framePolicy.ts),
 * no MIME sniffing (a payload shown as text stays text), and no full URL leaking to other
 * sites in Referer (links to a tracing UI, say, carry the origin only). A page also gets
 * the whole Content-Security-Policy with its nonce (contentSecurityPolicy.ts).
 */
export function securityHeaders(pathname: string, options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    ...framingHeaders(pathname, options.tvFrameAncestors),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
  if (options.nonce !== null) {
    headers['Content-Security-Policy'] = pageContentSecurityPolicy({
      nonce: options.nonce,
      frameAncestors: frameAncestorsOf(pathname, options.tvFrameAncestors),
      dev: options.dev,
    });
  }
  return headers;
}
