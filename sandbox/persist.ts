/**
 * Sandbox state in a file (realistic mode, or SANDBOX_STATE_FILE / --state): the store (accounts, numbers, orders, …),
 * the clock offset, the order timers (they live in the orders: `nextAt` on the sandbox clock), the next CDR cycle and
 * the issued tokens. Written atomically (temp file + rename), debounced after changes, and on close. A restarted
 * sandbox with the same file continues where it was: same IDs, same open port-ins, same carrier clock.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Sandbox, TokenRec } from './core';
import { restore, snapshot as snapshotStore } from './state';

/** the store's own persistent form (sandbox/state.ts `snapshot`) */
type StoreSnapshot = ReturnType<typeof snapshotStore>;

export const STATE_FORMAT = 'telegent-sandbox-state/1';

export interface SandboxSnapshot {
  format: typeof STATE_FORMAT;
  savedAt: string;
  accountKey: string;
  clockOffset: number;
  numberSeq: number;
  cdrNextAt: number | null;
  tokens: TokenRec[];
  /** CDR records waiting for the next delivery cycle */
  cdrPending?: unknown[];
  store: StoreSnapshot;
}

/** what persistence may ask the CDR service (sandbox/cdr); optional so the in-memory sink also fits */
interface CdrPendingIo {
  pendingRecords?(): unknown[];
  restorePending?(records: unknown[]): void;
}
const cdrIo = (sb: Sandbox) => (sb.usage ?? {}) as unknown as CdrPendingIo;

export function snapshot(sb: Sandbox): SandboxSnapshot {
  const now = sb.now();
  return {
    format: STATE_FORMAT,
    savedAt: new Date().toISOString(),
    accountKey: sb.opts.accountKey,
    clockOffset: sb.clockOffset,
    numberSeq: sb.numberSeq,
    cdrNextAt: sb.cdrNextAt,
    tokens: [...sb.tokens.values()].filter((t) => t.expiresAt > now),
    cdrPending: cdrIo(sb).pendingRecords?.() ?? [],
    store: snapshotStore(sb.store),
  };
}

/** the saved state, or undefined when the file does not exist; throws when it exists but cannot be used */
export function readState(file: string): SandboxSnapshot | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let snap: SandboxSnapshot;
  try {
    snap = JSON.parse(text) as SandboxSnapshot;
  } catch (e) {
    throw new Error(`state file ${file} is not JSON (${(e as Error).message}); move it away to start afresh`);
  }
  if (snap?.format !== STATE_FORMAT || !snap.store?.collections)
    throw new Error(`state file ${file} is not a ${STATE_FORMAT} file; move it away to start afresh`);
  return snap;
}

export function applyState(sb: Sandbox, snap: SandboxSnapshot): void {
  if (snap.accountKey !== sb.opts.accountKey) {
    throw new Error(`the state file belongs to AccountKey ${snap.accountKey}, not ${sb.opts.accountKey}; use another state file`);
  }
  restore(sb.store, snap.store);
  sb.clockOffset = Number(snap.clockOffset) || 0;
  sb.numberSeq = Number(snap.numberSeq) || 0;
  sb.cdrNextAt = typeof snap.cdrNextAt === 'number' ? snap.cdrNextAt : null;
  sb.tokens.clear();
  for (const t of snap.tokens ?? []) sb.tokens.set(t.token, t);
  if (Array.isArray(snap.cdrPending) && snap.cdrPending.length) cdrIo(sb).restorePending?.(snap.cdrPending);
}

/** write `text` to `file` atomically: a temp file beside it, fsync'd, then renamed over it */
export function writeAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export interface Persister {
  /** state changed: save within `debounceMs` (at most `maxWaitMs` after the first unsaved change) */
  changed(): void;
  /** save now if anything is unsaved */
  flush(): void;
  /** final save; no further saves */
  close(): void;
}

export function createPersister(sb: Sandbox, file: string, opts: { debounceMs?: number; maxWaitMs?: number } = {}): Persister {
  const debounceMs = opts.debounceMs ?? 250;
  const maxWaitMs = opts.maxWaitMs ?? 2000;
  let timer: NodeJS.Timeout | undefined;
  let firstUnsaved = 0;
  let last = '';
  let closed = false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    firstUnsaved = 0;
    const { savedAt: _t, ...rest } = snapshot(sb);
    const text = JSON.stringify(rest);
    if (text === last) return;
    try {
      writeAtomic(file, JSON.stringify({ ...rest, savedAt: new Date().toISOString() }));
      last = text;
    } catch (e) {
      sb.log.warn(`state not saved to ${file}: ${(e as Error).message}`);
    }
  };
  const changed = () => {
    if (closed) return;
    const now = Date.now();
    if (!firstUnsaved) firstUnsaved = now;
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, Math.max(0, Math.min(debounceMs, firstUnsaved + maxWaitMs - now)));
    timer.unref();
  };
  return {
    changed,
    flush,
    close: () => {
      if (closed) return;
      flush();
      closed = true;
    },
  };
}
