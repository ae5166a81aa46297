/**
 * Items 8a and 8c. 8c: a corrected port-in resumes (seed 003 §8.2 step 3). The watch of the corrected order ignores the
 * old rejection read before the carrier picks the correction up, and ends on a rejection read after it was back with
 * the carrier; check porting.rejected-after-update fails that one (the same reason: the correction never reached the
 * carrier). 8a: a number not eligible comes with the reason (porting.eligibility-reason).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eligibilityReasonFindings, rejectedAfterUpdate, resumedOrRejectedAgain } from '../../helpers/porting';

const walk = (statuses: string[]) => {
  const done = resumedOrRejectedAgain();
  return statuses.findIndex((s) => done(s));
};

test('the watch: Scheduled ends it; the old rejection does not; a rejection after the carrier had it does', () => {
  assert.equal(walk(['Rejected', 'Rejected', 'Pending Carrier Approval', 'Scheduled']), 3);
  assert.equal(walk(['Rejected', 'Rejected']), -1, 'not picked up yet: the watch goes on');
  assert.equal(walk(['Pending Carrier Approval', 'Rejected']), 1);
  assert.equal(walk(['Rejected', 'Pending Carrier Approval', 'Error']), 2, 'Error is the vendor spelling of a rejection');
  assert.equal(walk(['Cancelled']), 0);
});

test('porting.rejected-after-update: a final rejection is an error naming the reason; anything else is no finding', () => {
  const same = rejectedAfterUpdate('O1', { OrderStatus: 'Rejected', OrderStatusMessage: '8A-ACCOUNT' }, '8A-ACCOUNT');
  assert.equal(same.length, 1);
  assert.equal(same[0].severity, 'error');
  assert.equal(same[0].check, 'porting.rejected-after-update');
  assert.match(same[0].message, /never reached the carrier/);
  assert.match(rejectedAfterUpdate('O1', { OrderStatus: 'Error', OrderStatusMessage: '6P-LOCK' }, '8A-ACCOUNT')[0].message, /first rejection: 8A-ACCOUNT/);
  assert.deepEqual(rejectedAfterUpdate('O1', { OrderStatus: 'Scheduled' }, '8A-ACCOUNT'), []);
  assert.deepEqual(rejectedAfterUpdate('O1', undefined, undefined), []);
});

test('porting.eligibility-reason (8a): not eligible needs a Message; eligible, or any reason text, is no finding', () => {
  assert.deepEqual(eligibilityReasonFindings({ PhoneNumber: '+15005550001', Eligible: false, Message: 'carrier does not port' }), []);
  assert.deepEqual(eligibilityReasonFindings({ Eligible: true, Message: null }), []);
  for (const Message of [null, '', '  ', undefined]) {
    const f = eligibilityReasonFindings({ PhoneNumber: '+15005550001', Eligible: false, Message });
    assert.deepEqual(
      f.map((x) => [x.check, x.severity]),
      [['porting.eligibility-reason', 'error']],
    );
  }
});
