import { DEAD_LETTER_REASONS } from '../../lib/contract/deadLetterReasons';
import { EVENT_TYPES } from '../../lib/contract/eventTypes';
import { OTHER_DIMENSION_VALUE } from '../../lib/summary';
import { OTHER_SERIES_COLOR, SERIES_COLORS } from './seriesColors';

/*
 * A named value keeps its colour wherever and whenever it appears: on every chart, in
 * every window, whatever its rank. The values Waybill knows (the contract's types and
 * dead-letter reasons, the regions and carriers of a usual fleet) own fixed palette
 * slots, so the common ones never share a colour; any other value is hashed into the
 * palette, which is stable but may collide.
 */

/** The kinds of value a chart colours by. */
export type ColoredDimension = 'type' | 'region' | 'carrier' | 'reason';

const KNOWN_VALUES: Record<ColoredDimension, readonly string[]> = {
  type: EVENT_TYPES,
  region: ['eu-west', 'eu-central', 'uk', 'us-east', 'us-west', 'apac', 'latam', 'mea'],
  carrier: ['DHL', 'UPS', 'FedEx', 'PostNL', 'DPD', 'GLS', 'USPS', 'Royal Mail'],
  reason: DEAD_LETTER_REASONS,
};

/** FNV-1a: small, fast and well spread for short strings. */
function hashOf(value: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < value.length; index += 1) {
    hash ^= value.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function paletteSlotOf(dimension: ColoredDimension, value: string): number {
  const known = KNOWN_VALUES[dimension].indexOf(value);
  return known >= 0 ? known % SERIES_COLORS.length : hashOf(value) % SERIES_COLORS.length;
}

/** The colour of one value of a dimension; the folded "other" values are neutral. */
export function valueColor(dimension: ColoredDimension, value: string): string {
  if (value === OTHER_DIMENSION_VALUE) return OTHER_SERIES_COLOR;
  return SERIES_COLORS[paletteSlotOf(dimension, value)] ?? OTHER_SERIES_COLOR;
}
