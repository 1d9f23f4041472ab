import { describe, expect, it } from 'vitest';
import {
  deadLettersAttention,
  ERROR_RATE_THRESHOLD,
  errorRateAttention,
  lateAttention,
  LATENCY_P95_THRESHOLD_MS,
  latencyAttention,
} from './kpiAttention';

describe('errorRateAttention', () => {
  it('says which rate crossed which threshold', () => {
    expect(errorRateAttention(0.021)).toBe('Error rate 2.1 % is above the 1 % threshold');
  });

  it('stays off at and below the threshold, and without a rate', () => {
    expect(errorRateAttention(ERROR_RATE_THRESHOLD)).toBeNull();
    expect(errorRateAttention(0)).toBeNull();
    expect(errorRateAttention(null)).toBeNull();
  });
});

describe('latencyAttention', () => {
  it('marks a p95 beyond the threshold', () => {
    expect(latencyAttention(7_250)).toBe('Latency p95 7.25 s is above the 5.00 s threshold');
    expect(latencyAttention(LATENCY_P95_THRESHOLD_MS)).toBeNull();
    expect(latencyAttention(undefined)).toBeNull();
  });
});

describe('count attentions', () => {
  it('marks any dead letter, naming the period', () => {
    expect(deadLettersAttention(12, 'in the last 5 min')).toBe('12 dead letters in the last 5 min, above the threshold of 0');
    expect(deadLettersAttention(1, 'in the last 5 min')).toBe('1 dead letter in the last 5 min, above the threshold of 0');
    expect(deadLettersAttention(0, 'in the last 5 min')).toBeNull();
  });

  it('marks any late event', () => {
    expect(lateAttention(3, 'in the selected range')).toBe('3 late events in the selected range, above the threshold of 0');
    expect(lateAttention(null, 'in the last 5 min')).toBeNull();
  });
});
