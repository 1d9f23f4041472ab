import { describe, expect, it } from 'vitest';
import { figureWidthInDigits } from './figureWidth';

describe('figureWidthInDigits', () => {
  it('counts digits and letters whole, separators and spaces as half', () => {
    expect(figureWidthInDigits('12,345')).toBe(5.5);
    expect(figureWidthInDigits('Broker lost')).toBe(10.5);
  });

  it('never goes below three, so a lone digit does not outgrow its panel', () => {
    expect(figureWidthInDigits('0')).toBe(3);
    expect(figureWidthInDigits('—')).toBe(3);
  });
});
