/**
 * One run per ledger: a certification holds `<ledger>.lock` (its process id, when it started) while it runs, so a
 * `npm run cleanup` started beside it — an operator tidying up while the nightly's `--resume` waits on a port-in —
 * cannot undo what the run is using, and a second certification into the same report directory cannot overwrite its
 * ledger. A lock whose process is gone (a crash, a kill) is stale and taken over. Dependencies: node's fs only.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

export interface RunLock {
  pid: number;
  host: string;
  startedAt: string;
  /** what holds it: `certify` (the partner's entry point) or `playwright` (a run started without it) */
  by: string;
}

export function lockFileOf(ledgerFile: string): string {
  return `${ledgerFile}.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // it exists, another user's
  }
}

function read(file: string): RunLock | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RunLock;
  } catch {
    return undefined;
  }
}

/** The live run holding the lock; undefined when there is none or its process is gone (on this host). */
export function lockHolder(file: string): RunLock | undefined {
  const l = read(file);
  if (!l || typeof l.pid !== 'number') return undefined;
  if (l.host !== os.hostname()) return l; // another machine's run on a shared directory: assume it lives
  return alive(l.pid) ? l : undefined;
}

/** Takes the lock for `pid`, or answers the live holder (nothing written). A stale lock is replaced. */
export function acquireRunLock(file: string, by: string, pid = process.pid): { ok: true } | { ok: false; holder: RunLock } {
  const lock: RunLock = { pid, host: os.hostname(), startedAt: new Date().toISOString(), by };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(lock), { flag: 'wx' });
      return { ok: true };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = lockHolder(file);
      if (holder && holder.pid !== pid) return { ok: false, holder };
      fs.rmSync(file, { force: true }); // stale (or our own): take it over
    }
  }
  return { ok: false, holder: read(file) ?? lock };
}

/** Gives the lock up when `pid` holds it (a lock taken over by another run is left alone). */
export function releaseRunLock(file: string, pid = process.pid): void {
  if (read(file)?.pid === pid) fs.rmSync(file, { force: true });
}

export function describeHolder(h: RunLock): string {
  const remote = h.host !== os.hostname();
  return `${h.by} (process ${h.pid}${remote ? ` on ${h.host}: if that run died, delete its .lock file` : ''}, started ${h.startedAt})`;
}

/**
 * A stop asked for (SIGINT / SIGTERM through `npm run certify`): the runner leaves `<ledger>.stopping` so the workers'
 * item lifecycle knows an item whose later tests never started did not end (a stop between two of its tests) — it is
 * recorded interrupted, never passed. Cleared when the next run starts.
 */
export function stopMarkerOf(ledgerFile: string): string {
  return `${ledgerFile}.stopping`;
}

export function markStopping(ledgerFile: string): void {
  try {
    fs.writeFileSync(stopMarkerOf(ledgerFile), new Date().toISOString());
  } catch {
    // the report directory went away: nothing to protect
  }
}

export function stopRequested(ledgerFile: string): boolean {
  return fs.existsSync(stopMarkerOf(ledgerFile));
}

export function clearStopMarker(ledgerFile: string): void {
  fs.rmSync(stopMarkerOf(ledgerFile), { force: true });
}
