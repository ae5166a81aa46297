import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VENDOR_RETRY, backoffMs, formatTokenExpiry, isRetrySafe, parseRetryAfter, parseTokenExpiry } from '../../helpers/client';

test('vendor retry constants are the documented ones (seed 003 §11)', () => {
  assert.equal(VENDOR_RETRY.baseMs, 1000);
  assert.equal(VENDOR_RETRY.capMs, 30_000);
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7].map((n) => backoffMs(n, VENDOR_RETRY)),
    [1000, 2000, 4000, 8000, 16000, 30000, 30000],
  );
});

test('tokenExpiry in the vendor format is read as UTC, 12-hour clock', () => {
  assert.equal(parseTokenExpiry('05/02/2026 06:36:13 PM'), Date.UTC(2026, 4, 2, 18, 36, 13));
  assert.equal(parseTokenExpiry('05/02/2026 12:00:00 AM'), Date.UTC(2026, 4, 2, 0, 0, 0));
  assert.equal(parseTokenExpiry('05/02/2026 12:30:00 PM'), Date.UTC(2026, 4, 2, 12, 30, 0));
  assert.equal(parseTokenExpiry('2026-05-02T18:36:13Z'), Date.UTC(2026, 4, 2, 18, 36, 13));
  assert.equal(parseTokenExpiry('soon'), undefined);
  const t = Date.UTC(2026, 10, 23, 23, 5, 9);
  assert.equal(parseTokenExpiry(formatTokenExpiry(t)), t);
});

test('Retry-After: seconds or HTTP date', () => {
  assert.equal(parseRetryAfter('3'), 3000);
  assert.equal(parseRetryAfter(undefined), undefined);
  const now = Date.UTC(2026, 0, 1, 0, 0, 0);
  assert.equal(parseRetryAfter(new Date(now + 7000).toUTCString(), now), 7000);
  assert.equal(parseRetryAfter('garbage'), undefined);
});

test('billable / non-idempotent operations are recognised (extensions first, fallback list otherwise)', () => {
  assert.equal(isRetrySafe({ method: 'POST', path: '/v1.0/numbers/provision', billable: false }), false);
  assert.equal(isRetrySafe({ method: 'POST', path: '/v1.0/message/outbound', billable: false }), false);
  assert.equal(isRetrySafe({ method: 'POST', path: '/v1.0/numbers/update', billable: false }), true);
  assert.equal(isRetrySafe({ method: 'GET', path: '/v1.0/subscriptions', billable: false }), true);
  assert.equal(isRetrySafe({ method: 'POST', path: '/v1.0/numbers/update', billable: true }), false);
  assert.equal(isRetrySafe({ method: 'POST', path: '/v1.0/numbers/update', billable: false, idempotent: false }), false);
  assert.equal(isRetrySafe({ method: 'POST', path: '/v1.0/numbers/provision', billable: false, idempotent: true }), false);
});
