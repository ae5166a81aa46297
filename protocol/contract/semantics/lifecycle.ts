/**
 * Family 3 — lifecycle order (`lifecycle.order`). Documented state machines checked as sequences of observations:
 *   port-in   Submitted → Pending Carrier Approval → Scheduled → Completed; Rejected (then portin/update → back to
 *             approval); Cancelled is final (seed 003 §8.2, seed 001 item 8e);
 *   orders    Pending → Complete; Complete / Completed / Cancelled / Failed are final (seed 003 §8);
 *   numbers   Active ⇄ Parked, Active → Cancelled → (reactivate) Active — a number changes state only when asked
 *             (seed 003 §8.3, ruling R-status-verbs).
 * A real carrier takes days and the suite polls: an intermediate state skipped between two observations is only a
 * warning. Errors are the impossible orders: a state before its predecessor could have happened (Scheduled /
 * Completed at submission), a move out of a final state, a regression without an update, leaving Rejected without
 * an update, a number changing state nobody asked for or into a state other than the one asked for (a status word of
 * none of the known states is the platform's own vocabulary, undocumented: a warning, ruling R-status-verbs).
 */
import type { Finding } from '../types';

export const LIFECYCLE_BASIS =
  'seed 003 §8.2 (port-in: Submitted → Pending Carrier Approval → Scheduled → Completed; Rejected → update; Cancelled final) + seed 001 item 8e';
export const NUMBER_BASIS = 'seed 003 §8.3 + ruling R-status-verbs (a number changes state through numbers/status or numbers/reactivate)';

export type OrderKind = 'portin' | 'order';

export interface Observation {
  /** the status judged (a port-in's in the checklist's word: "Error" with a carrier reason is Rejected, R-portin-status-spelling) */
  status: string;
  /** the status as the platform wrote it, when it differs (shown in findings) */
  read?: string;
  at: number;
  /** the status came with the submission's own response */
  atSubmission?: boolean;
  /** a portin/update was answered between the previous observation and this one */
  updatedBefore?: boolean;
}

const PORTIN_STAGE: Record<string, number> = { submitted: 0, pending: 0, 'pending carrier approval': 1, scheduled: 2, completed: 3, complete: 3 };
const FINAL = new Set(['completed', 'complete', 'cancelled', 'canceled', 'failed']);
const norm = (s: string) => s.trim().toLowerCase();

function finding(kind: string, id: string, prev: string | undefined, next: string, why: string, severity: 'error' | 'warning', basis: string): Finding {
  return {
    check: 'lifecycle.order',
    severity,
    pointer: '',
    expected: why.startsWith('skipped') ? 'each documented state in turn' : prev ? `a state that may follow "${prev}"` : 'the first state of the lifecycle',
    actual: prev ? `"${prev}" → "${next}"` : `"${next}"`,
    message: `lifecycle: ${kind} ${id} ${prev ? `went "${prev}" → "${next}"` : `reported "${next}"`}: ${why}`,
    basis,
  };
}

/** an observation's status as the platform wrote it ("Error" for a rejection read in that spelling) */
const shown = (o: Observation): string => o.read ?? o.status;

/** Named check: one more observation of an order (port-in or another order), judged against the one before. */
export function lifecycleOrder(kind: OrderKind, id: string, prev: Observation | undefined, next: Observation): Finding[] {
  const n = norm(next.status);
  const basis = kind === 'portin' ? LIFECYCLE_BASIS : 'seed 003 §8 (an order is Pending then Complete; a completed order stays completed)';
  if (kind === 'portin' && next.atSubmission && ['scheduled', 'completed', 'complete', 'cancelled'].includes(n)) {
    return [
      finding(
        kind,
        id,
        undefined,
        shown(next),
        'a state reported at submission that needs the carrier first (a terminal or scheduled state before submission could have been approved)',
        'error',
        basis,
      ),
    ];
  }
  if (!prev) return [];
  const p = norm(prev.status);
  if (p === n) return [];
  if (FINAL.has(p)) return [finding(kind, id, shown(prev), shown(next), `moved out of the final state "${prev.status}"`, 'error', basis)];
  if (kind !== 'portin') {
    const rank = (s: string) => (FINAL.has(s) ? 2 : s === 'pending' || s === 'submitted' || s === 'in progress' || s === 'processing' ? 0 : 1);
    return rank(n) < rank(p) ? [finding(kind, id, shown(prev), shown(next), 'went backwards', 'error', basis)] : [];
  }
  if (n === 'cancelled' || n === 'canceled') return [];
  if (p === 'rejected') {
    if (!next.updatedBefore)
      return [
        finding(kind, id, shown(prev), shown(next), 'left Rejected without a portin/update (a rejected order resumes only when corrected)', 'error', basis),
      ];
    return (PORTIN_STAGE[n] ?? 0) > 1
      ? [finding(kind, id, shown(prev), shown(next), 'skipped carrier approval after the update (between two polls: may have passed unseen)', 'warning', basis)]
      : [];
  }
  if (n === 'rejected') return [];
  const ps = PORTIN_STAGE[p];
  const ns = PORTIN_STAGE[n];
  if (ps === undefined || ns === undefined) return [];
  if (ns < ps && !next.updatedBefore) return [finding(kind, id, shown(prev), shown(next), 'went backwards without an update', 'error', basis)];
  if (ns > ps + 1)
    return [
      finding(
        kind,
        id,
        shown(prev),
        shown(next),
        `skipped ${ns - ps - 1} documented state(s) between two polls ${Math.round((next.at - prev.at) / 1000)} s apart (a slow poll may miss a state: provisional)`,
        'warning',
        basis,
      ),
    ];
  return [];
}

/** the state a number is asked to reach by a status change (ruling R-status-verbs) */
export function requestedNumberState(change: string): RegExp | undefined {
  const c = norm(change);
  if (c === 'park' || c === 'suspend') return /^(park|suspend)/i;
  if (c === 'activate' || c === 'restore' || c === 'reactivate') return /^activ/i;
  if (c === 'cancel' || c === 'deactivate') return /^(cancel|deactiv|disconnect)/i;
  return undefined;
}

/**
 * Named check: a number's Status moved from `prev` to `next`; `asked` is the change requested in between
 * (undefined = nothing was asked of this number since `prev` was read).
 */
export function numberLifecycle(
  number: string,
  prev: string | undefined,
  next: string,
  asked: { change: string; op: string } | undefined | 'other',
): Finding[] {
  if (!prev || norm(prev) === norm(next) || asked === 'other') return [];
  if (!asked) return [finding('number', number, prev, next, 'changed state although no status change was requested', 'error', NUMBER_BASIS)];
  const want = requestedNumberState(asked.change);
  if (!want || want.test(next)) return [];
  // the word of another state (asked to cancel, reads Parked) is the wrong state: an error. A word of none of them is
  // the platform's own vocabulary for the state asked — a number's Status words are not documented (R-status-verbs,
  // item 8's number.status-word): a warning, as the item's own check is
  const other = ['park', 'activate', 'cancel'].some((c) => requestedNumberState(c)!.source !== want.source && requestedNumberState(c)!.test(next));
  return [
    finding(
      'number',
      number,
      prev,
      next,
      `${asked.op} asked for "${asked.change}" but the number moved to "${next}"${other ? '' : " (a status word of the platform's own: the vocabulary is not documented, R-status-verbs)"}`,
      other ? 'error' : 'warning',
      NUMBER_BASIS,
    ),
  ];
}

/**
 * Named check: a number whose port-out PIN was just issued keeps its service until the port-out completes (seed 003
 * §8.3: "Don't suspend service before the port-out completes"). Read parked / suspended or cancelled: an error; another
 * word than before: a warning (the Status vocabulary is not documented, R-status-verbs).
 */
export function serviceKeptForPortOut(number: string, before: string, after: string): Finding[] {
  if (norm(before) === norm(after)) return [];
  const stopped = requestedNumberState('park')!.test(after) || requestedNumberState('cancel')!.test(after);
  return [
    {
      check: 'lifecycle.portout-service',
      severity: stopped ? 'error' : 'warning',
      pointer: '/Status',
      expected: `"${before}" as before the PIN was issued (in service until the port-out completes)`,
      actual: `"${after}"`,
      message: `lifecycle: number ${number} went "${before}" → "${after}" when its port-out PIN was issued${stopped ? ': service stopped before the port-out completed' : " (a status word of the platform's own, R-status-verbs)"}`,
      basis: 'seed 003 §8.3 ("Don\'t suspend service before the port-out completes") + R-status-verbs',
    },
  ];
}
