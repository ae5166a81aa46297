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

/**
 * `look` repeated until `done` holds for its answer or `windowMs` has passed: waits start at `firstMs` and double
 * (the vendor backoff), the last look lands at the window's end. Shared by the read settle and the reconciliation
 * settle after an ambiguous fault (R-reconcile-settle).
 */
export async function repeatWithin<T>(
  look: () => Promise<T>,
  done: (v: T) => boolean,
  plan: { windowMs: number; firstMs: number },
): Promise<{ value: T; looks: number; ms: number }> {
  const started = Date.now();
  let wait = Math.max(1, plan.firstMs);
  for (let looks = 1; ; looks++) {
    const value = await look();
    const left = started + plan.windowMs - Date.now();
    if (done(value) || left <= 0) return { value, looks, ms: Date.now() - started };
    await sleep(Math.min(wait, left));
    wait *= 2;
  }
}

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
  let given = true; // the first look is the answer already given; every later one reads again
  const look = async () => (given ? ((given = false), first) : api.call(op, opts));
  const got = await repeatWithin(look, (res) => !settles(op, res), { windowMs, firstMs: Math.max(10, Math.min(1000, Math.round(windowMs / 6))) });
  return { res: got.value, reads404: got.looks - (settles(op, got.value) ? 0 : 1), waitedMs: got.ms };
}
