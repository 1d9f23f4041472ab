'use client';

import { useState, type KeyboardEvent } from 'react';

interface MultiSelectFilterProps<Value extends string> {
  label: string;
  /** The URL / API parameter this filter sets, also its test id. */
  name: string;
  options: ReadonlyArray<{ value: Value; label: string }>;
  selected: readonly Value[];
  onChange: (values: Value[]) => void;
  /** Open sets (regions, carriers, facilities) take values the suggestions do not list. */
  allowOther?: (text: string) => Value | null;
}

/** A dropdown of checkboxes; its button says what is chosen, so the bar reads as a sentence. */
export function MultiSelectFilter<Value extends string>({ label, name, options, selected, onChange, allowOther }: MultiSelectFilterProps<Value>) {
  const [other, setOther] = useState('');
  const known = new Set(options.map((option) => option.value));
  const allOptions = [...options, ...selected.filter((value) => !known.has(value)).map((value) => ({ value, label: value }))];
  const labelOf = (value: Value) => allOptions.find((option) => option.value === value)?.label ?? value;
  const summary = selected.length === 0 ? 'any' : selected.length <= 2 ? selected.map(labelOf).join(', ') : `${selected.length} chosen`;

  const toggle = (value: Value, checked: boolean) =>
    onChange(checked ? [...selected, value] : selected.filter((candidate) => candidate !== value));

  const addOther = () => {
    const value = allowOther?.(other.trim());
    if (value && !selected.includes(value)) onChange([...selected, value]);
    setOther('');
  };

  return (
    <details className="filter-select" data-testid={`filter-${name}`} data-active={selected.length > 0 || undefined}>
      <summary className="filter-select__button">
        <span className="filter-select__label">{label}</span>
        <span className="filter-select__value">{summary}</span>
      </summary>
      <div className="filter-select__menu" role="group" aria-label={label}>
        {allOptions.length === 0 && !allowOther && <p className="filter-select__empty">Nothing to choose yet</p>}
        {allOptions.map((option) => (
          <label key={option.value} className="filter-select__option">
            <input type="checkbox" checked={selected.includes(option.value)} onChange={(event) => toggle(option.value, event.target.checked)} />
            {option.label}
          </label>
        ))}
        {allowOther && (
          <div className="filter-select__other">
            <input
              className="input input--small"
              placeholder={`Other ${label.toLowerCase()}…`}
              aria-label={`Other ${label.toLowerCase()}`}
              value={other}
              onChange={(event) => setOther(event.target.value)}
              onKeyDown={(event: KeyboardEvent) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  addOther();
                }
              }}
            />
            <button type="button" className="button button--quiet button--small" onClick={addOther} disabled={other.trim() === ''}>
              Add
            </button>
          </div>
        )}
        {selected.length > 0 && (
          <button type="button" className="link-button filter-select__clear" onClick={() => onChange([])}>
            Clear {label.toLowerCase()}
          </button>
        )}
      </div>
    </details>
  );
}
