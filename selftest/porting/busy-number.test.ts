/**
 * R-fresh-beside-pending, without the ledger (a fresh clone): a port-in submit refused because the number is taken —
 * an order still open for it, the number already on Telegent, a 409 — makes the item manual (helpers/porting.ts
 * portInNumberBusy); any other refusal stays a failure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { portInNumberBusy, portInNumberUsedUpReason } from '../../helpers/porting';

const N = '+13125550142';
const refusal = (status: number, Message: string) => ({ status, body: { StatusCode: status, Message } });

test('a taken number is named as test data, with the ways on', () => {
  for (const r of [
    refusal(400, `An open port-in order (JNUOID-1) already exists for ${N}; update or cancel it`),
    refusal(400, `Number ${N} is already active on Telegent`),
    refusal(409, 'Conflict'),
    refusal(400, 'A pending port request exists for this number'),
  ]) {
    const why = portInNumberBusy(N, r);
    assert.ok(why, JSON.stringify(r.body));
    assert.match(why!, /cannot be ported in now.*--resume.*PORTIN_NUMBER/);
  }
});

test('any other refusal is judged as before', () => {
  for (const r of [
    refusal(400, `Number ${N} is not eligible for port-in`),
    refusal(400, 'CurrentAccountNumber is required'),
    refusal(400, 'PortInNumber must be an E.164 phone number'),
    refusal(404, 'Account not found'),
  ])
    assert.equal(portInNumberBusy(N, r), undefined, JSON.stringify(r.body));
});

// R-portin-number-used: a PORTIN_NUMBER an earlier run ported in answers Eligible: false at the next run's item 8a
test('eligibility false for a number already on Telegent is used-up test data (manual), naming the ways on', () => {
  const sandbox = { PhoneNumber: N, Eligible: false, CurrentCarrier: 'Telegent', Message: 'Number is already active on Telegent' };
  assert.match(portInNumberUsedUpReason(N, sandbox, true)!, /already on Telegent — on this account.*another PORTIN_NUMBER/);
  assert.ok(portInNumberUsedUpReason(N, { ...sandbox, CurrentCarrier: 'Verizon', Message: '' }, true), 'on the account, whatever it says');
  assert.ok(portInNumberUsedUpReason(N, { ...sandbox, CurrentCarrier: 'Verizon' }, false), 'the platform says it is active there');
});

test('any other Eligible: false for the configured number is judged', () => {
  const refusal = { PhoneNumber: N, Eligible: false, CurrentCarrier: 'Verizon', Message: 'Number is not eligible for port-in' };
  assert.equal(portInNumberUsedUpReason(N, refusal, false), undefined);
  assert.equal(portInNumberUsedUpReason(N, { PhoneNumber: N, Eligible: false }, false), undefined);
});
