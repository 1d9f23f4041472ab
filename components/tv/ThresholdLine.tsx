/** Where the figure turns to warning; marked with a sign too when it has, so colour is not the only cue. */
export function ThresholdLine({ threshold, warning }: { threshold: string | null; warning: boolean }) {
  return (
    <p className="tv-threshold" data-testid="tv-threshold" data-tv-text="">
      {threshold === null ? '\u00a0' : warning ? `⚠ ${threshold}` : `warn ${threshold}`}
    </p>
  );
}
