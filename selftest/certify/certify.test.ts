/**
 * Scope profiles: out-of-scope items are not-applicable, never passed. (The default profile's full run is in
 * broken-target.test.ts, which also checks secrets, the gate and regressions on the same report directory.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certify, statuses, tail } from './run';

test('a profile without voice/porting/MMS/data marks those items not-applicable, never passed', { timeout: 240_000 }, async () => {
  const run = await certify({ CERT_PROFILE: 'api-only' });
  const st = statuses(run);
  for (const id of ['5', '8a', '8b', '8c', '8d', '8e', '8f', '12', '13', '14', '15', '16', '17']) assert.equal(st[id], 'not-applicable', `item ${id}`);
  for (const id of ['1', '2', '3', '4', '6', '7', '8', '9', '10', '11', '18', '19']) assert.equal(st[id], 'passed', `item ${id}:\n${tail(run.stdout)}`);
});
