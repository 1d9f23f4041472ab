#!/usr/bin/env node
// `npm start`: checks the configuration, builds the pages if they are not built (or
// older than their sources), then runs the production server in this terminal.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const env = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };

// A bad variable should stop us in a second, not after a build.
const check = spawnSync(bin('tsx'), [path.join(root, 'server', 'checkConfig.ts')], { stdio: 'inherit', env });
if (check.status !== 0) process.exit(check.status ?? 1);

if (needsBuild()) {
  console.error('Building the dashboard (first start, or sources changed)…');
  const build = spawnSync(bin('next'), ['build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env });
  if (build.status !== 0) {
    console.error('The build failed; see above.');
    process.exit(build.status ?? 1);
  }
}

const server = spawn(bin('tsx'), [path.join(root, 'server', 'main.ts')], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

function needsBuild() {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  const sources = ['app', 'components', 'lib', 'public', 'next.config.js', 'package.json'];
  return sources.some((source) => newestChange(path.join(root, source)) > builtAt);
}

function newestChange(file) {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestChange(path.join(file, entry)));
  return newest;
}
