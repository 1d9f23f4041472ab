import { describe, expect, it } from 'vitest';
import { DEFAULT_ROTATE_SECONDS, DEFAULT_TV_PAGES, DEFAULT_TV_THRESHOLDS, resolveTvConfig, tvHref, tvSelectionOf } from './tvConfig';
import { TV_PANELS } from './tvPanels';

describe('resolveTvConfig', () => {
  it('shows every panel on one page, dark, over the last minute, without a link', () => {
    const { config, notes } = resolveTvConfig({});
    expect(config).toEqual({
      pages: [[...TV_PANELS]],
      window: '1m',
      region: null,
      carrier: null,
      theme: 'dark',
      rotateSeconds: DEFAULT_ROTATE_SECONDS,
      thresholds: DEFAULT_TV_THRESHOLDS,
    });
    expect(notes).toEqual([]);
  });

  it('reads panels in their order, pages separated by |', () => {
    const { config, notes } = resolveTvConfig({ panels: 'latency,throughput|exceptions, regions' });
    expect(config.pages).toEqual([['latency', 'throughput'], ['exceptions', 'regions']]);
    expect(notes).toEqual([]);
  });

  it('drops unknown panels, repeats within a page and empty pages, and names the unknown ones', () => {
    const { config, notes } = resolveTvConfig({ panels: 'throughput,bogus,throughput||pipeline,' });
    expect(config.pages).toEqual([['throughput'], ['pipeline']]);
    expect(notes).toEqual(['panels: no panel called “bogus”']);
  });

  it('shows all panels when none of the named ones exists', () => {
    const { config, notes } = resolveTvConfig({ panels: 'nope|' });
    expect(config.pages).toEqual(DEFAULT_TV_PAGES);
    expect(notes).toHaveLength(2);
  });

  it('takes a window, a region, a theme and a rotation', () => {
    const { config, notes } = resolveTvConfig({ window: '15m', region: ' eu-west ', theme: 'light', rotate: '12' });
    expect(config).toMatchObject({ window: '15m', region: 'eu-west', carrier: null, theme: 'light', rotateSeconds: 12 });
    expect(tvSelectionOf(config)).toEqual({ view: 'tv', window: '15m', region: 'eu-west', carrier: null });
    expect(notes).toEqual([]);
  });

  it('falls back to defaults for values it cannot use, with a note for each', () => {
    const { config, notes } = resolveTvConfig({ window: '2h', theme: 'neon', rotate: '1', region: '', latencyWarnMs: 'fast' });
    expect(config).toMatchObject({ window: '1m', theme: 'dark', rotateSeconds: DEFAULT_ROTATE_SECONDS, region: null });
    expect(config.thresholds.latencyWarnMs).toBe(DEFAULT_TV_THRESHOLDS.latencyWarnMs);
    expect(notes.map((note) => note.split(':')[0])).toEqual(['window', 'region', 'theme', 'latencyWarnMs', 'rotate']);
  });

  it('filters by region or by carrier, never both', () => {
    expect(resolveTvConfig({ carrier: 'DHL' }).config).toMatchObject({ region: null, carrier: 'DHL' });
    const both = resolveTvConfig({ region: 'uk', carrier: 'DHL' });
    expect(both.config).toMatchObject({ region: 'uk', carrier: null });
    expect(both.notes).toEqual(['region, carrier: the wall filters by one of them, using the region']);
    expect(resolveTvConfig({ region: 'x'.repeat(201) }).config.region).toBeNull();
  });

  it('reads thresholds as numbers, the error rate in percent, and “off” as no threshold', () => {
    const { config, notes } = resolveTvConfig({
      throughputMin: '50',
      latencyWarnMs: '1500',
      errorRateWarn: '2.5',
      deadLettersWarn: 'off',
      exceptionsWarn: '10',
      lagWarn: '-3',
    });
    expect(config.thresholds).toEqual({
      throughputMin: 50,
      latencyWarnMs: 1_500,
      errorRateWarn: 0.025,
      deadLettersWarn: null,
      exceptionsWarn: 10,
      lagWarn: DEFAULT_TV_THRESHOLDS.lagWarn,
    });
    expect(notes).toEqual(['lagWarn: “-3” is not a number ≥ 0 or “off”, using the default']);
  });
});

describe('tvHref', () => {
  it('writes a link the wall reads back', () => {
    const href = tvHref('/tv', { panels: 'throughput,latency|regions', region: 'eu-west', rotate: '20' });
    const query = new URLSearchParams(href.split('?')[1]);
    expect(href.startsWith('/tv?')).toBe(true);
    expect(resolveTvConfig(Object.fromEntries(query)).config).toMatchObject({
      pages: [['throughput', 'latency'], ['regions']],
      region: 'eu-west',
      rotateSeconds: 20,
    });
  });
});
