import { describe, expect, it } from 'vitest';
import { draftFromPayload, parseCorrectedEvent } from './replayDraft';

describe('draftFromPayload', () => {
  it('indents a JSON payload so it can be read and edited', () => {
    expect(draftFromPayload('{"id":"1","data":{"carrier":"DHL"}}')).toBe('{\n  "id": "1",\n  "data": {\n    "carrier": "DHL"\n  }\n}');
  });

  it('keeps a payload that is not JSON as it was, and an absent one empty', () => {
    expect(draftFromPayload('not json')).toBe('not json');
    expect(draftFromPayload(null)).toBe('');
  });
});

describe('parseCorrectedEvent', () => {
  it('sends a JSON object compactly', () => {
    expect(parseCorrectedEvent('{\n  "id": "1"\n}')).toEqual({ ok: true, body: '{"id":"1"}' });
  });

  it('says where invalid JSON breaks', () => {
    const result = parseCorrectedEvent('{\n  "id": "1",\n  oops\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(/^Not valid JSON/);
      expect(result.message).toMatch(/line 3/);
    }
  });

  it('refuses what cannot be one event', () => {
    expect(parseCorrectedEvent('   ').ok).toBe(false);
    expect(parseCorrectedEvent('[1,2]')).toMatchObject({ ok: false, message: expect.stringMatching(/one JSON object/) });
    expect(parseCorrectedEvent('42').ok).toBe(false);
  });
});
