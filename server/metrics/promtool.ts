import { spawnSync } from 'node:child_process';

export interface PromtoolResult {
  status: number;
  stdout: string;
  stderr: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** The promtool binary: PROMTOOL_PATH, else `promtool` on the PATH (Debian's `prometheus` package ships /usr/bin/promtool). */
export function promtoolPath(): string {
  return process.env.PROMTOOL_PATH || 'promtool';
}

/**
 * Runs promtool with `args` (and `input` on stdin), bounded by a timeout.
 * Returns its exit status and output; throws when promtool cannot be run at all,
 * times out or dies from a signal.
 */
export function runPromtool(args: string[], input?: string, timeoutMs = DEFAULT_TIMEOUT_MS): PromtoolResult {
  const bin = promtoolPath();
  const result = spawnSync(bin, args, { input, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 });
  const command = `${bin} ${args.join(' ')}`;
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES') {
      throw new Error(
        `promtool not found (${bin}): install Debian's \`prometheus\` package (apt-get install prometheus), ` +
          'which provides /usr/bin/promtool, or set PROMTOOL_PATH to a promtool binary.',
      );
    }
    if (code === 'ETIMEDOUT') throw new Error(`${command} timed out after ${timeoutMs} ms`);
    throw new Error(`${command} failed to run: ${result.error.message}`);
  }
  if (result.status === null) {
    throw new Error(`${command} was killed by ${result.signal ?? 'a signal'}:\n${result.stdout}${result.stderr}`);
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
