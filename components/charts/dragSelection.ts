import type { TimeFrame } from './chartTypes';

/**
 * The range a drag across a chart selects: from the earlier step's start to the end of
 * the later step, so both steps the pointer touched are inside. A drag that stays on one
 * step is a click, not a selection.
 */
export function draggedRange(startT: number, endT: number, step: TimeFrame['step']): { from: number; to: number } | null {
  if (startT === endT) return null;
  return { from: Math.min(startT, endT), to: Math.max(startT, endT) + step };
}
