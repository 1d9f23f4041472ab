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

// Node itself, with tsx as its loader, rather than the tsx command: that command relays a
// signal only if the child acknowledges it within 30 ms, and otherwise kills it outright
// (SIGKILL), so a server busy for a moment would die without leaving its consumer group.
const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'main.ts')], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
