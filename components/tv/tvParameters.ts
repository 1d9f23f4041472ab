import { DEFAULT_TV_WINDOW, TV_WINDOWS } from '../../lib/live';
import { DEFAULT_ROTATE_SECONDS, DEFAULT_TV_THRESHOLDS, MAX_ROTATE_SECONDS, MIN_ROTATE_SECONDS, PAGE_SEPARATOR, THRESHOLD_OFF, tvHref, type TvUrlParameter } from './tvConfig';
import { TV_PANELS } from './tvPanels';
import { DEFAULT_TV_THEME, TV_THEMES } from './tvThemes';
import { TOKEN_PARAMETER } from './addressToken';

/** One parameter of a wall's link, as the help page lists it. */
export interface TvParameterDoc {
  name: TvUrlParameter | typeof TOKEN_PARAMETER;
  meaning: string;
  defaultValue: string;
  example: string;
}

const offNote = `; “${THRESHOLD_OFF}” for none`;

export const TV_PARAMETER_DOCS: readonly TvParameterDoc[] = [
  {
    name: 'panels',
    meaning: `Which panels, in which order (comma-separated). “${PAGE_SEPARATOR}” starts another page; pages are shown in turn. Panels: ${TV_PANELS.join(', ')}.`,
    defaultValue: `all, on one page`,
    example: tvHref('/tv', { panels: `throughput,latency,errorRate${PAGE_SEPARATOR}exceptions,regions,pipeline` }),
  },
  {
    name: 'rotate',
    meaning: `Seconds each page is shown when there are several (${MIN_ROTATE_SECONDS} to ${MAX_ROTATE_SECONDS}).`,
    defaultValue: String(DEFAULT_ROTATE_SECONDS),
    example: tvHref('/tv', { panels: `throughput,latency${PAGE_SEPARATOR}regions`, rotate: '15' }),
  },
  {
    name: 'window',
    meaning: `How far back the figures look; each trend compares with the window before. One of ${Object.keys(TV_WINDOWS).join(', ')}.`,
    defaultValue: DEFAULT_TV_WINDOW,
    example: tvHref('/tv', { window: '15m' }),
  },
  {
    name: 'region',
    meaning: 'Throughput of this region only, and its row marked in the breakdown; the other panels say they count all regions.',
    defaultValue: 'all traffic',
    example: tvHref('/tv', { region: 'eu-west' }),
  },
  {
    name: 'carrier',
    meaning: 'Throughput of this carrier only; the other panels say they count all carriers. Not together with region.',
    defaultValue: 'all traffic',
    example: tvHref('/tv', { carrier: 'DHL', panels: 'throughput,pipeline' }),
  },
  {
    name: 'theme',
    meaning: `Colours: ${TV_THEMES.join(' (high-contrast, for a dim room), ')} (for a bright room).`,
    defaultValue: DEFAULT_TV_THEME,
    example: tvHref('/tv', { theme: 'light' }),
  },
  {
    name: 'throughputMin',
    meaning: `Events per second below which throughput turns to warning: a feed that dried up${offNote}.`,
    defaultValue: 'none',
    example: tvHref('/tv', { throughputMin: '50' }),
  },
  {
    name: 'latencyWarnMs',
    meaning: `Latency p95 in milliseconds above which it turns to warning${offNote}.`,
    defaultValue: String(DEFAULT_TV_THRESHOLDS.latencyWarnMs),
    example: tvHref('/tv', { latencyWarnMs: '2000' }),
  },
  {
    name: 'errorRateWarn',
    meaning: `Error rate in percent (1 means 1 %) above which it turns to warning${offNote}.`,
    defaultValue: String((DEFAULT_TV_THRESHOLDS.errorRateWarn ?? 0) * 100),
    example: tvHref('/tv', { errorRateWarn: '0.5' }),
  },
  {
    name: 'deadLettersWarn',
    meaning: `Dead letters in the window above which the panel turns to warning${offNote}.`,
    defaultValue: String(DEFAULT_TV_THRESHOLDS.deadLettersWarn),
    example: tvHref('/tv', { deadLettersWarn: '10' }),
  },
  {
    name: 'exceptionsWarn',
    meaning: `Exceptions in the window above which the panel turns to warning${offNote}.`,
    defaultValue: 'none',
    example: tvHref('/tv', { exceptionsWarn: '25' }),
  },
  {
    name: 'lagWarn',
    meaning: `Records the pipeline may trail the log by before its panel turns to warning${offNote}.`,
    defaultValue: 'none',
    example: tvHref('/tv', { lagWarn: '10000' }),
  },
  {
    name: TOKEN_PARAMETER,
    meaning: 'The viewer token, for a server with roles configured. Kept for the browser session and removed from the address bar at once.',
    defaultValue: 'none',
    example: '/tv?token=…',
  },
];
