/**
 * R-fresh-beside-pending (helpers/pending-run.ts): a fresh certify is refused when the report directory's ledger is a
 * pending run against the same target that still holds what its pending items need; not for another target, not once
 * a cleanup gave the pending work up, and the refusal names the port-in only when one is kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { pendingRunOf, pendingRunProblems } from '../../helpers/pending-run';
import type { LedgerState } from '../../helpers/ledger';
import { pendingLedger } from './pending-ledger';

const TARGET = 'http://127.0.0.1:1';
const edit = (file: string, f: (s: LedgerState) => void) => {
  const s = JSON.parse(fs.readFileSync(file, 'utf8')) as LedgerState;
  f(s);
  fs.writeFileSync(file, JSON.stringify(s));
};

test('a pending run holding an open port-in: found, in checklist order, the port-in named first', () => {
  const file = pendingLedger();
  const p = pendingRunOf(file, TARGET);
  assert.ok(p);
  assert.deepEqual(p!.items, ['8c', '8e', '18', '19']);
  const [what, ways] = pendingRunProblems(p!, file);
  assert.match(what, /is PENDING on this target: item\(s\) 8c, 8e, 18, 19 wait.*— portin-order:main JNOID-OPEN \(item 8b\)/);
  assert.match(ways, /--resume.*--include-pending.*--fresh.*a second port-in for the same number/);
});

test('another target, or the pending work given up: no refusal', () => {
  const file = pendingLedger();
  assert.equal(pendingRunOf(file, 'https://api.telegent.example'), undefined, 'another target');
  edit(file, (s) => s.resources.forEach((r) => (r.state = 'deleted')));
  assert.equal(pendingRunOf(file, TARGET), undefined, 'npm run cleanup -- --include-pending undid it');
});

test('only a CDR cycle pending: refused, without the port-in sentence', () => {
  const file = pendingLedger();
  edit(file, (s) => {
    for (const id of ['8c', '8e']) s.items[id] = { status: 'passed', endedAt: s.updatedAt, ids: {} };
    s.resources = s.resources.filter((r) => !r.kind.startsWith('portin'));
  });
  const p = pendingRunOf(file, TARGET);
  assert.ok(p, 'what item 18 needs is still on the target');
  assert.doesNotMatch(pendingRunProblems(p!, file)[1], /port-in/);
});
