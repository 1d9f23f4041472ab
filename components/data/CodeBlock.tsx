/** Text as the server holds it, in a scrollable monospace block that keeps its line breaks. */
export function CodeBlock({ text, testId, label }: { text: string; testId?: string; label: string }) {
  return (
    <pre className="code-block" data-testid={testId} aria-label={label} tabIndex={0}>
      <code>{text}</code>
    </pre>
  );
}

/** A value as indented JSON. */
export function JsonBlock({ value, testId, label }: { value: unknown; testId?: string; label: string }) {
  return <CodeBlock text={JSON.stringify(value, null, 2)} testId={testId} label={label} />;
}
