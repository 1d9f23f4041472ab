import { describe, expect, it } from 'vitest';
import type { ChartActions } from './chartActions';
import { openEventsOnClick } from './chartActions';
import type { DashboardSeries } from './chartData';
import { countedEvents, deadLetters, type DrillDownFilter, type TimeRange } from './drillDownLinks';

function recordingActions() {
  const opened: Array<{ filter: DrillDownFilter; range: TimeRange; newTab: boolean }> = [];
  const actions: ChartActions = { openEvents: (filter, range, newTab) => opened.push({ filter, range, newTab }), zoomTo: () => {} };
  return { actions, opened };
}

const tooLarge: DashboardSeries = { key: 's4', id: 'too_large', label: 'Too large', color: 'red', drillDown: deadLetters('too_large') };
const folded: DashboardSeries = { key: 's8', id: 'other', label: 'Other', color: 'grey', drillDown: null };

describe('openEventsOnClick', () => {
  it('opens the clicked series over its step', () => {
    const { actions, opened } = recordingActions();
    openEventsOnClick(actions, 15_000, deadLetters())({ t: 30_000, series: tooLarge, newTab: true });
    expect(opened).toEqual([{ filter: deadLetters('too_large'), range: { from: 30_000, to: 45_000 }, newTab: true }]);
  });

  it('opens the whole step beside every series', () => {
    const { actions, opened } = recordingActions();
    openEventsOnClick(actions, 5_000, countedEvents())({ t: 0, series: null, newTab: false });
    expect(opened[0]?.filter).toEqual(countedEvents());
  });

  it('opens nothing for a series no filter selects, or beside series on a chart without a whole-step meaning', () => {
    const { actions, opened } = recordingActions();
    openEventsOnClick(actions, 5_000, countedEvents())({ t: 0, series: folded, newTab: false });
    openEventsOnClick(actions, 5_000, null)({ t: 0, series: null, newTab: false });
    expect(opened).toEqual([]);
  });
});
