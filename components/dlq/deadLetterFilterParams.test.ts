import { describe, expect, it } from 'vitest';
import { deadLetterSearchParams, loadDeadLetterFilter } from './deadLetterFilterParams';

describe('the /dlq URL', () => {
  it('reads reason, type and range in the API names', () => {
    expect(loadDeadLetterFilter('?reason=schema_violation&type=shipment.teleported&from=10&to=20')).toEqual({
      reason: 'schema_violation',
      type: 'shipment.teleported',
      from: 10,
      to: 20,
    });
  });

  it('drops a reason outside the closed set', () => {
    expect(loadDeadLetterFilter('?reason=bad_vibes').reason).toBeNull();
  });

  it('passes the filter and the page to the API', () => {
    const params = deadLetterSearchParams({ reason: 'too_large', type: ' ', from: null, to: 5 }, { cursor: '7', limit: 50 });
    expect(params.toString()).toBe('to=5&reason=too_large&cursor=7&limit=50');
  });
});
