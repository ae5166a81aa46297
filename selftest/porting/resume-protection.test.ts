/**
 * A killed `--resume` must not hand the open port-in to `npm run cleanup` (defect: the resume dropped every non-passed
 * item record when it started, so a SIGKILL while 8c waited on the carrier left nothing pending to protect), and the
 * protection set is what pending items need — never everything because the sign-off (item 19) waits with them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanupLedger, itemsPendingWorkNeeds } from '../../helpers/cleanup';
import { Ledger } from '../../helpers/ledger';
import { pendingLedger } from './pending-ledger';
import { startFakeServer } from '../client/fake-server';

const SECRET = 'resume-protect-secret-Q4';
test('a --resume killed while 8c waits: the pending records stay (resuming) and npm run cleanup keeps the open port-in', async () => {
  const file = pendingLedger();
  Ledger.begin(file, { target: 'http://127.0.0.1:1', profile: 'mvno-full', resume: true });
  // … the resumed run is SIGKILLed here, before 8c ends: nothing else is written
  const st = Ledger.read(file)!;
  assert.equal(st.items['8c']?.status, 'pending', 'the pending record of 8c stays while the resume re-runs it');
  assert.equal(st.items['8c']?.resuming, true);
  const s = await startFakeServer();
  try {
    s.on('POST /v1.0/numbers/portin/cancel', () => ({ status: 200, body: {} }));
    const r = await cleanupLedger(file, { baseUrl: s.baseUrl, accountKey: 'DID-resume', accountSecret: SECRET, log: () => {} });
    assert.equal(s.count('POST', '/v1.0/numbers/portin/cancel'), 0, 'the open port-in is not cancelled');
    assert.ok(
      r.pending.some((l) => /JNOID-OPEN/.test(l)),
      `kept for pending items: ${JSON.stringify(r.pending)}`,
    );
    assert.ok(
      r.pending.some((l) => /MR-1/.test(l)),
      "8b's prerequisite (item 4's route) kept",
    );
  } finally {
    await s.close();
  }
});

test("a resumed pending item's earlier record is replaced only when the item ends in this run", () => {
  const file = pendingLedger();
  const l = Ledger.begin(file, { target: 'http://127.0.0.1:1', profile: 'mvno-full', resume: true });
  l.saveId('8c', 'PORTIN_ORDER', 'JNOID-OPEN'); // a step of the re-run item: the record is still the earlier one
  assert.equal(l.itemStatus('8c')?.resuming, true);
  assert.ok(itemsPendingWorkNeeds(l).has('8b'));
  for (const id of ['8c', '8e', '18']) l.setItem(id, { status: 'passed', endedAt: new Date().toISOString() });
  assert.equal(l.itemStatus('8c')?.resuming, undefined, 'ended in this run: no longer the earlier record');
  assert.equal(l.itemStatus('8c')?.status, 'passed');
  // only the sign-off is left pending (awaiting its prerequisites / the teams): it protects nothing
  assert.deepEqual([...itemsPendingWorkNeeds(l)], ['19']);
});

test('the protection set: pending items and their prerequisites — not everything because item 19 waits with them', () => {
  const file = pendingLedger();
  const need = itemsPendingWorkNeeds(new Ledger(file));
  for (const id of ['8c', '8b', '8a', '4', '6', '1', '8e', '8d', '18', '10', '7']) assert.ok(need.has(id), `item ${id} protected`);
  for (const id of ['2', '3', '8', '8f', '9', '14', '17']) assert.ok(!need.has(id), `item ${id} not protected (needed by no pending item but 19)`);
});
