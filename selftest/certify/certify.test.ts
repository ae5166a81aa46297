/**
 * The whole certification against the embedded sandbox, as a partner runs it: `npm run certify`.
 * Done-when (issue 4): exits 0 with every item of the default profile passed and none else, wall time printed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certify, statuses, tail } from './run';
import { CHECKLIST_ORDER } from '../../helpers/item';

test('npm run certify on the embedded sandbox: every item of the default profile passes', { timeout: 240_000 }, async () => {
  const run = await certify();
  const st = statuses(run);
  const bad = CHECKLIST_ORDER.filter((id) => st[id] !== 'passed');
  assert.deepEqual(bad.map((id) => `${id}=${st[id]}`), [], `items not passed:\n${tail(run.stdout)}\n${tail(run.stderr, 1500)}`);
  assert.equal(run.code, 0, 'certify exits 0');
  assert.match(run.stdout, /certification wall time: [\d.]+ s/);
  console.log(`certification wall time (boot included): ${(run.wallMs / 1000).toFixed(1)} s`);
});

test('a profile without voice/porting/MMS/data marks those items not-applicable, never passed', { timeout: 240_000 }, async () => {
  const run = await certify({ CERT_PROFILE: 'api-only' });
  const st = statuses(run);
  for (const id of ['5', '8a', '8b', '8c', '8d', '8e', '8f', '12', '13', '14', '15', '16', '17']) assert.equal(st[id], 'not-applicable', `item ${id}`);
  for (const id of ['1', '2', '3', '4', '6', '7', '8', '9', '10', '11', '18', '19']) assert.equal(st[id], 'passed', `item ${id}:\n${tail(run.stdout)}`);
});
