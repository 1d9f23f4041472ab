'use client';

export interface SegmentedOption<Value extends string> {
  value: Value;
  label: string;
}

interface SegmentedControlProps<Value extends string> {
  label: string;
  options: ReadonlyArray<SegmentedOption<Value>>;
  /** null: none pressed, e.g. a window control while a fixed range is shown. */
  value: Value | null;
  onChange: (value: Value) => void;
  testId?: string;
}

/** A row of toggle buttons of which one (or, with a null value, none) is pressed. */
export function SegmentedControl<Value extends string>({ label, options, value, onChange, testId }: SegmentedControlProps<Value>) {
  return (
    <div className="segmented" role="group" aria-label={label} data-testid={testId}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          className="segmented__option"
          aria-pressed={option.value === value}
          data-value={option.value}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
