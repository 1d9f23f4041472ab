import { describe, expect, it } from 'vitest';
import { neighbourRefs, parseRef } from './eventNeighbours';

describe('refs', () => {
  it('reads log coordinates out of a ref', () => {
    expect(parseRef('p3-o1042')).toEqual({ partition: 3, offset: 1042 });
    expect(parseRef('p3-1042')).toBeNull();
  });

  it('links the inputs either side in the same partition, none before the first', () => {
    expect(neighbourRefs(3, 1042)).toEqual({ previous: 'p3-o1041', next: 'p3-o1043' });
    expect(neighbourRefs(0, 0)).toEqual({ previous: null, next: 'p0-o1' });
  });
});
