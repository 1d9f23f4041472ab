import type { CSSProperties } from 'react';
import { formatCount } from '../../lib/format';
import type { TvFrame } from '../../lib/live';
import { FigurePanel } from './FigurePanel';
import { ListPanel } from './ListPanel';
import { PipelinePanel } from './PipelinePanel';
import type { TvConfig } from './tvConfig';
import { TV_PANEL_TITLES, type TvPanelId } from './tvPanels';
import {
  deadLettersReading,
  errorRateReading,
  exceptionsReading,
  latencyReading,
  pipelineReading,
  regionsReading,
  throughputReading,
  throughputScope,
  unfilteredScope,
  windowLabel,
} from './tvReadings';

interface TvPanelViewProps {
  panel: TvPanelId;
  frame: TvFrame | null;
  config: TvConfig;
  style: CSSProperties;
}

/** One panel of the page, from the latest frame. */
export function TvPanelView({ panel, frame, config, style }: TvPanelViewProps) {
  const { thresholds } = config;
  const period = windowLabel(config.window);
  const comparedWith = `previous ${period.replace(/^last /, '')}`;
  const unfiltered = unfilteredScope(config);
  // Only throughput follows the filter; every other figure says it counts all traffic.
  const scope = unfiltered === null ? capitalize(period) : `${unfiltered} · ${period}`;
  const title = TV_PANEL_TITLES[panel];
  const common = { id: panel, title, comparedWith, style };

  switch (panel) {
    case 'throughput':
      return <FigurePanel {...common} scope={`${throughputScope(config)} · ${period}`} reading={throughputReading(frame, thresholds)} />;
    case 'latency':
      return <FigurePanel {...common} scope={scope} reading={latencyReading(frame, thresholds)} />;
    case 'errorRate':
      return <FigurePanel {...common} scope={scope} reading={errorRateReading(frame, thresholds)} />;
    case 'deadLetters':
      return <FigurePanel {...common} scope={scope} reading={deadLettersReading(frame, thresholds)} />;
    case 'exceptions':
      return <ListPanel {...common} scope={scope} reading={exceptionsReading(frame, thresholds)} emptyText="No exceptions" />;
    case 'regions':
      return (
        <ListPanel
          {...common}
          scope={scope}
          reading={regionsReading(frame, config.region)}
          emptyText={frame ? `No events in the ${period}` : 'Waiting for data'}
        />
      );
    case 'pipeline': {
      const reading = pipelineReading(frame, thresholds);
      return <PipelinePanel title={title} reading={reading} lagThreshold={thresholds.lagWarn === null ? null : `above ${formatCount(thresholds.lagWarn)}`} style={style} />;
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
