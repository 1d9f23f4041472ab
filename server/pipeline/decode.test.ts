import { describe, expect, it } from 'vitest';
import { Rejection } from './deadLetter';
import { decodeRecord } from './decode';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('decodeRecord', () => {
  it('reads a structured-mode event', () => {
    const decoded = decodeRecord(bytes('{"id":"a"}'), undefined, 100);
    expect(decoded).toEqual({ id: 'a' });
  });

  it('refuses an input over the size limit as too_large, before parsing it', () => {
    const decoded = decodeRecord(bytes('x'.repeat(101)), undefined, 100);
    expect(decoded).toMatchObject({ reason: 'too_large' });
  });

  it('accepts an input exactly at the size limit', () => {
    const json = `{"a":"${'x'.repeat(92)}"}`;
    expect(json.length).toBe(100);
    expect(decodeRecord(bytes(json), undefined, 100)).not.toBeInstanceOf(Rejection);
  });

  it.each([
    ['not JSON', 'not json at all'],
    ['an array', '[1,2]'],
    ['a string', '"hello"'],
    ['null', 'null'],
    ['empty', ''],
  ])('dead-letters %s as invalid_json', (_label, text) => {
    expect(decodeRecord(bytes(text), undefined, 1000)).toMatchObject({ reason: 'invalid_json' });
  });

  it('dead-letters bytes that are not UTF-8 as invalid_json', () => {
    expect(decodeRecord(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), undefined, 100)).toMatchObject({
      reason: 'invalid_json',
    });
  });

  it('reads a binary-mode event from ce_ headers with the data as the value', () => {
    const decoded = decodeRecord(
      bytes('{"carrier":"UPS"}'),
      { ce_specversion: '1.0', ce_id: 'x1', ce_source: '/s', ce_type: 'shipment.created', ce_unrelated: 'y', 'content-type': 'application/json' },
      1000,
    );
    expect(decoded).toEqual({ specversion: '1.0', id: 'x1', source: '/s', type: 'shipment.created', data: { carrier: 'UPS' } });
  });

  it('dead-letters binary-mode data that is not JSON', () => {
    expect(decodeRecord(bytes('{oops'), { ce_specversion: '1.0' }, 1000)).toMatchObject({ reason: 'invalid_json' });
  });
});
