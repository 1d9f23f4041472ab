import { describe, expect, it } from 'vitest';
import {
  bucketRange,
  countedSeconds,
  countedEvents,
  deadLetters,
  DUPLICATES,
  eventsHref,
  EXCEPTIONS,
  LATE,
  OUT_OF_ORDER,
} from './drillDownLinks';

const bucket = bucketRange(1_764_582_120_000, 5_000);

describe('eventsHref', () => {
  it('opens the events of one type and region counted in a bucket, by event time', () => {
    expect(eventsHref(countedEvents({ type: ['shipment.exception'], region: ['eu-west'] }), bucket)).toBe(
      '/events?from=1764582120000&to=1764582125000&time=event&type=shipment.exception&region=eu-west&outcome=ok,outOfOrder',
    );
  });

  it('counts a carrier\'s events by event time', () => {
    expect(eventsHref(countedEvents({ carrier: ['PostNL'] }), bucket)).toBe(
      '/events?from=1764582120000&to=1764582125000&time=event&carrier=PostNL&outcome=ok,outOfOrder',
    );
  });

  it('opens the dead letters of a reason by append time', () => {
    expect(eventsHref(deadLetters('too_large'), bucket)).toBe(
      '/events?from=1764582120000&to=1764582125000&time=append&outcome=deadLetter&reason=too_large',
    );
    expect(eventsHref(deadLetters(), bucket)).toBe('/events?from=1764582120000&to=1764582125000&time=append&outcome=deadLetter');
  });

  it('finds late events by append time, since they change no bucket', () => {
    expect(eventsHref(LATE, bucket)).toBe('/events?from=1764582120000&to=1764582125000&time=append&outcome=late');
  });

  it('finds duplicates and out-of-order events by event time, as they are counted', () => {
    expect(eventsHref(DUPLICATES, bucket)).toContain('time=event&outcome=duplicate');
    expect(eventsHref(OUT_OF_ORDER, bucket)).toContain('time=event&outcome=outOfOrder');
  });

  it('counts exceptions as events of the exception type', () => {
    expect(eventsHref(EXCEPTIONS, bucket)).toContain('time=event&type=shipment.exception&outcome=ok,outOfOrder');
  });

  it('escapes values but keeps the commas between them', () => {
    expect(eventsHref(countedEvents({ carrier: ['Royal Mail', 'A&B'] }), bucket)).toContain('carrier=Royal%20Mail,A%26B');
  });

  it('rounds a range outwards to whole milliseconds', () => {
    expect(eventsHref(LATE, { from: 10.6, to: 20.2 })).toMatch(/^\/events\?from=10&to=21&/);
  });
});

describe('countedSeconds', () => {
  it('covers the seconds a summary over the range counts', () => {
    expect(countedSeconds(10_400, 70_400)).toEqual({ from: 10_000, to: 71_000 });
    expect(countedSeconds(10_000, 70_999)).toEqual({ from: 10_000, to: 71_000 });
  });
});
