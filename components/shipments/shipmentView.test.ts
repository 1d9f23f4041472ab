import { describe, expect, it } from 'vitest';
import type { ShipmentTimelineEvent } from '../../lib/events';
import { anomalyCounts, legsByDestination, slaUnknownReason, slaVerdict } from './shipmentView';

function timelineEvent(ref: string, anomalies: ShipmentTimelineEvent['anomalies']): ShipmentTimelineEvent {
  return {
    ref,
    outcome: 'ok',
    type: 'shipment.arrived_at_hub',
    eventTime: 0,
    appendTime: 0,
    sequence: null,
    source: null,
    id: null,
    region: null,
    facility: null,
    carrier: null,
    anomalies,
  };
}

describe('slaVerdict', () => {
  it('is on time, breached, or unknown with the reason why', () => {
    expect(slaVerdict({ slaBreached: false })).toBe('onTime');
    expect(slaVerdict({ slaBreached: true })).toBe('breached');
    expect(slaVerdict({ slaBreached: null })).toBe('unknown');
    expect(slaUnknownReason({ slaBreached: null, promisedAt: null, deliveredAt: 5 })).toBe('no delivery promise was sent');
    expect(slaUnknownReason({ slaBreached: null, promisedAt: 5, deliveredAt: null })).toBe('not delivered yet');
    expect(slaUnknownReason({ slaBreached: true, promisedAt: 5, deliveredAt: 6 })).toBeNull();
  });
});

describe('legsByDestination', () => {
  it('finds the leg that ends at an event', () => {
    const leg = { fromRef: 'p0-o1', toRef: 'p0-o2', fromType: 'a', toType: 'b', fromFacility: null, toFacility: null, durationMs: 1 };
    expect(legsByDestination([leg]).get('p0-o2')).toBe(leg);
    expect(legsByDestination([leg]).get('p0-o1')).toBeUndefined();
  });
});

describe('anomalyCounts', () => {
  it('counts each anomaly over the events', () => {
    const counts = anomalyCounts({ events: [timelineEvent('a', ['outOfOrder']), timelineEvent('b', ['outOfOrder', 'sequenceGap']), timelineEvent('c', [])] });
    expect(counts).toEqual({ outOfOrder: 2, sequenceGap: 1 });
  });
});
