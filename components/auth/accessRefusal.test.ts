import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../fetchJson';
import { accessRefusalOf, accessRefusalOfSocketMessage } from './accessRefusal';

describe('accessRefusalOf', () => {
  it('reads 401 as a missing token and 403 as a wrong or insufficient one', () => {
    expect(accessRefusalOf(new ApiRequestError(401, 'unauthorized', 'no token'))).toBe('unauthorized');
    expect(accessRefusalOf(new ApiRequestError(403, 'forbidden', 'wrong token'))).toBe('forbidden');
  });

  it('leaves every other failure to the page that made the call', () => {
    expect(accessRefusalOf(new ApiRequestError(404, 'not_found', 'no such event'))).toBeNull();
    expect(accessRefusalOf(new ApiRequestError(500, 'internal', 'boom'))).toBeNull();
    expect(accessRefusalOf(new Error('network down'))).toBeNull();
  });
});

describe('accessRefusalOfSocketMessage', () => {
  it('recognises only the two refusals the live namespace sends', () => {
    expect(accessRefusalOfSocketMessage('unauthorized')).toBe('unauthorized');
    expect(accessRefusalOfSocketMessage('forbidden')).toBe('forbidden');
    expect(accessRefusalOfSocketMessage('xhr poll error')).toBeNull();
  });
});
