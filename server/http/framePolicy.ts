/*
 * Who may frame which page. The TV wall is meant to be embedded (a portal, a wall
 * controller's page), so its `frame-ancestors` comes from TV_FRAME_ANCESTORS; every
 * other page refuses to be framed, so an operator's tools cannot be clickjacked.
 */

/** The TV wall's pages: the wall and its help. */
export function isTvPath(pathname: string): boolean {
  return pathname === '/tv' || pathname.startsWith('/tv/');
}

/** The `frame-ancestors` sources of a path: the wall's from TV_FRAME_ANCESTORS, 'none' elsewhere. */
export function frameAncestorsOf(pathname: string, tvFrameAncestors: string): string {
  return isTvPath(pathname) ? tvFrameAncestors : "'none'";
}

/** The Content-Security-Policy (only `frame-ancestors`) and X-Frame-Options a response carries. */
export function framingHeaders(pathname: string, tvFrameAncestors: string): Record<string, string> {
  const frameAncestors = frameAncestorsOf(pathname, tvFrameAncestors);
  if (isTvPath(pathname)) return { 'Content-Security-Policy': `frame-ancestors ${frameAncestors}` };
  // X-Frame-Options for browsers older than frame-ancestors; it cannot list origins, so the wall does without.
  return { 'Content-Security-Policy': `frame-ancestors ${frameAncestors}`, 'X-Frame-Options': 'DENY' };
}

/** A source of a CSP source list that frame-ancestors accepts: a keyword, a scheme, or a host with optional scheme and port. */
const SOURCE = /^(?:'self'|'none'|[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\*\.)?[a-z0-9.-]+(?::(?:\d{1,5}|\*))?)$/i;

/** A valid TV_FRAME_ANCESTORS value, or what is wrong with it. */
export function parseFrameAncestors(text: string): string | { error: string } {
  const sources = text.trim().split(/\s+/).filter(Boolean);
  if (sources.length === 0) return { error: "expected a list of sources such as 'self' https://portal.example.com" };
  for (const source of sources) {
    if (!SOURCE.test(source)) return { error: `not a frame-ancestors source: ${JSON.stringify(source)} (expected 'self', 'none', a scheme such as https:, or an origin such as https://portal.example.com:8443)` };
  }
  if (sources.includes("'none'") && sources.length > 1) return { error: "'none' cannot be combined with other sources" };
  return sources.join(' ');
}
