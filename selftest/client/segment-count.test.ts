/**
 * Item 11's long text (ruling R-sms-segment-count): 200 characters outside GSM-7, so a concatenated UCS-2 SMS of 3
 * segments. Segment 1 fails (more than 160 characters never fit one SMS), 3 passes (code points or UTF-16 units),
 * another count of 2 or more warns; the sandbox counts the text as the suite does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { longUnicodeText, segmentCountFindings } from '../../helpers/messaging';
import { gsm7Lossy, segmentParts, segments } from '../../sandbox/util';
import { expectedTraffic } from '../../helpers/cdr/steps';

const A = '+12025550100';
const B = '+12025550101';

test('the long text: 200 characters, UCS-2, unique per run, 3 segments', () => {
  const t = longUnicodeText('0123456789abcdef');
  assert.equal([...t].length <= 200 && [...t].length > 190, true, `${[...t].length} characters`);
  assert.match(t, /^cert 01234567 long \d+ /);
  assert.notEqual(gsm7Lossy(t), t, 'characters outside GSM-7');
  assert.equal(segments(t), 3);
  assert.equal(segmentParts(t).join(''), t);
  assert.equal(segmentParts(t).length, 3);
});

test('Segment of the long text: 1 fails, 3 passes, 2 or 5 warns, a non-number fails', () => {
  const t = longUnicodeText('0123456789abcdef');
  assert.deepEqual(segmentCountFindings(t, 3), []);
  const one = segmentCountFindings(t, 1);
  assert.equal(one.length, 1);
  assert.equal(one[0].severity, 'error');
  assert.equal(one[0].check, 'webhook.inbound.segment-count');
  assert.equal(segmentCountFindings(t, 'x')[0].severity, 'error');
  for (const n of [2, 5]) assert.equal(segmentCountFindings(t, n)[0].severity, 'warning', `Segment ${n}`);
  assert.match(segmentCountFindings(t, 5)[0].basis ?? '', /R-sms-segment-count/);
});

test('a short GSM-7 text: one segment is right, no finding', () => {
  assert.deepEqual(segmentCountFindings('cert 1234 sms', 1), []);
});

test('item 18 bills an inbound SMS the Segment its post reported (not for an MMS, an older-shape post, or a bad Segment)', () => {
  const paths = { cdr: '/hooks/cdr', inbound: '/hooks/run/inbound' };
  const ev = (seq: number, body: unknown) =>
    ({ seq, receivedAt: '2026-01-01T00:00:00.000Z', receivedAtMs: 0, method: 'POST', path: paths.inbound, headers: {}, body }) as any;
  const base = { Owner: B, To: B, From: A, Message_Body: 'x' };
  const got = expectedTraffic({
    ledger: { getData: () => undefined } as any,
    paths,
    events: [
      ev(1, { ...base, Message_ID: 'TMID-in-1', Segment: 3 }),
      ev(2, { ...base, Message_ID: 'TMID-in-2', Segment: 2, MMS_Media_URL: 'https://m.example.com/a' }),
      ev(3, { MessageId: 'TMID-in-3', From: A, To: B, Text: 'x', Timestamp: '2026-01-01T00:00:00Z', Direction: 'inbound' }),
      ev(4, { ...base, Message_ID: 'TMID-in-4', Segment: 'many' }),
    ],
  });
  assert.deepEqual(
    got.sms.map((m) => [m.messageId, m.segments]),
    [
      ['TMID-in-1', 3],
      ['TMID-in-2', undefined],
      ['TMID-in-3', undefined],
      ['TMID-in-4', undefined],
    ],
  );
});
