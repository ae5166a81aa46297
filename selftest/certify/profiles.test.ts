/**
 * Issue 11: every scope profile passes on the embedded sandbox (the default mvno-full run is in certify.test.ts).
 * Out-of-scope items are `not-applicable`, never passed; the IoT profile provisions iot numbers and its data
 * session attaches on iot.joonto.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certify, statuses, tail } from './run';
import { PROFILES } from '../../helpers/profiles';

for (const profile of Object.keys(PROFILES).filter((p) => p !== 'mvno-full')) {
  test(`profile ${profile} passes on the embedded sandbox`, { timeout: 240_000 }, async () => {
    const run = await certify({ CERT_REPORT_PDF: '0' }, ['--profile', profile]);
    const st = statuses(run);
    const bad = Object.entries(st).filter(([, s]) => s !== 'passed' && s !== 'not-applicable');
    assert.deepEqual(bad, [], `profile ${profile}:\n${tail(run.stdout)}`);
    assert.equal(run.signoff?.verdict, 'PASS');
    assert.equal(run.code, 0);
    if (profile === 'api-only') {
      // out of scope is not-applicable, never passed
      for (const id of ['5', '8a', '8b', '8c', '8d', '8e', '8f', '12', '13', '14', '15', '16', '17']) assert.equal(st[id], 'not-applicable', `item ${id}`);
      for (const id of ['1', '2', '3', '4', '6', '7', '8', '9', '10', '11', '18', '19']) assert.equal(st[id], 'passed', `item ${id}`);
    }
    if (profile === 'iot') {
      const item7 = JSON.stringify(run.signoff.items.find((i: { id: string }) => i.id === '7'));
      assert.match(item7, /\\?"NumberType\\?":\\?"iot/, 'item 7 provisioned iot numbers');
      assert.equal(st['17'], 'passed', 'the data session attached on iot.joonto');
    }
  });
}
