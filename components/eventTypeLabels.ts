import type { EventType } from '../lib/contract/eventTypes';

export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  'shipment.created': 'Created',
  'shipment.picked_up': 'Picked up',
  'shipment.arrived_at_hub': 'Arrived at hub',
  'shipment.departed_hub': 'Departed hub',
  'shipment.out_for_delivery': 'Out for delivery',
  'shipment.delivered': 'Delivered',
  'shipment.exception': 'Exception',
  'device.telemetry': 'Telemetry',
};
