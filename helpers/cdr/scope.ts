/**
 * Which delivered CDRs belong to THIS run. On a shared dev account the CDR feed also carries earlier runs'
 * records and other users' traffic; those are not this run's business. A record belongs to the run when its
 * Telegent-side number (outbound: From, inbound: To, data: the line) is one of the run's numbers AND its
 * time lies inside the run's window. Unmatched records that belong to the run are "unexpected" (a defect);
 * the others are ignored and reported as information.
 */
import { normalizeE164 } from '../../protocol/e164';
import type { CdrRecord } from '../../protocol/cdr/types';
import type { ExpectedTraffic } from './expected';

export interface RunScope {
  numbers: Set<string>;
  /** epoch ms, inclusive; NaN bounds = no expected traffic (nothing belongs) */
  from: number;
  to: number;
}

const owned = (direction: string | undefined, from: string, to: string): string[] =>
  direction === 'outbound' ? [from] : direction === 'inbound' ? [to] : [from, to];

/** The run's numbers and time window, from the expected traffic (or `expected.numbers` / `expected.window` when given), widened by `toleranceMs`. */
export function runScope(expected: ExpectedTraffic, toleranceMs: number): RunScope {
  const numbers = new Set<string>();
  const times: number[] = [];
  for (const s of expected.sms) {
    owned(s.direction, s.from, s.to).forEach((n) => numbers.add(normalizeE164(n)));
    times.push(Date.parse(s.at));
  }
  for (const v of expected.voice) {
    owned(v.direction, v.from, v.to).forEach((n) => numbers.add(normalizeE164(n)));
    times.push(Date.parse(v.startedAt), v.endedAt ? Date.parse(v.endedAt) : NaN);
  }
  for (const d of expected.data ?? []) {
    numbers.add(normalizeE164(d.number));
    times.push(Date.parse(d.startedAt), d.endedAt ? Date.parse(d.endedAt) : NaN);
  }
  for (const n of expected.numbers ?? []) numbers.add(normalizeE164(n));
  numbers.delete('');
  const ok = times.filter(Number.isFinite);
  const from = expected.window ? Date.parse(expected.window.from) : ok.length ? Math.min(...ok) : NaN;
  const to = expected.window ? Date.parse(expected.window.to) : ok.length ? Math.max(...ok) : NaN;
  return { numbers, from: from - toleranceMs, to: to + toleranceMs };
}

function recordNumbersAndTime(r: CdrRecord): { numbers: string[]; at: number } {
  if (r.kind === 'sms') return { numbers: owned(r.fields.direction, r.fields.from, r.fields.to), at: Date.parse(r.fields.timestamp) };
  if (r.kind === 'voice') return { numbers: owned(r.fields.direction, r.fields.from, r.fields.to), at: Date.parse(r.fields.startTime) };
  return { numbers: [r.fields.number], at: Date.parse(r.fields.startTime) };
}

/** Does this (unmatched) record belong to the run? An unreadable time counts as inside the window (the careful side). */
export function belongsToRun(r: CdrRecord, scope: RunScope): boolean {
  const { numbers, at } = recordNumbersAndTime(r);
  if (!numbers.some((n) => scope.numbers.has(normalizeE164(n)))) return false;
  if (!Number.isFinite(scope.from) || !Number.isFinite(scope.to)) return false;
  return !Number.isFinite(at) || (at >= scope.from && at <= scope.to);
}
