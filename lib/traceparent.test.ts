import { describe, expect, it } from 'vitest';
import { parseTraceparent } from './traceparent';

describe('parseTraceparent', () => {
  it('reads a valid traceparent', () => {
    expect(parseTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toEqual({
      version: '00',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      parentId: 'b7ad6b7169203331',
      flags: '01',
    });
  });

  it.each(['', 'abc', '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01', '00-00000000000000000000000000000000-b7ad6b7169203331-01', 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'])(
    'ignores %j',
    (value) => expect(parseTraceparent(value)).toBeNull(),
  );
});
