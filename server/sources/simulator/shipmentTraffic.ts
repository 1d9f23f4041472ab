import type { DeadLetterReason } from '../../../lib/contract/deadLetterReasons';
import { DATA_SCHEMA_V2, EXCEPTION_CODES, type EventType } from '../../../lib/contract/eventTypes';
import { SeededRandom } from './random';

/** One simulated input: the Kafka-style key and the raw body a producer would send. */
export interface SimulatedInput {
  key: string | null;
  body: string;
}

/** Probabilities, per generated input, of each kind of trouble real traffic has. */
export interface FaultMix {
  duplicate: number;
  outOfOrder: number;
  late: number;
  /** Share of producers still on data version 1. */
  versionOne: number;
  /** Share of producers already on a newer data version that stays readable. */
  futureVersion: number;
  malformed: number;
  exception: number;
  telemetry: number;
}

export const DEFAULT_FAULT_MIX: FaultMix = {
  duplicate: 0.01,
  outOfOrder: 0.01,
  late: 0.005,
  versionOne: 0.2,
  futureVersion: 0.02,
  malformed: 0.006,
  exception: 0.03,
  telemetry: 0.2,
};

export const CARRIERS = ['DHL', 'UPS', 'FedEx', 'PostNL', 'DPD', 'GLS'] as const;
export const FACILITIES = [
  { code: 'AMS-3', region: 'eu-west', lat: 52.31, lon: 4.76 },
  { code: 'RTM-1', region: 'eu-west', lat: 51.92, lon: 4.48 },
  { code: 'BRU-2', region: 'eu-west', lat: 50.9, lon: 4.48 },
  { code: 'FRA-1', region: 'eu-central', lat: 50.04, lon: 8.56 },
  { code: 'MUC-2', region: 'eu-central', lat: 48.35, lon: 11.79 },
  { code: 'LHR-4', region: 'uk', lat: 51.47, lon: -0.45 },
  { code: 'MAN-1', region: 'uk', lat: 53.36, lon: -2.27 },
  { code: 'JFK-2', region: 'us-east', lat: 40.64, lon: -73.78 },
  { code: 'EWR-1', region: 'us-east', lat: 40.69, lon: -74.17 },
  { code: 'LAX-5', region: 'us-west', lat: 33.94, lon: -118.41 },
  { code: 'SEA-1', region: 'us-west', lat: 47.45, lon: -122.31 },
  { code: 'SIN-1', region: 'apac', lat: 1.36, lon: 103.99 },
] as const;
type Facility = (typeof FACILITIES)[number];

/** The malformed inputs cycle through every reason a producer can cause. */
const MALFORMED_REASONS = [
  'invalid_json',
  'invalid_envelope',
  'schema_violation',
  'unsupported_schema',
  'too_large',
] as const satisfies readonly DeadLetterReason[];

interface Shipment {
  id: string;
  carrier: string;
  route: Facility[];
  /** Index of the next lifecycle step. */
  step: number;
  sequence: number;
  promisedAt: string;
  lastTime: number;
  producerVersion: 1 | 2 | 3;
}

const ACTIVE_SHIPMENTS = 400;

/**
 * Realistic shipment traffic: shipments move through their lifecycle across carriers,
 * regions and hubs, devices report telemetry, and a configurable mix of faults shows up.
 * Deterministic for a seed and a sequence of `now`s, so tests can rely on it.
 */
export class ShipmentTrafficGenerator {
  private readonly random: SeededRandom;
  private readonly faults: FaultMix;
  private readonly shipments: Shipment[] = [];
  private shipmentCounter = 0;
  private eventCounter = 0;
  private malformedCounter = 0;
  private lastEmitted: SimulatedInput | null = null;
  private held: SimulatedInput | null = null;
  private readonly runId: string;

  constructor(options: { seed?: number; faults?: Partial<FaultMix>; runId?: string } = {}) {
    this.random = new SeededRandom(options.seed ?? 1);
    this.faults = { ...DEFAULT_FAULT_MIX, ...options.faults };
    this.runId = options.runId ?? (options.seed ?? 1).toString(36);
  }

  /** `count` inputs at `now`, one after another: a simulator runner's traffic source. */
  take(count: number, now: number): SimulatedInput[] {
    const inputs: SimulatedInput[] = [];
    for (let i = 0; i < count; i += 1) inputs.push(this.next(now));
    return inputs;
  }

  next(now: number): SimulatedInput {
    const input = this.generate(now);
    this.lastEmitted = input;
    return input;
  }

  private generate(now: number): SimulatedInput {
    if (this.held) {
      const held = this.held;
      this.held = null;
      return held;
    }
    if (this.lastEmitted && this.random.chance(this.faults.duplicate)) return this.lastEmitted;
    if (this.random.chance(this.faults.malformed)) return this.malformed(now);
    const shipment = this.pickShipment(now);
    if (this.random.chance(this.faults.late)) {
      // A scanner that was offline for minutes sends its buffered reading.
      return this.telemetry(shipment, now - this.random.integer(60_000, 240_000));
    }
    if (this.random.chance(this.faults.telemetry)) return this.telemetry(shipment, this.eventTime(now));
    if (this.random.chance(this.faults.outOfOrder)) {
      // Two scans of one shipment overtake each other on the way in.
      const first = this.advance(shipment, this.eventTime(now));
      const second = this.advance(shipment, this.eventTime(now));
      this.held = first;
      return second;
    }
    return this.advance(shipment, this.eventTime(now));
  }

  /** Most events arrive within a second; some scanners batch uploads for several. */
  private eventTime(now: number): number {
    const delay = this.random.chance(0.9) ? this.random.integer(20, 900) : this.random.integer(1_000, 12_000);
    return now - delay;
  }

  private pickShipment(now: number): Shipment {
    if (this.shipments.length < ACTIVE_SHIPMENTS && (this.shipments.length === 0 || this.random.chance(0.2))) {
      return this.createShipment(now);
    }
    return this.random.pick(this.shipments);
  }

  private createShipment(now: number): Shipment {
    this.shipmentCounter += 1;
    const origin = this.random.pick(FACILITIES);
    const hubs = [origin, this.random.pick(FACILITIES)];
    if (this.random.chance(0.4)) hubs.push(this.random.pick(FACILITIES));
    const versionRoll = this.random.next();
    const shipment: Shipment = {
      id: `SHP-${this.runId}-${this.shipmentCounter.toString().padStart(6, '0')}`,
      carrier: this.random.pick(CARRIERS),
      route: hubs,
      step: 0,
      sequence: 0,
      promisedAt: new Date(now + this.random.integer(40_000, 120_000)).toISOString(),
      lastTime: now,
      producerVersion:
        versionRoll < this.faults.versionOne ? 1 : versionRoll < this.faults.versionOne + this.faults.futureVersion ? 3 : 2,
    };
    this.shipments.push(shipment);
    return shipment;
  }

  /** The lifecycle: created, picked up, through each hub, out for delivery, delivered. */
  private stepType(shipment: Shipment): { type: EventType; facility: Facility } {
    const hubSteps = shipment.route.length * 2;
    const step = shipment.step;
    if (step === 0) return { type: 'shipment.created', facility: shipment.route[0]! };
    if (step === 1) return { type: 'shipment.picked_up', facility: shipment.route[0]! };
    if (step < 2 + hubSteps) {
      const hub = shipment.route[Math.floor((step - 2) / 2)]!;
      return { type: (step - 2) % 2 === 0 ? 'shipment.arrived_at_hub' : 'shipment.departed_hub', facility: hub };
    }
    const last = shipment.route[shipment.route.length - 1]!;
    if (step === 2 + hubSteps) return { type: 'shipment.out_for_delivery', facility: last };
    return { type: 'shipment.delivered', facility: last };
  }

  private advance(shipment: Shipment, time: number): SimulatedInput {
    const planned = this.stepType(shipment);
    const facility = planned.facility;
    let type = planned.type;
    let exceptionCode: string | undefined;
    if (shipment.step > 0 && this.random.chance(this.faults.exception)) {
      type = 'shipment.exception';
      exceptionCode = this.random.pick(EXCEPTION_CODES);
    } else {
      shipment.step += 1;
    }
    shipment.sequence += 1;
    shipment.lastTime = time;
    const source = `/hubs/${facility.code}/scanner-${this.random.integer(1, 24)}`;
    const input = this.event(shipment, type, time, source, facility, {
      promisedAt: type === 'shipment.created' ? shipment.promisedAt : undefined,
      exceptionCode,
      sequence: shipment.sequence,
    });
    if (type === 'shipment.delivered') this.retire(shipment);
    return input;
  }

  private telemetry(shipment: Shipment, time: number): SimulatedInput {
    const facility = shipment.route[Math.min(shipment.route.length - 1, Math.floor(shipment.step / 3))]!;
    const temperatureC = Math.round((4 + this.random.next() * 6 - (this.random.chance(0.01) ? -12 : 0)) * 10) / 10;
    return this.event(shipment, 'device.telemetry', time, `/devices/tracker-${shipment.id.slice(-4)}`, facility, {
      temperatureC,
      batteryPct: this.random.integer(5, 100),
    });
  }

  private event(
    shipment: Shipment,
    type: EventType,
    time: number,
    source: string,
    facility: Facility,
    extra: { promisedAt?: string; exceptionCode?: string; sequence?: number; temperatureC?: number; batteryPct?: number },
  ): SimulatedInput {
    this.eventCounter += 1;
    const envelope: Record<string, unknown> = {
      specversion: '1.0',
      id: `${this.runId}-${this.eventCounter}`,
      source,
      type,
      time: new Date(time).toISOString(),
      subject: shipment.id,
      datacontenttype: 'application/json',
    };
    if (extra.sequence !== undefined) envelope.sequence = String(extra.sequence);
    // Most producers propagate W3C trace context (the CloudEvents tracing extension).
    if (this.random.chance(0.8)) envelope.traceparent = this.traceparent();
    if (shipment.producerVersion === 1) {
      envelope.data = compact({
        carrier: shipment.carrier,
        hub: facility.code,
        region: facility.region,
        lat: facility.lat,
        lon: facility.lon,
        promisedAt: extra.promisedAt,
        exceptionCode: extra.exceptionCode,
        temperatureC: extra.temperatureC,
      });
    } else {
      envelope.dataschema = shipment.producerVersion === 3 ? 'urn:waybill:shipment:3' : DATA_SCHEMA_V2;
      envelope.data = compact({
        carrier: shipment.carrier,
        facility: { code: facility.code, region: facility.region },
        geo: { lat: facility.lat, lon: facility.lon },
        promisedAt: extra.promisedAt,
        exceptionCode: extra.exceptionCode,
        temperatureC: extra.temperatureC,
        batteryPct: extra.batteryPct,
        ...(shipment.producerVersion === 3 ? { handlingUnits: this.random.integer(1, 4) } : {}),
      });
    }
    return { key: shipment.id, body: JSON.stringify(envelope) };
  }

  private traceparent(): string {
    const hex = (digits: number) => {
      let text = '';
      while (text.length < digits) text += Math.floor(this.random.next() * 0x100000000).toString(16).padStart(8, '0');
      return text.slice(0, digits);
    };
    return `00-${hex(32)}-${hex(16)}-01`;
  }

  private retire(shipment: Shipment): void {
    const index = this.shipments.indexOf(shipment);
    if (index >= 0) this.shipments.splice(index, 1);
  }

  private malformed(now: number): SimulatedInput {
    const reason = MALFORMED_REASONS[this.malformedCounter % MALFORMED_REASONS.length]!;
    this.malformedCounter += 1;
    const shipment = this.pickShipment(now);
    const valid = JSON.parse(this.telemetry(shipment, this.eventTime(now)).body) as Record<string, unknown>;
    switch (reason) {
      case 'invalid_json':
        return { key: shipment.id, body: JSON.stringify(valid).slice(0, 57) };
      case 'invalid_envelope':
        return { key: shipment.id, body: JSON.stringify({ ...valid, time: 'yesterday at noon' }) };
      case 'schema_violation':
        return { key: shipment.id, body: JSON.stringify({ ...valid, type: 'shipment.teleported' }) };
      case 'unsupported_schema':
        return {
          key: shipment.id,
          body: JSON.stringify({ ...valid, dataschema: 'urn:waybill:shipment:4', data: { carrierRef: { scac: 'DHLX' }, site: 'AMS' } }),
        };
      case 'too_large':
        return { key: shipment.id, body: JSON.stringify({ ...valid, diagnostics: 'x'.repeat(70 * 1024) }) };
    }
  }
}

function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
