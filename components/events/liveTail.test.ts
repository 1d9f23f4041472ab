import { describe, expect, it } from 'vitest';
import type { EventListItem } from '../../lib/events';
import { mergeLiveHead, newLiveMatches, pollMayHaveGap } from './liveTail';

function item(partition: number, offset: number, appendTime: number): EventListItem {
  return {
    ref: `p${partition}-o${offset}`,
    partition,
    offset,
    appendTime,
    eventTime: appendTime - 100,
    outcome: 'ok',
    reason: null,
    type: 'shipment.created',
    subject: 'A',
    region: 'eu-west',
    carrier: 'DHL',
    facility: 'AMS-3',
  };
}

describe('newLiveMatches', () => {
  const shown = [item(0, 12, 10_000), item(1, 7, 10_000), item(0, 11, 9_000)];

  it('takes only what is newer than the table and not shown yet', () => {
    const polled = [item(0, 14, 12_000), item(0, 13, 11_000), item(0, 12, 10_000), item(1, 7, 10_000), item(0, 11, 9_000)];
    expect(newLiveMatches(shown, polled).map((row) => row.ref)).toEqual(['p0-o14', 'p0-o13']);
  });

  it('keeps a row of the same millisecond as the newest when its ref is new', () => {
    const polled = [item(2, 3, 10_000), item(0, 12, 10_000)];
    expect(newLiveMatches(shown, polled).map((row) => row.ref)).toEqual(['p2-o3']);
  });

  it('catches an input indexed late, a little older than the newest shown row', () => {
    const polled = [item(3, 1, 9_500), item(1, 7, 10_000)];
    expect(newLiveMatches(shown, polled, 5_000).map((row) => row.ref)).toEqual(['p3-o1']);
  });

  it('does not bring back old rows from below the look-back', () => {
    const polled = [item(4, 1, 1_000)];
    expect(newLiveMatches(shown, polled, 5_000)).toEqual([]);
  });

  it('returns each ref once even when a poll repeats one', () => {
    const polled = [item(0, 14, 12_000), item(0, 14, 12_000)];
    expect(newLiveMatches(shown, polled)).toHaveLength(1);
  });

  it('treats everything as new when nothing is shown', () => {
    expect(newLiveMatches([], [item(0, 1, 5), item(0, 2, 6)]).map((row) => row.ref)).toEqual(['p0-o2', 'p0-o1']);
  });
});

describe('mergeLiveHead', () => {
  it('keeps the head newest first across polls', () => {
    const head = [item(0, 13, 11_000)];
    const merged = mergeLiveHead(head, [item(0, 14, 12_000), item(3, 1, 9_500)]);
    expect(merged.map((row) => row.ref)).toEqual(['p0-o14', 'p0-o13', 'p3-o1']);
  });

  it('returns the same head when nothing is new, so nothing re-renders', () => {
    const head = [item(0, 13, 11_000)];
    expect(mergeLiveHead(head, [])).toBe(head);
  });
});

describe('pollMayHaveGap', () => {
  it('warns only when a full page was all new', () => {
    expect(pollMayHaveGap(1000, 1000, 1000, true)).toBe(true);
    expect(pollMayHaveGap(1000, 999, 1000, true)).toBe(false);
    expect(pollMayHaveGap(40, 40, 1000, true)).toBe(false);
    expect(pollMayHaveGap(1000, 1000, 1000, false)).toBe(false);
  });
});
