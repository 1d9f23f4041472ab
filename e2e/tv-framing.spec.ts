import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { startServer } from '../server/testing/runningServer';

// The wall is made to be embedded: a page of another origin may frame /tv when
// TV_FRAME_ANCESTORS names that origin, and no other page of the app, ever. The framing
// page is served by a tiny server of this spec, on another port of 127.0.0.1.

interface Framer {
  origin: string;
  close: () => Promise<void>;
}

/** Serves `/frame?src=…`: a page holding one iframe of `src`, which notes when the frame has loaded (or failed to). */
async function startFramer(): Promise<Framer> {
  const server = http.createServer((request, response) => {
    const src = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('src') ?? '';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>framer</title>
      <iframe id="embedded" style="width:1280px;height:720px" src="${src.replace(/"/g, '&quot;')}"
        onload="document.body.dataset.frameLoaded = 'yes'"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The `frame-ancestors` directive of a page's Content-Security-Policy (which also holds its script policy). */
function frameAncestorsOf(headers: Record<string, string>): string | undefined {
  return headers['content-security-policy']?.split('; ').find((directive) => directive.startsWith('frame-ancestors '));
}

/** Opens the framer on `src` and says whether the framed page's content came up. */
async function frameContentShows(page: Page, framer: Framer, src: string, testId: string): Promise<boolean> {
  await page.goto(`${framer.origin}/frame?src=${encodeURIComponent(src)}`);
  // The iframe's load event fires for a refused frame too (with the browser's error page in it).
  await expect(page.locator('body')).toHaveAttribute('data-frame-loaded', 'yes', { timeout: 30_000 });
  const frame = await (await page.locator('#embedded').elementHandle())!.contentFrame();
  if (!frame || !frame.url().startsWith(src.split('?')[0]!)) return false;
  try {
    await frame.getByTestId(testId).waitFor({ state: 'visible', timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

test('with TV_FRAME_ANCESTORS naming the portal, the portal frames /tv, and never the other pages', async ({ page }) => {
  test.setTimeout(120_000);
  const framer = await startFramer();
  const server = await startServer({ env: { SIMULATE_RATE: '20', TV_FRAME_ANCESTORS: framer.origin } });
  try {
    const tvHeaders = (await page.request.get(`${server.url}/tv`)).headers();
    expect(frameAncestorsOf(tvHeaders)).toBe(`frame-ancestors ${framer.origin}`);
    expect(frameAncestorsOf((await page.request.get(`${server.url}/tv/help`)).headers())).toBe(`frame-ancestors ${framer.origin}`);
    const rootHeaders = (await page.request.get(`${server.url}/`)).headers();
    expect(frameAncestorsOf(rootHeaders)).toBe("frame-ancestors 'none'");
    expect(rootHeaders['x-frame-options']).toBe('DENY');

    expect(await frameContentShows(page, framer, `${server.url}/tv?panels=throughput,pipeline`, 'tv-wall')).toBe(true);
    const framedWall = page.frameLocator('#embedded').getByTestId('tv-wall');
    await expect(framedWall).toHaveAttribute('data-freshness', 'live', { timeout: 30_000 });

    expect(await frameContentShows(page, framer, `${server.url}/`, 'app-nav')).toBe(false);
  } finally {
    await server.stop();
    await framer.close();
  }
});

test('by default only the app itself may frame /tv: another origin is refused, and / is refused always', async ({ page, baseURL }) => {
  const framer = await startFramer();
  try {
    const tvHeaders = (await page.request.get(`${baseURL}/tv`)).headers();
    expect(frameAncestorsOf(tvHeaders)).toBe("frame-ancestors 'self'");
    expect(await frameContentShows(page, framer, `${baseURL}/tv`, 'tv-wall')).toBe(false);
    expect(await frameContentShows(page, framer, `${baseURL}/`, 'app-nav')).toBe(false);
  } finally {
    await framer.close();
  }
});
