'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DEAD_LETTER_REASONS, DEAD_LETTER_REASON_LABELS } from '../../lib/contract/deadLetterReasons';
import { EVENT_TYPES } from '../../lib/contract/eventTypes';
import { OUTCOMES, type EventFilter } from '../../lib/events';
import type { Summary } from '../../lib/summary';
import { fetchJson } from '../fetchJson';
import { EVENT_TYPE_LABELS } from '../eventTypeLabels';
import { activeFilterCount, EMPTY_EVENT_FILTER } from './eventFilterParams';
import { MultiSelectFilter } from './MultiSelectFilter';
import { OUTCOME_LABELS } from './OutcomeBadge';
import { TextFilter } from './TextFilter';
import { TimeRangeControl } from './TimeRangeControl';

const TYPE_OPTIONS = EVENT_TYPES.map((type) => ({ value: type, label: EVENT_TYPE_LABELS[type] }));
const OUTCOME_OPTIONS = OUTCOMES.map((outcome) => ({ value: outcome, label: OUTCOME_LABELS[outcome] }));
const REASON_OPTIONS = DEAD_LETTER_REASONS.map((reason) => ({ value: reason, label: DEAD_LETTER_REASON_LABELS[reason] }));
const SUGGESTION_WINDOW_MS = 60 * 60_000;

/** Regions, carriers and facilities seen lately: the open sets' suggestions. */
function useDimensionSuggestions() {
  const summary = useQuery({
    queryKey: ['summary', 'suggestions'],
    queryFn: ({ signal }) => {
      const to = Date.now();
      return fetchJson<Summary>(`/api/summary?from=${to - SUGGESTION_WINDOW_MS}&to=${to}`, signal);
    },
    staleTime: 60_000,
  });
  const optionsOf = (counts: Record<string, number> | undefined) =>
    Object.entries(counts ?? {})
      .sort(([, left], [, right]) => right - left)
      .map(([value]) => ({ value, label: value }));
  return {
    region: optionsOf(summary.data?.byRegion),
    carrier: optionsOf(summary.data?.byCarrier),
    facility: optionsOf(summary.data?.byFacility),
  };
}

const keepText = (text: string) => (text === '' ? null : text);

export function EventFilterBar({ filter, onChange }: { filter: EventFilter; onChange: (patch: Partial<EventFilter>) => void }) {
  const suggestions = useDimensionSuggestions();
  // On a phone the bar would fill the screen: it folds behind one button there.
  const [open, setOpen] = useState(false);
  const active = activeFilterCount(filter);
  return (
    <section className="filter-bar card" aria-label="Filters" data-testid="filter-bar" data-collapsed={!open || undefined}>
      <button type="button" className="filter-bar__toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        Filters{active > 0 ? ` · ${active} active` : ''}
        <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <TimeRangeControl
        from={filter.from}
        to={filter.to}
        onRangeChange={onChange}
        time={filter.time}
        onTimeChange={(time) => onChange({ time })}
      />
      <div className="filter-bar__fields">
        <MultiSelectFilter label="Type" name="type" options={TYPE_OPTIONS} selected={filter.type} onChange={(type) => onChange({ type })} />
        <MultiSelectFilter label="Outcome" name="outcome" options={OUTCOME_OPTIONS} selected={filter.outcome} onChange={(outcome) => onChange({ outcome })} />
        <MultiSelectFilter label="Reason" name="reason" options={REASON_OPTIONS} selected={filter.reason} onChange={(reason) => onChange({ reason })} />
        <MultiSelectFilter label="Region" name="region" options={suggestions.region} selected={filter.region} onChange={(region) => onChange({ region })} allowOther={keepText} />
        <MultiSelectFilter label="Carrier" name="carrier" options={suggestions.carrier} selected={filter.carrier} onChange={(carrier) => onChange({ carrier })} allowOther={keepText} />
        <MultiSelectFilter label="Facility" name="facility" options={suggestions.facility} selected={filter.facility} onChange={(facility) => onChange({ facility })} allowOther={keepText} />
        <TextFilter label="Subject" name="subject" placeholder="Shipment id" value={filter.subject} onChange={(subject) => onChange({ subject })} />
        <TextFilter label="Source" name="source" placeholder="/hubs/…" value={filter.source} onChange={(source) => onChange({ source })} />
        {active > 0 && (
          <button type="button" className="link-button" data-testid="clear-filters" onClick={() => onChange(EMPTY_EVENT_FILTER)}>
            Clear all
          </button>
        )}
      </div>
    </section>
  );
}
