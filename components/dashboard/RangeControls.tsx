'use client';

import { useState, type FormEvent } from 'react';
import { LIVE_WINDOWS, type LiveWindow } from '../../lib/live';
import type { FixedRange } from './dashboardUrlState';
import { formatRangeLabel, fromDateTimeLocal, toDateTimeLocal } from './rangeFormat';

interface RangeControlsProps {
  /** The fixed range shown, or null while live. */
  range: FixedRange | null;
  /** The live window, to pre-fill the picker with what is on screen. */
  liveWindow: LiveWindow;
  onApply: (range: FixedRange) => void;
  onBackToLive: () => void;
}

/** The absolute range: a picker of two instants, and the way back to the live view. */
export function RangeControls({ range, liveWindow, onApply, onBackToLive }: RangeControlsProps) {
  const [editing, setEditing] = useState(false);

  return (
    <div className="range-controls" data-testid="range-controls">
      {range && (
        <>
          <span className="range-controls__label" data-testid="fixed-range-label">
            {formatRangeLabel(range, Date.now())}
          </span>
          <button type="button" className="button" data-testid="back-to-live" onClick={onBackToLive}>
            Back to live
          </button>
        </>
      )}
      <button
        type="button"
        className="button button--quiet"
        aria-expanded={editing}
        data-testid="custom-range-toggle"
        onClick={() => setEditing((open) => !open)}
      >
        {range ? 'Change range' : 'Custom range'}
      </button>
      {editing && (
        <RangePicker
          initial={range ?? { from: Date.now() - LIVE_WINDOWS[liveWindow].durationMs, to: Date.now() }}
          onApply={(picked) => {
            setEditing(false);
            onApply(picked);
          }}
          onCancel={() => setEditing(false)}
        />
      )}
    </div>
  );
}

function RangePicker({ initial, onApply, onCancel }: { initial: FixedRange; onApply: (range: FixedRange) => void; onCancel: () => void }) {
  const [fromText, setFromText] = useState(() => toDateTimeLocal(initial.from));
  const [toText, setToText] = useState(() => toDateTimeLocal(initial.to));
  const from = fromDateTimeLocal(fromText);
  const to = fromDateTimeLocal(toText);
  const problem = from === null || to === null ? 'Give both instants.' : from >= to ? 'The start must be before the end.' : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem === null && from !== null && to !== null) onApply({ from, to });
  };

  return (
    <form className="range-picker card" onSubmit={submit} data-testid="range-picker" aria-label="Custom range">
      <label className="range-picker__field">
        <span>From</span>
        <input type="datetime-local" step={1} value={fromText} onChange={(event) => setFromText(event.target.value)} data-testid="range-from" />
      </label>
      <label className="range-picker__field">
        <span>To</span>
        <input type="datetime-local" step={1} value={toText} onChange={(event) => setToText(event.target.value)} data-testid="range-to" />
      </label>
      {problem && (
        <p className="range-picker__problem" role="alert">
          {problem}
        </p>
      )}
      <div className="range-picker__actions">
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button" disabled={problem !== null} data-testid="range-apply">
          Show range
        </button>
      </div>
    </form>
  );
}
