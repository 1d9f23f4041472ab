import { describe, expect, it } from 'vitest';
import { ApiError } from './apiError';
import { splitIngestBody } from './ingestBody';

const text = (items: Uint8Array[]) => items.map((item) => Buffer.from(item).toString('utf8'));

describe('splitIngestBody', () => {
  it('takes a structured event as one item', () => {
    expect(text(splitIngestBody(Buffer.from('{"id":"a"}'), 'application/cloudevents+json; charset=utf-8'))).toEqual(['{"id":"a"}']);
  });

  it('splits a batch into its elements, in order', () => {
    expect(text(splitIngestBody(Buffer.from('[{"id":"a"}, 3, {"id":"b"}]'), 'application/cloudevents-batch+json'))).toEqual([
      '{"id":"a"}',
      '3',
      '{"id":"b"}',
    ]);
  });

  it('refuses a batch that is not a JSON array', () => {
    expect(() => splitIngestBody(Buffer.from('{"id":"a"}'), 'application/cloudevents-batch+json')).toThrow(/JSON array/);
    expect(() => splitIngestBody(Buffer.from('[{"id"'), 'application/cloudevents-batch+json')).toThrow(/JSON array/);
  });

  it('takes a batch after a byte-order mark, and refuses one whose bytes are not UTF-8 rather than replacing them', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(text(splitIngestBody(Buffer.concat([bom, Buffer.from('[{"id":"a"}]')]), 'application/cloudevents-batch+json'))).toEqual(['{"id":"a"}']);
    const invalid = Buffer.concat([Buffer.from('[{"id":"a'), Buffer.from([0xff]), Buffer.from('"}]')]);
    expect(() => splitIngestBody(invalid, 'application/cloudevents-batch+json')).toThrow(/must be UTF-8/);
  });

  it('refuses, with a 400, a batch item nested deeper than can be written back', () => {
    const deep = `[{"id":"a"},${'['.repeat(20_000)}${']'.repeat(20_000)}]`;
    let refusal: unknown;
    try {
      splitIngestBody(Buffer.from(deep), 'application/cloudevents-batch+json');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 400, code: 'invalid_json', message: expect.stringMatching(/item 1 is nested too deeply/) });
  });

  it('splits NDJSON by line, keeping bad lines as items and skipping blank ones', () => {
    const body = Buffer.from('{"id":"a"}\r\n\n  \nnot json\n{"id":"b"}');
    expect(text(splitIngestBody(body, 'application/x-ndjson'))).toEqual(['{"id":"a"}', 'not json', '{"id":"b"}']);
  });

  it('refuses an empty body and an unknown content type', () => {
    expect(() => splitIngestBody(Buffer.alloc(0), 'application/cloudevents+json')).toThrow(/empty/);
    expect(() => splitIngestBody(Buffer.from('x'), 'text/plain')).toThrow(/content-type/);
  });
});
