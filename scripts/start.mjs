#!/usr/bin/env node
// `npm start`: checks the configuration, builds the pages if they are not built (or
// older than their sources), then runs the production server in this terminal.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildIfNeeded, root } from './buildIfNeeded.mjs';

const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const env = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };

// A bad variable should stop us in a second, not after a build.
const check = spawnSync(tsx, [path.join(root, 'server', 'checkConfig.ts')], { stdio: 'inherit', env });
if (check.status !== 0) process.exit(check.status ?? 1);

const built = buildIfNeeded();
if (built !== 0) {
  console.error('The build failed; see above.');
  process.exit(built);
}

// A young generation of 32 MB a semi-space instead of V8's 16. The server's heap holds the
// pages' code and libraries besides the pipeline's state, and a larger heap slows the same
// fold (a core run with 150 MB of other live objects beside it ran 10-25 % slower); with
// more room, fewer of a batch's short-lived objects outlive the young generation. Side by
// side on one Kafka topic of 1,000,000 records the whole server folded 1.05-1.19 times as
// fast with it (docs/benchmarks.md). NODE_OPTIONS that set their own size keep it.
const youngGeneration = /--max-semi-space-size/.test(process.env.NODE_OPTIONS ?? '') ? [] : ['--max-semi-space-size=32'];

// Node itself, with tsx as its loader, rather than the tsx command: that command relays a
// signal only if the child acknowledges it within 30 ms, and otherwise kills it outright
// (SIGKILL), so a server busy for a moment would die without leaving its consumer group.
const server = spawn(process.execPath, [...youngGeneration, '--import', 'tsx', path.join(root, 'server', 'main.ts')], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
