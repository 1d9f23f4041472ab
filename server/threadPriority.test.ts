import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_NICENESS } from './threadPriority';

// A worker reads its own thread's priority before and after the call: a thread's priority
// is read by the thread's id, which only the thread itself knows.
const probe = `
  const { parentPort } = require('node:worker_threads');
  const fs = require('node:fs');
  const os = require('node:os');
  require('tsx/cjs/api').register();
  const { lowerThisThreadsPriority } = require(${JSON.stringify(require.resolve('./threadPriority.ts'))});
  const thread = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  const before = os.getPriority(thread);
  const lowered = lowerThisThreadsPriority();
  parentPort.postMessage({ before, after: os.getPriority(thread), lowered });
`;

describe('lowerThisThreadsPriority', () => {
  it.runIf(process.platform === 'linux')('makes the calling thread nicer and leaves the process and its event loop as they were', async () => {
    const processBefore = os.getPriority(process.pid);
    const worker = new Worker(probe, { eval: true });
    const seen = await new Promise<{ before: number; after: number; lowered: boolean }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(seen.lowered).toBe(true);
    expect(seen.after).toBe(Math.min(19, seen.before + BACKGROUND_NICENESS));
    expect(os.getPriority(process.pid)).toBe(processBefore);
  });
});
