import { describe, expect, it } from 'vitest';
import { DEAD_LETTER_REASONS } from '../../lib/contract/deadLetterReasons';
import { EVENT_TYPES } from '../../lib/contract/eventTypes';
import { OTHER_SERIES_COLOR } from './seriesColors';
import { paletteSlotOf, valueColor } from './valueColors';

describe('valueColor', () => {
  it('gives a value the same colour whatever order the values come in', () => {
    const values = ['eu-west', 'us-east', 'mars-north', 'apac', 'atlantis'];
    const forward = Object.fromEntries(values.map((value) => [value, valueColor('region', value)]));
    const backward = Object.fromEntries([...values].reverse().map((value) => [value, valueColor('region', value)]));
    expect(backward).toEqual(forward);
  });

  it('keeps the colour of a value nobody listed from one call to the next', () => {
    expect(valueColor('carrier', 'Acme Freight')).toBe(valueColor('carrier', 'Acme Freight'));
  });

  it('gives the contract\'s event types and dead-letter reasons distinct colours', () => {
    expect(new Set(EVENT_TYPES.map((type) => valueColor('type', type))).size).toBe(EVENT_TYPES.length);
    expect(new Set(DEAD_LETTER_REASONS.map((reason) => valueColor('reason', reason))).size).toBe(DEAD_LETTER_REASONS.length);
  });

  it('gives the usual regions and carriers distinct slots', () => {
    const regions = ['eu-west', 'eu-central', 'uk', 'us-east', 'us-west', 'apac'];
    const carriers = ['DHL', 'UPS', 'FedEx', 'PostNL', 'DPD', 'GLS'];
    expect(new Set(regions.map((region) => paletteSlotOf('region', region))).size).toBe(regions.length);
    expect(new Set(carriers.map((carrier) => paletteSlotOf('carrier', carrier))).size).toBe(carriers.length);
  });

  it('draws the folded "other" values in the neutral colour', () => {
    expect(valueColor('region', 'other')).toBe(OTHER_SERIES_COLOR);
  });
});
