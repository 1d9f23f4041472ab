'use client';

import { useState } from 'react';

interface TextFilterProps {
  label: string;
  name: string;
  value: string | null;
  placeholder: string;
  onChange: (value: string | null) => void;
}

/** A free-text filter applied on Enter or when it loses focus, not on every keystroke. */
export function TextFilter({ label, name, value, placeholder, onChange }: TextFilterProps) {
  const [draft, setDraft] = useState(value ?? '');
  const [shownValue, setShownValue] = useState(value);
  // The URL can change under the field (back button, a link): show what it says now.
  if (shownValue !== value) {
    setShownValue(value);
    setDraft(value ?? '');
  }
  const apply = () => {
    const next = draft.trim() === '' ? null : draft.trim();
    if (next !== value) onChange(next);
  };
  return (
    <label className="filter-text" data-active={value ? true : undefined}>
      <span className="filter-text__label">{label}</span>
      <input
        className="input input--small"
        name={name}
        data-testid={`filter-${name}`}
        placeholder={placeholder}
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
