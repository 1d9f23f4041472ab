import fs from 'node:fs';

/**
 * `pid` and every process under it, parents before children, read from /proc. The server
 * runs under wrappers (npm, scripts/start.mjs, then node on server/main.ts): what holds
 * the sockets, the memory and the data directory is the innermost. Bounded by the process table.
 */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone since the listing.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length && i < parents.size; i += 1) for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  return tree;
}

/** The innermost process under `wrapperPid` that runs server/main.ts: the server itself. */
export function serverPidUnder(wrapperPid: number): number {
  const running = processTree(wrapperPid).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('server/main.ts');
    } catch {
      return false;
    }
  });
  const innermost = running.at(-1);
  if (innermost === undefined) throw new Error(`no process under ${wrapperPid} runs server/main.ts`);
  return innermost;
}
