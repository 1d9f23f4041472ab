import crypto from 'node:crypto';

/*
 * The pages' Content-Security-Policy. Scripts run only with this response's nonce (Next
 * reads it from the request's own Content-Security-Policy header and puts it on every
 * script it writes, as its CSP guide says), and 'strict-dynamic' lets those scripts load
 * the page's chunks: an injected <script> or inline handler never runs. Styles keep
 * 'unsafe-inline': charts and the editor set style attributes, and a style cannot run code.
 * No upgrade-insecure-requests: Waybill is often served over plain HTTP on a private
 * network, where upgrading its own requests would break every page.
 */

/** A fresh nonce for one response: 128 random bits, base64. */
export function newNonce(): string {
  return crypto.randomBytes(16).toString('base64');
}

export interface PagePolicyOptions {
  nonce: string;
  /** The page's `frame-ancestors` sources (framePolicy.ts). */
  frameAncestors: string;
  /** Next's development server needs eval for React's debugging aids. */
  dev: boolean;
}

export function pageContentSecurityPolicy({ nonce, frameAncestors, dev }: PagePolicyOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // The live socket is this origin's: 'self' covers ws: and wss: to it.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}
