/** The shipment event types of the contract (DESIGN.md section 3). */
export const EVENT_TYPES = [
  'shipment.created',
  'shipment.picked_up',
  'shipment.arrived_at_hub',
  'shipment.departed_hub',
  'shipment.out_for_delivery',
  'shipment.delivered',
  'shipment.exception',
  'device.telemetry',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const eventTypeSet: ReadonlySet<string> = new Set(EVENT_TYPES);
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && eventTypeSet.has(value);
}

export const EXCEPTION_CODES = [
  'DAMAGED',
  'DELAYED',
  'ADDRESS_ISSUE',
  'LOST',
  'CUSTOMS_HOLD',
  'TEMPERATURE_EXCURSION',
] as const;
export type ExceptionCode = (typeof EXCEPTION_CODES)[number];

export const DATA_SCHEMA_V1 = 'urn:waybill:shipment:1';
export const DATA_SCHEMA_V2 = 'urn:waybill:shipment:2';
/** The highest data version this build knows; anything above is read tolerantly as this. */
export const CURRENT_DATA_VERSION = 2;

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';
export const CLOUDEVENTS_BATCH_CONTENT_TYPE = 'application/cloudevents-batch+json';
export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';
