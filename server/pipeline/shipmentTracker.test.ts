import { describe, expect, it } from 'vitest';
import type { ShipmentEvent } from './shipmentEvent';
import { ShipmentTracker } from './shipmentTracker';
import { T0 } from './testing';

function shipmentEvent(overrides: Partial<ShipmentEvent> = {}): ShipmentEvent {
  return {
    id: 'evt-1',
    source: '/hubs/AMS-3/scanner-12',
    type: 'shipment.arrived_at_hub',
    time: T0,
    subject: 'SHP-1',
    sequence: null,
    dataVersion: 2,
    traceparent: null,
    data: { carrier: 'DHL', facility: { code: 'AMS-3', region: 'eu-west' } },
    promisedAt: null,
    ...overrides,
  };
}

const RETENTION_MS = 60_000;

describe('ShipmentTracker: keys', () => {
  it('recognises a key within its shipment only, and the same id from another source as new', () => {
    const tracker = new ShipmentTracker(RETENTION_MS);
    expect(tracker.admit(shipmentEvent(), T0)).not.toBeNull();
    expect(tracker.admit(shipmentEvent(), T0 + 1)).toBeNull();
    expect(tracker.admit(shipmentEvent({ source: '/hubs/AMS-3/scanner-13' }), T0 + 2)).not.toBeNull();
    expect(tracker.admit(shipmentEvent({ subject: 'SHP-2' }), T0 + 3)).not.toBeNull();
    expect(tracker.size).toBe(2);
  });

  it('recognises every key of a shipment with thousands of events, before and after it turns busy', () => {
    const tracker = new ShipmentTracker(RETENTION_MS);
    for (let i = 0; i < 5_000; i += 1) expect(tracker.admit(shipmentEvent({ id: `r-${i}` }), T0 + i)).not.toBeNull();
    for (const i of [0, 1, 31, 32, 33, 4_999]) expect(tracker.admit(shipmentEvent({ id: `r-${i}` }), T0 + 5_000)).toBeNull();
    // Another busy shipment's keys live in the same index and must not be confused with these.
    for (let i = 0; i < 100; i += 1) expect(tracker.admit(shipmentEvent({ id: `r-${i}`, subject: 'SHP-2' }), T0 + 5_001)).not.toBeNull();
  });
});

describe('ShipmentTracker: retention', () => {
  it('forgets a shipment exactly when its last append falls out of the retention', () => {
    const tracker = new ShipmentTracker(RETENTION_MS);
    tracker.admit(shipmentEvent({ sequence: 5 }), T0);
    // Still held at the edge: a copy is a duplicate.
    expect(tracker.admit(shipmentEvent({ sequence: 5 }), T0 + RETENTION_MS)).toBeNull();
    // One millisecond later it is forgotten: the copy is new, and sequence 3 is no longer out of order.
    expect(tracker.admit(shipmentEvent({ sequence: 5 }), T0 + RETENTION_MS + 1)).not.toBeNull();
    expect(tracker.admit(shipmentEvent({ id: 'evt-2', sequence: 3 }), T0 + RETENTION_MS + 2)!.outOfOrder).toBe(true);
  });

  it('reclaims expired shipments and their keys as it goes, so memory follows the retention, not the traffic', () => {
    const tracker = new ShipmentTracker(RETENTION_MS);
    const feedMinute = (minute: number) => {
      for (let i = 0; i < 20_000; i += 1) {
        const appendTime = T0 + minute * RETENTION_MS + i;
        tracker.admit(shipmentEvent({ id: `m${minute}-${i}`, subject: `S-${minute}-${i % 2_000}` }), appendTime);
      }
    };
    feedMinute(0);
    feedMinute(1);
    const bytesAfterTwo = tracker.byteLength;
    for (let minute = 2; minute < 12; minute += 1) feedMinute(minute);
    // Five times the traffic again, all of it new shipments: the sweep keeps what is held to
    // about two minutes' worth, and the pages are reused (the subject index's segments may
    // each still double once as their shares even out).
    expect(tracker.size).toBeLessThanOrEqual(2 * 2_000);
    expect(tracker.byteLength).toBeLessThanOrEqual(bytesAfterTwo * 1.1);
  });
});

describe('ShipmentTracker: what shipments tell', () => {
  it('gives legs, lead time, SLA and sequence gaps as before', () => {
    const tracker = new ShipmentTracker(RETENTION_MS);
    const created = tracker.admit(
      shipmentEvent({ id: 'c', type: 'shipment.created', time: T0, sequence: 1, promisedAt: T0 + 10_000 }),
      T0,
    )!;
    expect(created).toMatchObject({ legDurationMs: null, sequenceGap: false });
    const hop = tracker.admit(shipmentEvent({ id: 'h', time: T0 + 4_000, sequence: 3 }), T0 + 4_000)!;
    expect(hop).toMatchObject({ legDurationMs: 4_000, sequenceGap: true, outOfOrder: false });
    const telemetry = tracker.admit(shipmentEvent({ id: 't', type: 'device.telemetry', time: T0 + 5_000 }), T0 + 5_000)!;
    expect(telemetry.legDurationMs).toBeNull();
    const delivered = tracker.admit(shipmentEvent({ id: 'd', type: 'shipment.delivered', time: T0 + 12_000, sequence: 4 }), T0 + 12_000)!;
    expect(delivered).toMatchObject({ delivered: true, leadTimeMs: 12_000, slaBreached: true, legDurationMs: 8_000 });
  });
});
