import { describe, expect, it } from 'vitest';
import { EMPTY_EVENT_FILTER, activeFilterCount, eventFilterSearchParams, eventsHref, loadEventFilter, serializeEventFilter } from './eventFilterParams';

describe('the /events URL', () => {
  it('reads the example link of a chart bucket as the whole filter', () => {
    const filter = loadEventFilter('?from=1764582120000&to=1764582125000&time=event&type=shipment.exception&region=eu-west');
    expect(filter).toEqual({
      ...EMPTY_EVENT_FILTER,
      from: 1764582120000,
      to: 1764582125000,
      time: 'event',
      type: ['shipment.exception'],
      region: ['eu-west'],
    });
  });

  it('reads comma lists for every multi-valued filter', () => {
    const filter = loadEventFilter(
      '?type=shipment.created,shipment.delivered&region=eu-west,uk&carrier=DHL,UPS&facility=AMS-3&outcome=late,deadLetter&reason=invalid_json,too_large',
    );
    expect(filter.type).toEqual(['shipment.created', 'shipment.delivered']);
    expect(filter.region).toEqual(['eu-west', 'uk']);
    expect(filter.carrier).toEqual(['DHL', 'UPS']);
    expect(filter.facility).toEqual(['AMS-3']);
    expect(filter.outcome).toEqual(['late', 'deadLetter']);
    expect(filter.reason).toEqual(['invalid_json', 'too_large']);
  });

  it('takes ISO 8601 instants as the API does and writes them back as epoch ms', () => {
    const filter = loadEventFilter('?from=2025-12-01T09:42:00.000Z');
    expect(filter.from).toBe(Date.parse('2025-12-01T09:42:00.000Z'));
    expect(serializeEventFilter(filter)).toBe(`?from=${Date.parse('2025-12-01T09:42:00.000Z')}`);
  });

  it('ignores values outside the closed sets and an unknown time basis', () => {
    const filter = loadEventFilter('?type=shipment.teleported,shipment.created&outcome=maybe&time=wallclock&from=soon');
    expect(filter.type).toEqual(['shipment.created']);
    expect(filter.outcome).toEqual([]);
    expect(filter.time).toBe('append');
    expect(filter.from).toBeNull();
  });

  it('round-trips every filter through its query string', () => {
    const filter = {
      ...EMPTY_EVENT_FILTER,
      from: 1,
      to: 2,
      time: 'event' as const,
      type: ['device.telemetry' as const],
      region: ['eu-west', 'uk'],
      carrier: ['DHL'],
      facility: ['AMS-3', 'LHR-4'],
      subject: 'SHP-1',
      source: '/hubs/AMS-3/scanner-1',
      outcome: ['ok' as const, 'duplicate' as const],
      reason: ['schema_violation' as const],
    };
    expect(loadEventFilter(serializeEventFilter(filter))).toEqual(filter);
  });

  it('leaves defaults and blanks out, so an empty filter is a bare /events', () => {
    expect(serializeEventFilter(EMPTY_EVENT_FILTER)).toBe('');
    expect(serializeEventFilter({ ...EMPTY_EVENT_FILTER, subject: '  ', region: ['', ' '] })).toBe('');
    expect(eventsHref({})).toBe('/events');
    expect(eventsHref({ subject: 'SHP-9' })).toBe('/events?subject=SHP-9');
  });

  it('adds paging parameters after the filter for the API call', () => {
    const params = eventFilterSearchParams({ ...EMPTY_EVENT_FILTER, outcome: ['late'] }, { cursor: 'abc', limit: 500, format: null });
    expect(params.get('outcome')).toBe('late');
    expect(params.get('cursor')).toBe('abc');
    expect(params.get('limit')).toBe('500');
    expect(params.has('format')).toBe(false);
  });

  it('counts a time range as one filter', () => {
    expect(activeFilterCount(EMPTY_EVENT_FILTER)).toBe(0);
    expect(activeFilterCount({ ...EMPTY_EVENT_FILTER, from: 1, to: 2, region: ['uk'], subject: 'A' })).toBe(3);
  });
});
