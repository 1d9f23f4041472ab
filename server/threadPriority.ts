import fs from 'node:fs';
import os from 'node:os';

/** How much nicer than the process a background thread runs: the event loop's thread keeps 0. */
export const BACKGROUND_NICENESS = 10;

/**
 * Lowers the calling thread's scheduling priority, where the system gives threads their
 * own (Linux: a thread's id is a process id to setpriority). Waking a background thread at
 * the same priority let it take the core of the event loop's thread on a busy machine: on
 * two cores, during a rebuild, posting a request to the log's reader took 45 µs at the
 * median and 2.6 ms or more once in a hundred (about the time to read a run), measured.
 * At a lower priority the woken thread waits for a free core instead.
 * Answers whether the priority was lowered; elsewhere nothing changes.
 */
export function lowerThisThreadsPriority(niceness = BACKGROUND_NICENESS): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const thread = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(thread) || thread <= 0) return false;
    os.setPriority(thread, Math.min(19, os.getPriority(thread) + niceness));
    return true;
  } catch {
    // No /proc, or a sandbox that refuses: the thread runs as before.
    return false;
  }
}
