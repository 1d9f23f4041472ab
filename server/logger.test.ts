import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

/** Collects what the logger writes, one parsed JSON object per line. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const rawLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        rawLines.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, rawLines, destination };
}

describe('createLogger', () => {
  it('writes one JSON line per message with level, time, component and fields such as the trace id', () => {
    const { lines, destination } = capture();
    const logger = createLogger('waybill', { format: 'json', destination });
    logger.info('rebuilt state', { records: 42, traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', component: 'waybill', msg: 'rebuilt state', records: 42, traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(Date.parse(lines[0]!.time as string)).not.toBeNaN();
  });

  it('names the component of a child and serialises errors with their stack', () => {
    const { lines, rawLines, destination } = capture();
    const logger = createLogger('waybill', { format: 'json', destination }).child('alerts');
    logger.warn('webhook down', new Error('connect ECONNREFUSED'));
    expect(lines[0]).toMatchObject({ level: 'warn', component: 'alerts', msg: 'webhook down' });
    // Written once: JSON with a key twice is read differently by different tools.
    expect(rawLines.at(-1)!.match(/"component"/g)).toHaveLength(1);
    expect((lines[0]!.err as { message: string; stack: string }).message).toBe('connect ECONNREFUSED');
    expect((lines[0]!.err as { stack: string }).stack).toContain('logger.test.ts');
  });

  it('drops lines below its level', () => {
    const { lines, destination } = capture();
    const logger = createLogger('waybill', { format: 'json', level: 'warn', destination });
    logger.info('not shown');
    logger.error('shown', 'a plain string error');
    expect(lines.map((line) => line.msg)).toEqual(['shown']);
    expect((lines[0]!.err as { message: string }).message).toBe('a plain string error');
  });
});
