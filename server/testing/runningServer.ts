import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the real server the way a user does (`npm start`: production build, custom
 * server, SQLite under DATA_DIR) on a free port of 127.0.0.1, and resolves once it says
 * where it listens. Bounded in time; the caller stops it.
 */
export async function startServer(
  options: {
    dataDir?: string;
    env?: Record<string, string>;
    timeoutMs?: number;
    /** In a process group of its own, as a service manager or a terminal starts it: `process.kill(-pid, …)` signals the whole tree. */
    processGroup?: boolean;
  } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-test-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SIMULATE_RATE: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.processGroup ?? false,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), options.timeoutMs ?? 300_000);
    const onData = () => {
      const match = /Waybill listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });

  return {
    url,
    dataDir,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Polls `/api/health` until the rebuild is done: bounded in attempts. */
export async function waitUntilLive(url: string, attempts = 200): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const response = await fetch(`${url}/api/health`).catch(() => null);
    if (response?.ok) {
      const health = (await response.json()) as { rebuild: { state: string } };
      if (health.rebuild.state === 'live') return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not finish rebuilding`);
}

/** POST /api/events with a body of the given content type; the status and the JSON answer. */
export async function postEvents(url: string, contentType: string, body: string) {
  const response = await fetch(`${url}/api/events`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
