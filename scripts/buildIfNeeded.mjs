// Builds the Next.js pages when there is no build yet or a source is newer than it.
// Shared by `npm start` and `npm test`, so neither builds twice nor serves stale pages.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_INPUTS = ['app', 'components', 'lib', 'public', 'next.config.js', 'package.json', 'package-lock.json', 'tsconfig.json'];

export function needsBuild() {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((input) => newestChange(path.join(root, input)) > builtAt);
}

/** Returns the build's exit status (0 when nothing needed building). */
export function buildIfNeeded() {
  if (!needsBuild()) return 0;
  console.error('Building the dashboard (first start, or sources changed)…');
  const build = spawnSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  return build.status ?? 1;
}

function newestChange(file) {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestChange(path.join(file, entry)));
  return newest;
}
