import { describe, it, expect } from 'vitest';
import { isBrokerUnreachable, logState } from './logState';
import { health } from './testFixtures';

describe('logState', () => {
  it('reports a reachable broker calmly in Kafka mode', () => {
    expect(logState(health({ mode: 'kafka', status: 'ok' }))).toMatchObject({ label: 'Broker connected', tone: 'calm' });
  });

  it('counts a rebuild as connected: the replay reads from the broker', () => {
    expect(logState(health({ mode: 'kafka', status: 'rebuilding' }))).toMatchObject({
      label: 'Broker connected',
      tone: 'calm',
    });
  });

  it('warns when the broker cannot be reached', () => {
    expect(logState(health({ mode: 'kafka', status: 'degraded' }))).toMatchObject({
      label: 'Broker unreachable',
      tone: 'warning',
    });
  });

  it('tells a group still handing out partitions from a lost broker', () => {
    const joining = logState(health({ mode: 'kafka', status: 'joining' }));
    expect(joining).toMatchObject({ label: 'Joining group', tone: 'warning' });
    expect(joining.description).toContain('The broker answers');
    expect(isBrokerUnreachable(health({ mode: 'kafka', status: 'joining' }))).toBe(false);
  });

  it('says the figures are partial, and which partitions they leave out, while this instance does not fold them all', () => {
    const partial = logState(health({ mode: 'kafka', status: 'ok', partial: true, missingPartitions: [3, 4] }));
    expect(partial).toMatchObject({ label: 'Partial figures', tone: 'warning' });
    expect(partial.description).toContain('partitions 3, 4');
  });

  it('says which partitions are shown as last published while they move', () => {
    const moving = logState(health({ mode: 'kafka', status: 'ok', partial: true, missingPartitions: [], stalePartitions: [2] }));
    expect(moving).toMatchObject({ label: 'Partial figures', tone: 'warning' });
    expect(moving.description).toBe('Partition 2 is shown as last published while it moves to another instance: its newest events may be missing.');
  });

  it('names the embedded log in embedded mode, whatever the status', () => {
    for (const status of ['ok', 'rebuilding', 'degraded'] as const) {
      expect(logState(health({ mode: 'embedded', status }))).toMatchObject({ label: 'Embedded log', tone: 'calm' });
    }
  });

  it('says back pressure is on, and why, while ingest refuses requests', () => {
    const backpressure = { active: true, reason: 'pipeline_behind' as const, since: 1, refusedRequests: 3, pendingItems: 0, requestsInFlight: 1 };
    const state = logState({ ...health({ mode: 'embedded', status: 'ok' }), backpressure });
    expect(state).toMatchObject({ label: 'Back pressure', tone: 'warning' });
    expect(state.description).toContain('the pipeline is behind');
    expect(logState({ ...health({ mode: 'kafka', status: 'ok' }), backpressure: { ...backpressure, active: false, reason: null } }).label).toBe('Broker connected');
    // A lost broker is the bigger news.
    expect(logState({ ...health({ mode: 'kafka', status: 'degraded' }), backpressure }).label).toBe('Broker unreachable');
  });

  it('is unknown until health has arrived', () => {
    expect(logState(null).tone).toBe('unknown');
  });
});

describe('isBrokerUnreachable', () => {
  it('is true only while the status is degraded', () => {
    expect(isBrokerUnreachable(health({ mode: 'kafka', status: 'degraded' }))).toBe(true);
    expect(isBrokerUnreachable(health({ mode: 'kafka', status: 'ok' }))).toBe(false);
    expect(isBrokerUnreachable(health({ mode: 'kafka', status: 'rebuilding' }))).toBe(false);
    expect(isBrokerUnreachable(null)).toBe(false);
  });
});
