/**
 * protocol/dates: the request dates (EffectiveDate, PortInDate) are the platform's calendar day. A nightly run at
 * 01:00 UTC is still the previous evening in Mountain time: sending the UTC date there asks for tomorrow, and the
 * platform schedules the status change instead of making it (item 8 would read the old status and fail).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mmddyyyy } from '../../protocol/dates';

test('EffectiveDate is the calendar day in the platform zone (Mountain time by default), or the zone given', () => {
  const lateEvening = new Date('2026-11-30T03:00:00Z'); // 20:00 MST on Nov 29
  assert.equal(mmddyyyy(lateEvening), '11/29/2026');
  assert.equal(mmddyyyy(lateEvening, 'UTC'), '11/30/2026');
  assert.equal(mmddyyyy(new Date('2026-11-30T18:00:00Z')), '11/30/2026');
  assert.equal(mmddyyyy(new Date('2026-07-01T05:59:00Z')), '06/30/2026', 'daylight time: UTC-6');
  assert.equal(mmddyyyy(new Date('2026-07-01T06:00:00Z')), '07/01/2026');
  assert.equal(mmddyyyy(lateEvening, 'Asia/Tokyo'), '11/30/2026');
});
