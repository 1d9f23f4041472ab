/*
 * How a page's panels share the screen: rows of panels, as even as can be (5 → 3 + 2),
 * the number of rows chosen so each panel comes closest to a shape its numerals fill
 * well, whatever the screen's aspect (4:3 to 21:9). A row with fewer panels stretches
 * them, so no cell stays empty. One CSS grid holds it all: its column count is the
 * least common multiple of the rows' lengths and each panel spans its share.
 */

/** Width over height a panel is best read at. */
const PREFERRED_PANEL_ASPECT = 1.05;
/** The share of the screen's height left to panels under the status line. */
const PANEL_AREA_HEIGHT = 0.92;

export interface PanelGrid {
  /** How many panels each row holds, top to bottom. */
  rows: number[];
  /** Columns of the CSS grid. */
  columns: number;
  /** How many grid columns each panel spans, in page order. */
  spans: number[];
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

function evenRows(count: number, rowCount: number): number[] {
  const base = Math.floor(count / rowCount);
  const longer = count % rowCount;
  // The longer rows on top: the eye starts there.
  return Array.from({ length: rowCount }, (_, index) => base + (index < longer ? 1 : 0));
}

/** `screenAspect` is the panel area's width over its height. */
export function panelGridOf(count: number, screenAspect: number): PanelGrid {
  if (count <= 0) return { rows: [], columns: 1, spans: [] };
  const aspect = (Number.isFinite(screenAspect) && screenAspect > 0 ? screenAspect : 16 / 9) / PANEL_AREA_HEIGHT;
  let best = evenRows(count, 1);
  let bestMismatch = Number.POSITIVE_INFINITY;
  for (let rowCount = 1; rowCount <= count; rowCount += 1) {
    const rows = evenRows(count, rowCount);
    // Every panel counts: a short row's panels are stretched wider than the others.
    const mismatch =
      rows.reduce((sum, length) => sum + length * Math.abs(Math.log((aspect * rowCount) / length / PREFERRED_PANEL_ASPECT)), 0) / count;
    if (mismatch < bestMismatch - 1e-9) {
      best = rows;
      bestMismatch = mismatch;
    }
  }
  const columns = best.reduce((lcm, length) => (lcm * length) / greatestCommonDivisor(lcm, length), 1);
  return { rows: best, columns, spans: best.flatMap((length) => Array.from({ length }, () => columns / length)) };
}
