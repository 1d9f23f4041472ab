import { OTHER_DIMENSION_VALUE } from '../../lib/summary';

/**
 * A breakdown by name (region, carrier, facility) as an answer shows it: at most
 * `maxNames` names, the largest counts first, the rest added to `other`. Each partition
 * admits `maxNames` values of a dimension, but partitions admit different ones; merged,
 * they could name many times as many, and every summary and live update would grow with
 * them. The total stays exact: nothing is dropped, only folded.
 */
export function boundedBreakdown(counts: ReadonlyMap<string, number>, maxNames: number): Record<string, number> {
  if (counts.size <= maxNames) return Object.fromEntries(counts);
  const named = [...counts].filter(([name]) => name !== OTHER_DIMENSION_VALUE);
  // Ties broken by name, so the same figures always show the same names.
  named.sort(([nameA, countA], [nameB, countB]) => countB - countA || (nameA < nameB ? -1 : nameA > nameB ? 1 : 0));
  const shown: [string, number][] = [];
  let other = counts.get(OTHER_DIMENSION_VALUE) ?? 0;
  named.forEach(([name, count], rank) => {
    if (rank < maxNames) shown.push([name, count]);
    else other += count;
  });
  if (other > 0) shown.push([OTHER_DIMENSION_VALUE, other]);
  // fromEntries defines each name as its own property: a value named __proto__ is counted, not swallowed.
  return Object.fromEntries(shown);
}
