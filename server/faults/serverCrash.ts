import fs from 'node:fs';
import { SeededRandom } from '../sources/simulator/random';
import { processTree } from '../testing/processTree';
import type { RunningServer } from '../testing/runningServer';

const EXIT_TIMEOUT_MS = 10_000;
const GONE_POLL_ATTEMPTS = 100;
const GONE_POLL_INTERVAL_MS = 50;

/** The server's process and everything it started, parents first. */
export function processTreeOf(server: RunningServer): number[] {
  const rootPid = server.process.pid;
  if (rootPid === undefined) throw new Error('the server process has no pid');
  return processTree(rootPid);
}

/** A killed process may linger as a zombie until it is reaped; it holds no port and no file then. */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/**
 * SIGKILLs the server and everything it started, as a power cut or the OOM killer would.
 *
 * `server.process` is `scripts/start.mjs`, which runs node on `server/main.ts`: killing
 * the wrapper alone leaves the real server running, orphaned, still answering on its
 * port and still writing to DATA_DIR (a SIGKILL cannot be forwarded). So the whole tree is
 * killed, the process that does the work first, and this resolves once all of it is gone.
 */
export async function crashServer(server: RunningServer, tree = processTreeOf(server)): Promise<void> {
  const rootPid = server.process.pid;
  const exited =
    server.process.exitCode !== null || server.process.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`pid ${rootPid} did not exit after SIGKILL`)), EXIT_TIMEOUT_MS);
          server.process.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        });
  for (const pid of [...tree].reverse()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already: a wrapper whose child died exits by itself.
    }
  }
  await exited;
  for (let attempt = 0; attempt < GONE_POLL_ATTEMPTS && !tree.every(isGone); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, GONE_POLL_INTERVAL_MS));
  }
  const survivors = tree.filter((pid) => !isGone(pid));
  if (survivors.length > 0) throw new Error(`processes ${survivors.join(', ')} of the server survived SIGKILL`);
}

/**
 * A clean shutdown (SIGTERM, which the wrappers forward). `server.stop()` falls back to a
 * SIGKILL of the wrapper alone, which would orphan the real server: what is left is killed.
 */
export async function stopServer(server: RunningServer, tree = processTreeOf(server)): Promise<void> {
  await server.stop();
  for (const pid of tree.filter((pid) => !isGone(pid))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Exited in the meantime.
    }
  }
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((settle, fail) => {
    resolve = settle;
    reject = fail;
  });
  // No client may be waiting when a start fails; whoever started it sees the failure anyway.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * One server at a time on the same DATA_DIR, crashed and started again on demand. Clients
 * ask `whenUp()` where to send: during a restart that is the next server, once it is ready,
 * so a client that lost its connection waits for the restart instead of polling.
 */
export class RestartingServer {
  private current: RunningServer | null = null;
  /**
   * Taken when the server listens, so that a kill is immediate: listing processes takes
   * long enough for a request in flight to be answered first, and kills would then miss
   * the moment they are meant to hit.
   */
  private currentTree: number[] = [];
  private up: Deferred<RunningServer> = deferred();
  private restarts = 0;
  private stopped = false;
  /** Every server started, with its processes: none may outlive the test, whatever failed. */
  private readonly started: { server: RunningServer; tree: number[] }[] = [];

  constructor(
    private readonly options: {
      start: (dataDir: string | undefined) => Promise<RunningServer>;
      /** What "up" means for this mode: listening, or done rebuilding too. */
      ready: (server: RunningServer) => Promise<void>;
    },
  ) {}

  get server(): RunningServer | null {
    return this.current;
  }

  get restartCount(): number {
    return this.restarts;
  }

  whenUp(): Promise<RunningServer> {
    return this.up.promise;
  }

  async start(): Promise<RunningServer> {
    const dataDir = this.current?.dataDir;
    try {
      const server = await this.options.start(dataDir);
      // Listening, so the whole chain of processes is there.
      const tree = processTreeOf(server);
      if (this.stopped) {
        // `stop()` has been and gone: this one would outlive the test.
        await crashServer(server, tree);
        throw new Error('stopped while a server was starting');
      }
      this.started.push({ server, tree });
      this.current = server;
      this.currentTree = tree;
      await this.options.ready(server);
    } catch (error) {
      this.up.reject(error);
      throw error;
    }
    this.up.resolve(this.current);
    return this.current;
  }

  /** SIGKILLs the running server, then starts another on the same DATA_DIR. */
  async crashAndRestart(): Promise<RunningServer> {
    if (!this.current) throw new Error('no server to crash');
    // Before the kill: a client that sees its connection fail must already find the promise of the next server.
    this.up = deferred();
    await crashServer(this.current, this.currentTree);
    this.restarts += 1;
    return this.start();
  }

  /**
   * Crashes the server `kills` times, each at a random moment `minDelayMs`..`maxDelayMs`
   * after it came up, drawn from `seed` so a failing run can be repeated. `moment`, when
   * given, picks the instant from there (e.g. within the next request).
   */
  async crashRepeatedly(options: {
    kills: number;
    seed: number;
    minDelayMs: number;
    maxDelayMs: number;
    moment?: (random: SeededRandom) => Promise<void>;
    signal?: AbortSignal;
  }): Promise<void> {
    const random = new SeededRandom(options.seed);
    for (let kill = 0; kill < options.kills && !options.signal?.aborted; kill += 1) {
      await new Promise((resolve) => setTimeout(resolve, random.integer(options.minDelayMs, options.maxDelayMs)));
      await options.moment?.(random);
      if (options.signal?.aborted) return;
      await this.crashAndRestart();
    }
  }

  /** A clean shutdown and a start on the same DATA_DIR: the state is rebuilt from the log alone. */
  async restartCleanly(): Promise<RunningServer> {
    if (!this.current) throw new Error('no server to restart');
    this.up = deferred();
    await stopServer(this.current, this.currentTree);
    this.restarts += 1;
    return this.start();
  }

  /**
   * Ends with a clean shutdown of the current server (SIGTERM, forwarded to the real one),
   * and kills whatever else is left: a server that a failed test left half started.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.up = deferred();
    this.up.reject(new Error('the server was stopped'));
    for (const { server, tree } of this.started) {
      if (server === this.current) await stopServer(server, tree);
      else if (!tree.every(isGone)) await crashServer(server, tree);
    }
  }
}
