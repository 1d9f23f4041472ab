import type { ShipmentDataV1, ShipmentDataV2 } from '../../lib/contract/schemas';

/** Version 1 producers send flat fields; everything downstream reads version 2. */
export function upcastV1ToV2(data: ShipmentDataV1): ShipmentDataV2 {
  const upcast: ShipmentDataV2 = {
    carrier: data.carrier,
    facility: { code: data.hub, region: data.region },
  };
  if (data.lat !== undefined && data.lon !== undefined) upcast.geo = { lat: data.lat, lon: data.lon };
  if (data.promisedAt !== undefined) upcast.promisedAt = data.promisedAt;
  if (data.exceptionCode !== undefined) upcast.exceptionCode = data.exceptionCode;
  if (data.temperatureC !== undefined) upcast.temperatureC = data.temperatureC;
  return upcast;
}
