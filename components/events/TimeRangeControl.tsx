'use client';

import { useState } from 'react';
import type { TimeBasis } from '../../lib/events';
import { fromLocalInputValue, toLocalInputValue } from '../data/timestamps';
import { SegmentedControl } from '../layout/SegmentedControl';

export const RANGE_PRESETS = [
  { label: '5 min', durationMs: 5 * 60_000 },
  { label: '15 min', durationMs: 15 * 60_000 },
  { label: '1 h', durationMs: 60 * 60_000 },
  { label: '6 h', durationMs: 6 * 60 * 60_000 },
] as const;

const BASIS_OPTIONS = [
  { value: 'append', label: 'Append time' },
  { value: 'event', label: 'Event time' },
] as const;

interface TimeRangeControlProps {
  from: number | null;
  to: number | null;
  onRangeChange: (range: { from: number | null; to: number | null }) => void;
  /** Omitted where the API has one clock only (dead letters count by append time). */
  time?: TimeBasis;
  onTimeChange?: (time: TimeBasis) => void;
}

/**
 * A range as absolute instants, so a link keeps meaning what it meant. A preset starts
 * the range that long before now and leaves its end open: the list then reaches "now"
 * whenever it is loaded, which the live tail follows.
 */
export function TimeRangeControl({ from, to, onRangeChange, time, onTimeChange }: TimeRangeControlProps) {
  return (
    <div className="time-range" data-testid="time-range">
      <div className="time-range__presets" role="group" aria-label="Last">
        <span className="time-range__caption">Last</span>
        {RANGE_PRESETS.map((preset) => (
          <button
            key={preset.label}
            type="button"
            className="chip"
            onClick={() => onRangeChange({ from: Date.now() - preset.durationMs, to: null })}
          >
            {preset.label}
          </button>
        ))}
        <button type="button" className="chip" onClick={() => onRangeChange({ from: null, to: null })} aria-pressed={from === null && to === null}>
          Any time
        </button>
      </div>
      <div className="time-range__absolute">
        <InstantInput label="From" name="from" value={from} onChange={(next) => onRangeChange({ from: next, to })} />
        <InstantInput label="To" name="to" value={to} placeholder="now" onChange={(next) => onRangeChange({ from, to: next })} />
        {time && onTimeChange && (
          <SegmentedControl label="Time basis" testId="time-basis" options={BASIS_OPTIONS} value={time} onChange={onTimeChange} />
        )}
      </div>
    </div>
  );
}

function InstantInput({ label, name, value, onChange, placeholder }: { label: string; name: string; value: number | null; onChange: (value: number | null) => void; placeholder?: string }) {
  const [draft, setDraft] = useState(toLocalInputValue(value));
  const [shownValue, setShownValue] = useState(value);
  if (shownValue !== value) {
    setShownValue(value);
    setDraft(toLocalInputValue(value));
  }
  const apply = () => {
    const next = fromLocalInputValue(draft);
    // Seconds are what the input shows; a sub-second bound from a chart link stays as it was.
    if (next === null ? value !== null : value === null || Math.floor(value / 1_000) !== Math.floor(next / 1_000)) onChange(next);
  };
  return (
    <label className="filter-text">
      <span className="filter-text__label">{label}</span>
      <input
        type="datetime-local"
        step={1}
        className="input input--small"
        name={name}
        data-testid={`filter-${name}`}
        aria-label={`${label}${placeholder ? ` (empty: ${placeholder})` : ''}`}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply();
        }}
      />
    </label>
  );
}
