/**
 * HTTP-date in its three forms (RFC 9110 §5.6.7; benign date-header-asctime): the platform clock and an HTTP-date
 * Retry-After read an asctime or rfc850 Date header as UTC. Before: Date.parse read asctime in this machine's zone, and
 * on a machine in New York the platform clock read 5 h ahead (item 18 shifted the expected CDR times by it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDateField, parseHttpDate } from '../../helpers/client/http-date';
import { readPlatformClock } from '../../helpers/client';
import { parseRetryAfter } from '../../helpers/client/policy';

const AT = Date.UTC(2026, 11, 1, 2, 9, 11);

test('parseHttpDate: IMF-fixdate, rfc850-date and asctime-date are the same UTC instant; other text is NaN', () => {
  const tz = process.env.TZ;
  process.env.TZ = 'America/New_York';
  try {
    assert.equal(parseHttpDate('Tue, 01 Dec 2026 02:09:11 GMT'), AT);
    assert.equal(parseHttpDate('Tuesday, 01-Dec-26 02:09:11 GMT', AT), AT);
    assert.equal(parseHttpDate('Tue Dec  1 02:09:11 2026'), AT);
    assert.equal(parseHttpDate('Tue Dec 11 02:09:11 2026'), Date.UTC(2026, 11, 11, 2, 9, 11));
    // rfc850's two-digit year more than 50 years ahead is the past century's
    assert.equal(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', AT), Date.UTC(1994, 10, 6, 8, 49, 37));
    assert.ok(Number.isNaN(parseHttpDate('2026-12-01T02:09:11Z')));
    assert.ok(Number.isNaN(parseHttpDate('Tue Foo  1 02:09:11 2026')));
    // the lenient reader still takes what Date.parse takes
    assert.equal(parseDateField('2026-12-01T02:09:11Z'), AT);
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
});

test('the platform clock and an HTTP-date Retry-After read an asctime Date header as UTC, in any machine zone', () => {
  const tz = process.env.TZ;
  process.env.TZ = 'America/New_York';
  try {
    const r = readPlatformClock('Tue Dec  1 02:09:11 2026', AT, AT)!;
    assert.equal(r.offsetMs, 500);
    assert.equal(parseRetryAfter('Tue Dec  1 02:09:13 2026', AT + 60_000, 'Tue Dec  1 02:09:11 2026'), 2000);
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
});
