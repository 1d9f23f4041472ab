import type { Trend } from './trend';

const ARROWS: Record<Trend['direction'], string> = { up: '▲', down: '▼', flat: '=', none: '–' };

/** "▲ +4.2 % vs previous 1 min": always the same elements, so ten updates a second only change text. */
export function TrendLine({ trend, comparedWith }: { trend: Trend; comparedWith: string }) {
  return (
    <p className="tv-trend" data-testid="tv-trend" data-direction={trend.direction} data-tv-text="">
      <span className="tv-trend__arrow" aria-hidden="true">
        {ARROWS[trend.direction]}
      </span>
      <span className="tv-trend__change">{trend.direction === 'none' ? 'no earlier figure' : trend.change}</span>
      <span className="tv-trend__versus">{trend.direction === 'none' ? '' : ` vs ${comparedWith}`}</span>
    </p>
  );
}
