import { describe, expect, it } from 'vitest';
import { draggedRange } from './dragSelection';

describe('draggedRange', () => {
  it('covers both steps the drag touched, whichever way it went', () => {
    expect(draggedRange(10_000, 25_000, 5_000)).toEqual({ from: 10_000, to: 30_000 });
    expect(draggedRange(25_000, 10_000, 5_000)).toEqual({ from: 10_000, to: 30_000 });
  });

  it('is no range when the pointer stayed on one step', () => {
    expect(draggedRange(10_000, 10_000, 5_000)).toBeNull();
  });
});
