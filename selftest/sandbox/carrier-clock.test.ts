/**
 * Issue 16: the embedded sandbox's carrier clock (sandbox/clock.ts). The fast default is 200 ms a step; while a fault
 * that holds reads back is active (429-burst, 5xx, latency, token-expiry-storm — the client waits 1 s after a 429 or
 * 503, seed 003 §11) it is 1500 ms, decided when each step is scheduled, so a fault switched on at run time counts too.
 * A configured clock (portStepMs, carrierSteps) and the realistic one are never changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAST_CARRIER, FAST_CARRIER_UNDER_FAULTS, carrierNow, uniformSteps } from '../../sandbox/clock';
import { boot } from './_world';

test('carrierNow: the default lengthens under a read-delaying fault only; a configured clock never', () => {
  assert.deepEqual(carrierNow(FAST_CARRIER, true, []), FAST_CARRIER);
  assert.deepEqual(carrierNow(FAST_CARRIER, true, ['webhook-dup']), FAST_CARRIER, 'a webhook fault holds no read back');
  for (const f of ['429-burst', '5xx:3', 'latency:50', 'token-expiry-storm'])
    assert.deepEqual(carrierNow(FAST_CARRIER, true, [f]), FAST_CARRIER_UNDER_FAULTS, f);
  assert.ok(FAST_CARRIER_UNDER_FAULTS.approvalMs > 1000 + 4 * 100, 'a step outlasts one retry gap (1 s) plus reads');
  assert.deepEqual(carrierNow(uniformSteps(60_000), false, ['5xx']), uniformSteps(60_000), 'configured: unchanged');
});

test('a fault switched on at run time lengthens the steps scheduled after it (health says so)', async () => {
  const { sb, api } = await boot();
  try {
    const health = async () => (await api.raw('GET', '/_sandbox/health', undefined, false)).body as { carrierClock: { submittedMs: number } };
    assert.equal((await health()).carrierClock.submittedMs, FAST_CARRIER.submittedMs);
    const set = await api.raw('POST', '/_sandbox/faults', { faults: ['5xx'] }, false);
    assert.equal(set.status, 200);
    assert.equal((await health()).carrierClock.submittedMs, FAST_CARRIER_UNDER_FAULTS.submittedMs);
    await api.raw('POST', '/_sandbox/faults', { faults: [] }, false);
    assert.equal((await health()).carrierClock.submittedMs, FAST_CARRIER.submittedMs);
  } finally {
    await sb.close();
  }
});
