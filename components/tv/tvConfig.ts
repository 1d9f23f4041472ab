import { createSerializer, parseAsString } from 'nuqs';
import { DEFAULT_TV_WINDOW, isTvWindow, TV_WINDOWS, type TvSelection, type TvWindow } from '../../lib/live';
import { isTvPanelId, TV_PANELS, type TvPanelId } from './tvPanels';
import { DEFAULT_TV_THEME, isTvTheme, TV_THEMES, type TvTheme } from './tvThemes';

/*
 * A wall is configured by its link alone: nobody types on it. Every parameter is read as
 * text and checked here, so a wrong value falls back to its default and is named in a
 * note on screen instead of breaking the page.
 */

/** Thresholds past which a figure turns to the warning colour; null: never. */
export interface TvThresholds {
  /** Events per second below which throughput warns (a feed that dried up). */
  throughputMin: number | null;
  latencyWarnMs: number | null;
  /** A ratio (0..1); the URL gives it in percent. */
  errorRateWarn: number | null;
  deadLettersWarn: number | null;
  exceptionsWarn: number | null;
  /** Records the pipeline may trail the log by. */
  lagWarn: number | null;
}

export interface TvConfig {
  /** Pages of panels, each page at least one panel; shown in turn when there are several. */
  pages: TvPanelId[][];
  window: TvWindow;
  region: string | null;
  carrier: string | null;
  theme: TvTheme;
  rotateSeconds: number;
  thresholds: TvThresholds;
}

export const DEFAULT_TV_PAGES: TvPanelId[][] = [[...TV_PANELS]];
export const DEFAULT_ROTATE_SECONDS = 30;
export const MIN_ROTATE_SECONDS = 5;
export const MAX_ROTATE_SECONDS = 3_600;
/** The same bound the server puts on a filter name. */
export const MAX_FILTER_LENGTH = 200;
/** Separates pages in `panels`; commas separate the panels of a page. */
export const PAGE_SEPARATOR = '|';
/** Turns off a threshold that is on by default. */
export const THRESHOLD_OFF = 'off';

/** The dashboard's own attention rules, so both call the same figure worrying. */
export const DEFAULT_TV_THRESHOLDS: TvThresholds = {
  throughputMin: null,
  latencyWarnMs: 5_000,
  errorRateWarn: 0.01,
  deadLettersWarn: 0,
  exceptionsWarn: null,
  lagWarn: null,
};

const THRESHOLD_PARAMETERS = ['throughputMin', 'latencyWarnMs', 'errorRateWarn', 'deadLettersWarn', 'exceptionsWarn', 'lagWarn'] as const;

/** Every parameter as the URL holds it: text, or null when absent. */
export const tvUrlParsers = {
  panels: parseAsString,
  window: parseAsString,
  region: parseAsString,
  carrier: parseAsString,
  theme: parseAsString,
  rotate: parseAsString,
  throughputMin: parseAsString,
  latencyWarnMs: parseAsString,
  errorRateWarn: parseAsString,
  deadLettersWarn: parseAsString,
  exceptionsWarn: parseAsString,
  lagWarn: parseAsString,
};
export type TvUrlParameter = keyof typeof tvUrlParsers;
export type TvUrlValues = Partial<Record<TvUrlParameter, string | null>>;

/** A link to a wall, e.g. for the help page's examples. */
export const tvHref = createSerializer(tvUrlParsers);

export interface ResolvedTvConfig {
  config: TvConfig;
  /** What was wrong in the link and what is shown instead, one line each. */
  notes: string[];
}

const NON_NEGATIVE_NUMBER = /^\d+(\.\d+)?$/;

function parseNonNegative(text: string): number | null {
  return NON_NEGATIVE_NUMBER.test(text.trim()) ? Number(text.trim()) : null;
}

function resolvePages(text: string | null | undefined, notes: string[]): TvPanelId[][] {
  if (text === null || text === undefined) return DEFAULT_TV_PAGES;
  const unknown: string[] = [];
  const pages: TvPanelId[][] = [];
  for (const pageText of text.split(PAGE_SEPARATOR)) {
    const page: TvPanelId[] = [];
    for (const rawName of pageText.split(',')) {
      const name = rawName.trim();
      if (name === '') continue;
      if (!isTvPanelId(name)) unknown.push(name);
      // A panel twice on one page would only repeat itself.
      else if (!page.includes(name)) page.push(name);
    }
    if (page.length > 0) pages.push(page);
  }
  if (unknown.length > 0) notes.push(`panels: no panel called ${unknown.map((name) => `“${name}”`).join(', ')}`);
  if (pages.length === 0) {
    notes.push('panels: none left to show, showing all');
    return DEFAULT_TV_PAGES;
  }
  return pages;
}

function resolveFilterName(parameter: 'region' | 'carrier', text: string | null | undefined, notes: string[]): string | null {
  if (text === null || text === undefined) return null;
  const name = text.trim();
  if (name === '' || name.length > MAX_FILTER_LENGTH) {
    notes.push(`${parameter}: expected a name of 1 to ${MAX_FILTER_LENGTH} characters, showing all traffic`);
    return null;
  }
  return name;
}

function resolveThreshold(parameter: (typeof THRESHOLD_PARAMETERS)[number], text: string | null | undefined, notes: string[]): number | null {
  const fallback = DEFAULT_TV_THRESHOLDS[parameter];
  if (text === null || text === undefined) return fallback;
  if (text.trim().toLowerCase() === THRESHOLD_OFF) return null;
  const value = parseNonNegative(text);
  if (value === null) {
    notes.push(`${parameter}: “${text}” is not a number ≥ 0 or “${THRESHOLD_OFF}”, using the default`);
    return fallback;
  }
  // The URL speaks in percent, the figures in ratios.
  return parameter === 'errorRateWarn' ? value / 100 : value;
}

function resolveRotate(text: string | null | undefined, notes: string[]): number {
  if (text === null || text === undefined) return DEFAULT_ROTATE_SECONDS;
  const seconds = parseNonNegative(text);
  if (seconds === null || seconds < MIN_ROTATE_SECONDS || seconds > MAX_ROTATE_SECONDS) {
    notes.push(`rotate: expected ${MIN_ROTATE_SECONDS} to ${MAX_ROTATE_SECONDS} seconds, using ${DEFAULT_ROTATE_SECONDS}`);
    return DEFAULT_ROTATE_SECONDS;
  }
  return seconds;
}

export function resolveTvConfig(values: TvUrlValues): ResolvedTvConfig {
  const notes: string[] = [];
  const pages = resolvePages(values.panels, notes);

  let window: TvWindow = DEFAULT_TV_WINDOW;
  if (values.window !== null && values.window !== undefined) {
    if (isTvWindow(values.window)) window = values.window;
    else notes.push(`window: expected one of ${Object.keys(TV_WINDOWS).join(', ')}, using ${DEFAULT_TV_WINDOW}`);
  }

  const region = resolveFilterName('region', values.region, notes);
  let carrier = resolveFilterName('carrier', values.carrier, notes);
  if (region !== null && carrier !== null) {
    notes.push('region, carrier: the wall filters by one of them, using the region');
    carrier = null;
  }

  let theme: TvTheme = DEFAULT_TV_THEME;
  if (values.theme !== null && values.theme !== undefined) {
    if (isTvTheme(values.theme)) theme = values.theme;
    else notes.push(`theme: expected one of ${TV_THEMES.join(', ')}, using ${DEFAULT_TV_THEME}`);
  }

  const thresholds = Object.fromEntries(
    THRESHOLD_PARAMETERS.map((parameter) => [parameter, resolveThreshold(parameter, values[parameter], notes)]),
  ) as unknown as TvThresholds;

  return {
    config: { pages, window, region, carrier, theme, rotateSeconds: resolveRotate(values.rotate, notes), thresholds },
    notes,
  };
}

/** What the wall subscribes to. */
export function tvSelectionOf(config: TvConfig): TvSelection {
  return { view: 'tv', window: config.window, region: config.region, carrier: config.carrier };
}
