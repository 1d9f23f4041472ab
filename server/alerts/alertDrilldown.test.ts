import { describe, expect, it } from 'vitest';
import { loadEventFilter } from '../../components/events/eventFilterParams';
import { defaultDrilldownPath } from './alertDrilldown';

const from = Date.parse('2025-03-01T10:00:00.000Z');
const to = Date.parse('2025-03-01T10:05:00.000Z');
const range = 'from=2025-03-01T10:00:00.000Z&to=2025-03-01T10:05:00.000Z';

describe('defaultDrilldownPath', () => {
  it('links the time range, narrowed by what the figure counts', () => {
    expect(defaultDrilldownPath('inputs', from, to)).toBe(`/events?${range}`);
    expect(defaultDrilldownPath('deadLetters.total', from, to)).toBe(`/events?${range}&outcome=deadLetter`);
    expect(defaultDrilldownPath('deadLetters.byReason.too_large', from, to)).toBe(`/events?${range}&outcome=deadLetter&reason=too_large`);
    expect(defaultDrilldownPath('errorRate', from, to)).toBe(`/events?${range}&outcome=deadLetter`);
    expect(defaultDrilldownPath('duplicates', from, to)).toBe(`/events?${range}&outcome=duplicate`);
    expect(defaultDrilldownPath('late', from, to)).toBe(`/events?${range}&outcome=late`);
    expect(defaultDrilldownPath('outOfOrder', from, to)).toBe(`/events?${range}&outcome=outOfOrder`);
    expect(defaultDrilldownPath('byRegion.eu west', from, to)).toBe(`/events?${range}&region=eu%20west`);
    expect(defaultDrilldownPath('byCarrier.dhl', from, to)).toBe(`/events?${range}&carrier=dhl`);
    expect(defaultDrilldownPath('byType.shipment.delivered', from, to)).toBe(`/events?${range}&type=shipment.delivered`);
    expect(defaultDrilldownPath('byFacility.HUB-1', from, to)).toBe(`/events?${range}&facility=HUB-1`);
  });

  it('is read back by the /events page as the same filter', () => {
    const filter = loadEventFilter(defaultDrilldownPath('deadLetters.byReason.too_large', from, to).split('?')[1] ?? '');
    expect(filter).toMatchObject({ from, to, outcome: ['deadLetter'], reason: ['too_large'] });
    expect(loadEventFilter(defaultDrilldownPath('byRegion.eu west', from, to).split('?')[1] ?? '')).toMatchObject({ region: ['eu west'] });
  });
});
