/**
 * Transient-fault reconciliation: a non-idempotent call met a fault after which its effect is unknown (timeout,
 * connection lost after sending, 500/503/504 — or 408/429 when a probe is given). The caller's `reconcile()`
 * probe decides: found → the call succeeds with the found resource; not found → resent; no probe → not resent.
 */
import { AmbiguousOutcomeError } from './errors';
import { repeatWithin } from './settle';
import type { CallFault, CallOptions, CallResult, TryRecord } from './types';

/** The probe's answer: the first attempt took effect (`value` is the found resource), or it did not (resend). */
export type ProbeAnswer = { done: true; value: unknown } | { done: false };

/** The found resource's ID, for the note: `idField` when given, else the first `…Id` / `…ID` string field (then Tnid / Number). */
export function foundResourceId(value: unknown, idField?: string): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (idField && typeof v[idField] === 'string') return v[idField] as string;
  const k =
    Object.keys(v).find((x) => /(Id|ID)$/.test(x) && typeof v[x] === 'string' && v[x]) ?? ['Tnid', 'TNID', 'Number'].find((x) => typeof v[x] === 'string');
  return k ? (v[k] as string) : undefined;
}

/** Result extras of a call whose fault was absorbed by reconciliation: success, the fault kept, one readable note. */
export function reconciledExtra(outcome: CallFault['outcome'], reason: string, value: unknown, idField?: string): Partial<CallResult> {
  const id = foundResourceId(value, idField);
  const what = typeof outcome === 'number' ? `${reason} answered` : reason;
  return { reconciled: true, fault: { outcome, reason }, note: `${what}; reconciliation found the created resource${id ? ` ID ${id}` : ''} — not resent` };
}

/** How long a reconciliation lookup that finds nothing is repeated (R-reconcile-settle): a window, backoff from `firstMs`. */
export interface SettlePlan {
  /** total window (0 = one lookup) */
  windowMs: number;
  /** first wait between lookups; doubled after each (vendor backoff) */
  firstMs: number;
}

/** Repeat `look` until it finds a value or the window has passed (the last lookup lands at the window's end). */
function lookWithin(look: () => Promise<unknown>, settle: SettlePlan | undefined): Promise<{ value: unknown; looks: number; ms: number }> {
  return repeatWithin(look, (v) => v !== undefined, { windowMs: settle?.windowMs ?? 0, firstMs: settle?.firstMs ?? 0 });
}

/**
 * Ask the caller's probe whether the attempt took effect; the try's note says what was decided. After an ambiguous
 * fault (`settle` given) a probe that finds nothing is asked again within the settle window — a platform may list a
 * new resource a moment late (R-reconcile-settle). Throws (an AmbiguousOutcomeError without a probe, or the probe's
 * own error: the lookup could not tell): the caller records the failed call, nothing is resent.
 */
export async function askProbe(o: {
  op: string;
  reason: string;
  tr: TryRecord;
  attempts: number;
  reconcile: CallOptions['reconcile'];
  settle?: SettlePlan;
}): Promise<ProbeAnswer> {
  const { reason, tr } = o;
  if (!o.reconcile) {
    tr.note = `${reason}: ambiguous, no reconcile → not resent`;
    throw new AmbiguousOutcomeError(o.op, reason, o.attempts);
  }
  let got: Awaited<ReturnType<typeof lookWithin>>;
  try {
    got = await lookWithin(o.reconcile, o.settle);
  } catch (e) {
    tr.note = `${reason}: reconcile() threw`;
    throw e instanceof Error ? e : new Error(String(e));
  }
  const looked = got.looks > 1 ? ` (${got.looks} lookups over ${got.ms} ms)` : '';
  if (got.value !== undefined) {
    tr.note = `${reason}: reconcile says it took effect${looked}`;
    return { done: true, value: got.value };
  }
  tr.note = `${reason}: reconcile says it did not take effect${looked} → resend`;
  return { done: false }; // the loop's maxAttempts check returns the last response / throws TransportError
}
