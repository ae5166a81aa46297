/**
 * Checks added by the second hunt for held-out defects: item 11 reads a received message back (R-inbound-details),
 * item 8 judges the inventory entry after a status change (R-inventory-status), item 10 names a report left in transit
 * (R-dlr-final-status).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inboundDetailsFindings } from '../../helpers/inbound-details';
import { inventoryStatusFindings } from '../../helpers/numbers';
import { dlrNotFinal } from '../../helpers/messaging';
import { expectedTraffic } from '../../helpers/cdr/steps';

const post = { from: '+12015550100', to: '+12015550199' };

test('a received message read back: inbound, from the sender, to the receiving number, in any documented form', () => {
  assert.deepEqual(inboundDetailsFindings('TMID-1', { Direction: 'INBOUND', From: '+12015550100', To: '+12015550199' }, post), []);
  assert.deepEqual(inboundDetailsFindings('TMID-1', { Direction: 'inbound', From: '+12015550100', To: [{ Number: '+12015550199' }] }, post), []);
  const swapped = inboundDetailsFindings('TMID-1', { Direction: 'INBOUND', From: '+12015550199', To: '+12015550100' }, post);
  assert.deepEqual(
    swapped.map((f) => f.pointer),
    ['/From', '/To'],
  );
  assert.ok(swapped.every((f) => f.severity === 'error' && f.check === 'message.inbound-details' && /R-inbound-details/.test(f.basis ?? '')));
  assert.deepEqual(
    inboundDetailsFindings('TMID-1', { Direction: 'OUTBOUND', From: '+12015550100', To: '+12015550199' }, post).map((f) => f.pointer),
    ['/Direction'],
  );
});

test('the inventory after a status change: a stale entry fails, the new state or no entry passes', () => {
  const change = { verb: 'suspend', before: /^activ/i, details: 'Parked' };
  assert.deepEqual(inventoryStatusFindings('+12015550100', { Number: '+12015550100', Status: 'Parked' }, change), []);
  assert.deepEqual(inventoryStatusFindings('+12015550100', undefined, change), [], 'not listed: not judged here');
  assert.deepEqual(inventoryStatusFindings('+12015550100', { Number: '+12015550100' }, change), [], 'no Status: the schema says so');
  const f = inventoryStatusFindings('+12015550100', { Number: '+12015550100', Status: 'Active' }, change);
  assert.equal(f.length, 1);
  assert.equal(f[0].check, 'number.inventory-status');
  assert.equal(f[0].severity, 'error');
  assert.match(f[0].basis ?? '', /R-inventory-status/);
});

test('a delivery report left in transit names what it said and how long was waited', () => {
  const f = dlrNotFinal('TMID-1', 'Sent', 3_000);
  assert.equal(f.check, 'dlr.final-status');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /only Sent/);
  assert.match(f.basis ?? '', /R-dlr-final-status/);
});

test("an answered leg's end is the partner SBC's first BYE (traffic.voice.ends): expectedTraffic holds its endTime to it", () => {
  const data: Record<string, unknown> = {
    'traffic.voice': [
      { callId: 'c1', direction: 'outbound', from: '+12015550100', to: '+12015550199', startedAt: '2026-11-30T20:00:00.000Z', answered: true },
      { callId: 'c2', direction: 'inbound', from: '+12015550199', to: '+12015550100', startedAt: '2026-11-30T20:00:01.000Z' },
    ],
    'traffic.voice.ends': [
      { callId: 'c1', endedAt: '2026-11-30T20:00:03.000Z' },
      { callId: 'c2', endedAt: '2026-11-30T20:00:04.000Z' },
    ],
  };
  const ledger = { getData: (k: string) => data[k] } as any;
  const got = expectedTraffic({ ledger, events: [], paths: { inbound: '/inbound-sms' } as any });
  assert.equal(got.voice[0].endedAt, '2026-11-30T20:00:03.000Z', 'the answered leg');
  assert.equal(got.voice[1].endedAt, undefined, 'an unanswered leg is not judged on its end');
});
