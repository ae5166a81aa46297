/**
 * Read-after-write settle (ruling R-read-after-write): a GET that must succeed, answered 404 right after the resource
 * was created, is read again with backoff within a short window — a distributed platform may not serve a new resource
 * at once. Only for reads expected to succeed (steps ok()); never for negative tests (refused()), never for a POST.
 */
import type { CallOptions, CallResult, TelegentClient } from './types';

export interface SettledRead {
  /** the last answer (a 200 inside the window, or the last 404) */
  res: CallResult;
  /** how many reads answered 404 before it */
  reads404: number;
  /** ms from the first 404 to the last answer */
  waitedMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Default window on a real target (CERT_READ_SETTLE_MS overrides it in the runtime). */
export const DEFAULT_READ_SETTLE_MS = 3000;

/** Is this a read the settle applies to: a GET that answered 404? */
export function settles(op: string, res: Pick<CallResult, 'status'>): boolean {
  return /^GET /.test(op) && res.status === 404;
}

/**
 * `first` (a GET answered 404) read again until it answers something other than 404 or `windowMs` has passed; waits
 * start at a sixth of the window (at most 1 s) and double, the last read lands at the window's end.
 */
export async function settleRead(api: Pick<TelegentClient, 'call'>, op: string, opts: CallOptions, first: CallResult, windowMs: number): Promise<SettledRead> {
  const started = Date.now();
  let res = first;
  let reads404 = 1;
  let wait = Math.max(10, Math.min(1000, Math.round(windowMs / 6)));
  while (settles(op, res)) {
    const left = started + windowMs - Date.now();
    if (left <= 0) break;
    await sleep(Math.min(wait, left));
    wait *= 2;
    res = await api.call(op, opts);
    if (settles(op, res)) reads404 += 1;
  }
  return { res, reads404, waitedMs: Date.now() - started };
}
