'use client';

import { useQueryStates } from 'nuqs';
import type { TvAlert } from '../../lib/live';
import { Suspense, useMemo, type CSSProperties } from 'react';
import { DEFAULT_TV_THEME, type TvTheme } from './tvThemes';
import { panelGridOf } from './panelGrid';
import { resolveTvConfig, tvSelectionOf, tvUrlParsers } from './tvConfig';
import { selectFreshness, selectNeverLive, selectStaleSince } from './tvLiveReducer';
import { TvAlertStrip } from './TvAlertStrip';
import { TvNotice } from './TvNotice';
import { TvPanelView } from './TvPanelView';
import { throughputScope, windowLabel } from './tvReadings';
import { TvStatusBar } from './TvStatusBar';
import { useAdoptAddressToken } from './useAdoptAddressToken';
import { useRotation } from './useRotation';
import { useScreenAspect } from './useScreenAspect';
import { useTvLive } from './useTvLive';

/**
 * The TV wall: the figures an operations room watches, large, on a screen nobody touches
 * for weeks. Everything it shows is set by its link (see /tv/help).
 */
export function TvWall() {
  // The link is read on the client only; a static render shows the empty wall.
  return (
    <Suspense fallback={<EmptyWall theme={DEFAULT_TV_THEME} />}>
      <TvWallView />
    </Suspense>
  );
}

function EmptyWall({ theme }: { theme: TvTheme }) {
  return <div className="tv-wall" data-theme={theme} data-freshness="reconnecting" />;
}

const NO_ALERTS: readonly TvAlert[] = [];

function TvWallView() {
  useAdoptAddressToken();
  const [values] = useQueryStates(tvUrlParsers);
  const { config, notes } = useMemo(() => resolveTvConfig(values), [values]);
  const live = useTvLive(tvSelectionOf(config));
  const pageIndex = useRotation(config.pages.length, config.rotateSeconds);
  const aspect = useScreenAspect();

  const page = config.pages[pageIndex] ?? config.pages[0]!;
  const grid = useMemo(() => panelGridOf(page.length, aspect), [page.length, aspect]);
  const gridStyle = useMemo<CSSProperties>(
    () => ({
      gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))`,
      gridTemplateRows: `repeat(${grid.rows.length}, minmax(0, 1fr))`,
      ['--tv-grid-rows' as string]: grid.rows.length,
      ['--tv-grid-columns' as string]: Math.max(1, ...grid.rows),
    }),
    [grid],
  );
  const panelStyles = useMemo(() => grid.spans.map((span): CSSProperties => ({ gridColumn: `span ${span}` })), [grid]);

  const freshness = selectFreshness(live);
  const neverLive = selectNeverLive(live);
  return (
    <div
      className="tv-wall"
      data-testid="tv-wall"
      data-theme={config.theme}
      data-freshness={freshness}
      data-page={pageIndex}
      data-page-count={config.pages.length}
    >
      <TvStatusBar
        scope={`${throughputScope(config)} · ${windowLabel(config.window)}`}
        freshness={freshness}
        neverLive={neverLive}
        pageIndex={pageIndex}
        pageCount={config.pages.length}
      />
      {/* One row of the wall for both, so neither leaves an empty gap while the other is absent. */}
      <div className="tv-messages">
        {/* The last frame's: a stale wall keeps showing what fired, greyed like its numbers. */}
        <TvAlertStrip alerts={live.frame?.alerts ?? NO_ALERTS} />
        <TvNotice
          freshness={freshness}
          staleSince={selectStaleSince(live)}
          neverLive={neverLive}
          reconnectAttempt={live.reconnectAttempt}
          accessRefusal={live.accessRefusal}
          subscriptionError={live.subscriptionError}
        />
      </div>
      <main className="tv-grid" style={gridStyle} data-testid="tv-grid">
        {page.map((panel, index) => (
          <TvPanelView key={panel} panel={panel} frame={live.frame} config={config} style={panelStyles[index]!} />
        ))}
      </main>
      {notes.length > 0 && (
        <footer className="tv-notes" data-testid="tv-config-note" data-tv-text="">
          Ignored in the link: {notes.join(' · ')}
        </footer>
      )}
    </div>
  );
}
