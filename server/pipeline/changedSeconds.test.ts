import { describe, expect, it } from 'vitest';
import { ChangedSeconds } from './changedSeconds';

function taken(changes: ChangedSeconds, reader: 'liveView' | 'publisher'): number[] {
  const into = new Set<number>();
  changes.takeInto(into, reader);
  return [...into].sort((a, b) => a - b);
}

describe('ChangedSeconds', () => {
  it('gives each reader every change once, whichever reader takes first', () => {
    const changes = new ChangedSeconds();
    changes.note(1_000);
    changes.note(2_000);
    expect(taken(changes, 'liveView')).toEqual([1_000, 2_000]);
    changes.note(3_000);
    expect(taken(changes, 'liveView')).toEqual([3_000]);
    expect(taken(changes, 'publisher')).toEqual([1_000, 2_000, 3_000]);
    expect(taken(changes, 'publisher')).toEqual([]);
    expect(taken(changes, 'liveView')).toEqual([]);
  });

  it('forgets what left the retention, for every reader', () => {
    const changes = new ChangedSeconds();
    changes.note(1_000);
    changes.takeInto(new Set(), 'liveView');
    changes.note(5_000);
    changes.forgetBefore(2_000);
    expect(taken(changes, 'publisher')).toEqual([5_000]);
    expect(taken(changes, 'liveView')).toEqual([5_000]);
  });
});
