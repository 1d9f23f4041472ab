import { LIVE_WINDOWS, type LiveWindow } from '../../lib/live';
import type { Dimension } from '../../lib/summary';

/** The dimensions the overview can break events down by. */
export const BREAKDOWNS = ['region', 'carrier'] as const satisfies readonly Dimension[];
export type Breakdown = (typeof BREAKDOWNS)[number];

export const BREAKDOWN_LABELS: Record<Breakdown, string> = {
  region: 'Region',
  carrier: 'Carrier',
};

export const WINDOW_OPTIONS = Object.keys(LIVE_WINDOWS) as LiveWindow[];

export const DEFAULT_WINDOW: LiveWindow = '5m';
export const DEFAULT_BREAKDOWN: Breakdown = 'region';

/** What the overview shows: the window the charts cover and the breakdown dimension. */
export interface ViewSelection {
  window: LiveWindow;
  by: Breakdown;
}
