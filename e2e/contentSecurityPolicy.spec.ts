import { expect, test } from '@playwright/test';
import { LAPTOP } from './operatorData';

// Every page under its Content-Security-Policy: scripts run by nonce only, and nothing the
// pages need is refused (the browser reports each refusal as a violation event).

const PAGES = ['/', '/events', '/dlq', '/tv', '/tv/help'];

test('every page runs under a nonce-based script policy, with nothing it needs refused', async ({ page, request }) => {
  const nonces = new Set<string>();
  for (const path of PAGES) {
    const answer = await request.get(path);
    const policy = answer.headers()['content-security-policy']!;
    const scripts = policy.split('; ').find((directive) => directive.startsWith('script-src '))!;
    expect(scripts, path).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'$/);
    nonces.add(/'nonce-([^']+)'/.exec(scripts)![1]!);
    // Every inline script Next writes carries that answer's nonce.
    const html = await answer.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inline.length, path).toBeGreaterThan(0);
    for (const [, attributes] of inline) expect(attributes, path).toContain(`nonce="${/'nonce-([^']+)'/.exec(scripts)![1]}"`);
  }
  // A fresh nonce for every answer.
  expect(nonces.size).toBe(PAGES.length);

  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.setViewportSize(LAPTOP);
  await page.goto('/');
  await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 30_000 });
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  // Markup injected into the page (the XSS a CSP is for) runs no script: its inline handler is refused.
  await page.evaluate(() => {
    const injected = document.createElement('div');
    injected.innerHTML = '<img src="/no-such-image.png" onerror="window.__injected = true">';
    document.body.append(injected);
  });
  await expect.poll(() => violations.some((violation) => violation.startsWith('script-src-attr'))).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected === true)).toBe(false);
  expect(violations.filter((violation) => !violation.startsWith('script-src-attr'))).toEqual([]);
  violations.length = 0;
  for (const path of PAGES.slice(1)) {
    await page.goto(path);
    await expect(page.locator('main, [data-freshness]').first()).toBeVisible();
  }
  expect(violations).toEqual([]);
});
