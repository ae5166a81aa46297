/**
 * What a step or a spec says about the outcome — a value only the operator can supply (manual), an extra check
 * without its data (skipped), an ID saved, pending / manual, a warning on an assumption, a conformance assertion —
 * recorded as structured findings in the running test's evidence.
 */
import { test, expect } from '@playwright/test';
import type { Ledger } from '../ledger';
import type { ItemMeta } from '../item-meta';
import { redact } from '../../protocol/redact';
import type { Finding } from '../../protocol/contract';
import { testContext } from './context';

/**
 * A value the step cannot do without that only the operator can supply (test data of the real network).
 * Missing → the item is `manual`, with the variable to set; never a made-up default.
 */
export function needed<T>(value: T | undefined, variable: string, what: string): T {
  if (value === undefined || value === null || value === '') markManual(`${what} is not configured: set ${variable} (see .env.example)`);
  return value as T;
}

/**
 * A value an extra check of a step needs (another distributor's ID, a number known not to be portable).
 * Missing → that one check is skipped with a note naming the variable; the item still stands on its other proofs.
 */
export function optionalData<T>(value: T | undefined, variable: string, what: string): T {
  if (value === undefined || value === null || value === '') {
    test.info().annotations.push({ type: 'not-configured', description: `${what}: set ${variable} to run this check` });
    test.skip(true, `not configured: ${what} (set ${variable})`);
  }
  return value as T;
}

/** One extra check of the test cannot be made (a wait longer than allowed…): skipped with its reason; the item stands. */
export function skipCheck(reason: string): void {
  test.info().annotations.push({ type: 'check-skipped', description: reason });
  test.skip(true, reason);
}

/** Save an ID the checklist says to save: into the ledger and onto the test result. */
export function saveId(ledger: Ledger, meta: ItemMeta, name: string, value: string): void {
  ledger.saveId(meta.id, name, value);
  test.info().annotations.push({ type: 'saved-id', description: `${name}=${value}` });
}

/** Mark the current item pending (waiting on the outside world) and stop this test without failing it. */
export function markPending(reason: string): never {
  test.info().annotations.push({ type: 'pending', description: reason });
  test.skip(true, `pending: ${reason}`);
  throw new Error('unreachable');
}

/** Mark the current item as needing an operator (no device / no attestation in CI). */
export function markManual(reason: string): never {
  test.info().annotations.push({ type: 'manual', description: reason });
  test.skip(true, `manual: ${reason}`);
  throw new Error('unreachable');
}

/**
 * A check whose basis is an assumption (inferred, provisional, or a ruling on something the vendor leaves open):
 * when it does not hold it is a warning in the report, never a failure.
 */
export function warnUnless(holds: boolean, f: { check: string; expected: string; actual: unknown; message: string; basis: string }): void {
  if (holds) return;
  const actual = String(redact(typeof f.actual === 'string' ? f.actual : (JSON.stringify(f.actual) ?? 'missing'))).slice(0, 300);
  testContext()?.evidence.finding({ check: f.check, severity: 'warning', pointer: '', expected: f.expected, actual, message: f.message, basis: f.basis });
}

/**
 * Assert there is no error finding; the message lists each with pointer / expected / actual. (Playwright's expect is
 * reached only with an error to report: a passing check adds no step to the runner's traffic.)
 */
export function expectConformant(findings: Finding[], what: string): void {
  const errors = findings.filter((f) => f.severity === 'error');
  for (const f of findings) testContext()?.evidence.finding(f);
  if (!errors.length) return;
  expect(
    redact(errors),
    redact(
      `${what}:\n${errors.map((f) => `  ${f.check} ${f.op ?? ''} ${f.pointer}: expected ${f.expected}, got ${f.actual} — ${f.message}${f.basis ? ` [basis: ${f.basis}]` : ''}`).join('\n')}`,
    ),
  ).toEqual(redact([]));
}

/**
 * The current test expects an outcome that reads as a failure (e.g. a port-in submitted with the account number the
 * carrier rejects): status fields matching `value` do not fail it. Noted in the evidence with the reason.
 */
export function expectOutcome(value: RegExp, why: string): void {
  const ctx = testContext();
  ctx?.observer?.expectOutcome(value, why);
  ctx?.evidence.note(`expected outcome ${value}: ${why}`);
}

/**
 * A webhook the step received about message `messageId` (its delivery report, or the inbound receipt at the other
 * number): judged for its status and against what the API and the other channels said about the same message.
 */
export function observeEvent(kind: 'dlr' | 'inbound', messageId: string, body: unknown): Finding[] {
  return testContext()?.observer?.event(kind, messageId, body) ?? [];
}

/**
 * A failed assertion in plain words: what was checked (the assertion's own message, else the test's title), what was
 * expected and what came — read from the assertion's Expected/Received lines when it has them.
 */
export function failureInWords(raw: string, testTitle: string): { message: string; expected: string; actual: string } {
  const msg = raw.replace(/\u001b\[[0-9;]*m/g, '');
  const lines = msg
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const first = (lines[0] ?? msg).replace(/^Error:\s*/, '');
  const matcher = /^expect\((?:received)?\)/.test(first);
  const line = (re: RegExp) =>
    lines
      .map((l) => re.exec(l)?.[1])
      .find((v) => v !== undefined)
      ?.trim();
  const expected = line(/^Expected(?: value| pattern| string| substring| length)?:\s*(.+)$/);
  const actual = line(/^Received(?: value| array| string| length| object)?:\s*(.+)$/) ?? /got (.+)/.exec(first)?.[1];
  return {
    message: (matcher ? testTitle : first).slice(0, 500),
    expected: (expected ?? testTitle).slice(0, 300),
    actual: (actual ?? (matcher ? lines.slice(1, 3).join(' ') : first)).slice(0, 300),
  };
}
