import { expect, type Page, type TestInfo } from '@playwright/test';

/*
 * What a wall looks like to a browser: whether the page scrolls, where each panel is, and
 * which texts do not fit their box. Shared by the TV specs.
 */

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface WallLayout {
  viewport: { width: number; height: number };
  document: { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number };
  panels: Array<{ id: string; box: Box }>;
  /** Texts wider or taller than their own box, or reaching out of their panel or the screen. */
  misfits: Array<{ text: string; reason: string }>;
  textCount: number;
}

export async function measureWallLayout(page: Page): Promise<WallLayout> {
  return page.evaluate(() => {
    // Half a pixel of rounding is not a clipped glyph.
    const SLACK = 1;
    const boxOf = (element: Element) => {
      const rect = element.getBoundingClientRect();
      return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
    };
    const viewport = { width: window.innerWidth, height: window.innerHeight };
    const root = document.documentElement;
    const panels = [...document.querySelectorAll('[data-panel]')].map((panel) => ({ id: panel.getAttribute('data-panel')!, box: boxOf(panel) }));
    const misfits: Array<{ text: string; reason: string }> = [];
    const texts = [...document.querySelectorAll<HTMLElement>('.tv-wall [data-tv-text]')];
    for (const element of texts) {
      const text = (element.textContent ?? '').trim().slice(0, 60);
      if (element.scrollWidth > element.clientWidth + SLACK) misfits.push({ text, reason: `scrollWidth ${element.scrollWidth} > clientWidth ${element.clientWidth}` });
      if (element.scrollHeight > element.clientHeight + SLACK) misfits.push({ text, reason: `scrollHeight ${element.scrollHeight} > clientHeight ${element.clientHeight}` });
      const box = boxOf(element);
      if (box.left < -SLACK || box.top < -SLACK || box.right > viewport.width + SLACK || box.bottom > viewport.height + SLACK) {
        misfits.push({ text, reason: `outside the screen: ${JSON.stringify(box)}` });
      }
      const panel = element.closest('[data-panel]');
      if (panel) {
        const panelBox = boxOf(panel);
        if (box.left < panelBox.left - SLACK || box.top < panelBox.top - SLACK || box.right > panelBox.right + SLACK || box.bottom > panelBox.bottom + SLACK) {
          misfits.push({ text, reason: `outside its panel ${panel.getAttribute('data-panel')}` });
        }
      }
    }
    return {
      viewport,
      document: { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, scrollHeight: root.scrollHeight, clientHeight: root.clientHeight },
      panels,
      misfits,
      textCount: texts.length,
    };
  });
}

function overlapArea(a: Box, b: Box): number {
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return width > 0 && height > 0 ? width * height : 0;
}

/** No scrollbars, every expected panel on screen, none over another, every text inside its box. */
export function expectWallFits(layout: WallLayout, expectedPanels: readonly string[]): void {
  const { document: scroll, viewport } = layout;
  expect(scroll.scrollWidth, 'no horizontal scrollbar').toBe(scroll.clientWidth);
  expect(scroll.scrollHeight, 'no vertical scrollbar').toBe(scroll.clientHeight);
  expect(layout.panels.map((panel) => panel.id)).toEqual(expectedPanels);
  for (const { id, box } of layout.panels) {
    expect(box.left, `${id} inside the screen`).toBeGreaterThanOrEqual(0);
    expect(box.top, `${id} inside the screen`).toBeGreaterThanOrEqual(0);
    expect(box.right, `${id} inside the screen`).toBeLessThanOrEqual(viewport.width);
    expect(box.bottom, `${id} inside the screen`).toBeLessThanOrEqual(viewport.height);
    expect(box.right - box.left, `${id} has a size`).toBeGreaterThan(100);
  }
  for (let i = 0; i < layout.panels.length; i += 1) {
    for (let j = i + 1; j < layout.panels.length; j += 1) {
      const [a, b] = [layout.panels[i]!, layout.panels[j]!];
      expect(overlapArea(a.box, b.box), `${a.id} and ${b.id} do not overlap`).toBe(0);
    }
  }
  expect(layout.textCount).toBeGreaterThan(layout.panels.length * 3);
  expect(layout.misfits).toEqual([]);
}

/** A screenshot in test-results/screenshots, attached to the report. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = `test-results/screenshots/${name}.png`;
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
