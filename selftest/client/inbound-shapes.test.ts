/**
 * Items 11–12 accept the inbound post in either shape the vendor documents (ruling R-webhook-inbound-shape): the
 * Phase 2 shape, and the older docs page's shape (MessageId, From, To, Text, Timestamp, Direction) — the same
 * message, matched and de-duplicated, with a warning naming the ruling. A post in neither shape still fails, the
 * Phase 2 defects stay errors, an older-shape MMS without a media field warns, and a wait for a post that cannot be
 * matched says what did arrive (redacted) instead of "received 0". Item 18 expects the inbound message of either
 * shape in the CDRs (helpers/cdr/steps expectedTraffic).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { startInbox } from '../../helpers/inbox/server';
import { InboxClient } from '../../helpers/inbox/client';
import { basicAuth, waitForInbound, type Sent } from '../../helpers/messaging';
import { inboundContentTypeFindings, inboundShapeFindings, phase2View, withoutUnverifiableMedia } from '../../helpers/inbox/inbound';
import { Evidence } from '../../helpers/evidence';
import { expectedTraffic } from '../../helpers/cdr/steps';
import { clearSecrets, registerSecret } from '../../protocol/redact';

const PASSWORD = 'inbound-pass-Shape-7h6g5f';
const A = '+12025550100';
const B = '+12025550101';
const sent: Sent = { messageId: 'TMID-aaaaaaaa-2222-4333-8444-555555555555', sentAtMs: Date.now(), text: 'cert shape test', response: {} };
const cfg = { webhookTimeoutMs: 1200, embedded: true } as any;
const AUTH = basicAuth('cert-suite', PASSWORD);

const phase2 = { Message_ID: 'TMID-in-1', Owner: B, To: B, From: A, Message_Body: sent.text, Segment: 1 };
const older = { MessageId: 'TMID-in-1', From: A, To: B, Text: sent.text, Timestamp: '2026-01-01T00:00:00Z', Direction: 'inbound' };

async function receive(bodies: unknown[], kind: 'inbound-sms' | 'inbound-mms' = 'inbound-sms') {
  const inbox = await startInbox({ host: '127.0.0.1' });
  try {
    for (const body of bodies) {
      const r = await request(`http://127.0.0.1:${inbox.publicPort}/hooks/run/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: AUTH },
        body: JSON.stringify(body),
      });
      await r.body.text();
    }
    const hooks = { inboundSms: `http://127.0.0.1:${inbox.publicPort}/hooks/run/inbound`, inboundAuth: { username: 'cert-suite', password: PASSWORD } } as any;
    const evidence = new Evidence();
    const got = await waitForInbound(new InboxClient(inbox.queryUrl), hooks, cfg, sent, B, 0, evidence, kind);
    return { got, evidence };
  } finally {
    await inbox.close();
  }
}

const errors = (fs: ReturnType<typeof inboundShapeFindings>) => fs.filter((f) => f.severity === 'error');

test('an SMS in the older documented shape is the message: matched, de-duplicated on MessageId, a warning naming the ruling', async () => {
  const { got, evidence } = await receive([older, { ...older }]);
  assert.equal(got.shape, 'older');
  assert.equal(got.payload.Message_ID, older.MessageId, 'MessageId read as Message_ID');
  assert.equal(got.payload.Message_Body, sent.text, 'Text read as Message_Body');
  assert.ok(
    evidence.entries.some((e: any) => e.kind === 'note' && /1 redelivered inbound post/.test(e.text)),
    'the redelivery (same MessageId, same payload) is absorbed',
  );
  const f = inboundShapeFindings('inbound-sms', older);
  assert.deepEqual(errors(f), [], 'no error: the item passes');
  const w = f.find((x) => x.check === 'webhook.inbound.shape');
  assert.equal(w?.severity, 'warning');
  assert.equal(w?.basis, 'R-webhook-inbound-shape');
  assert.match(w?.message ?? '', /the platform posted the older documented shape/);
});

test('the Phase 2 shape is unchanged: matched, no shape warning', async () => {
  const { got } = await receive([phase2]);
  assert.equal(got.shape, 'phase2');
  assert.equal(got.payload.Owner, B);
  assert.deepEqual(inboundShapeFindings('inbound-sms', phase2), []);
});

test('a post in neither shape still fails: older fields missing, wrong types', async () => {
  const { Timestamp: _t, Direction: _d, ...partial } = older;
  await assert.rejects(receive([partial]), /\/(Timestamp|Direction)/, 'older shape without Timestamp / Direction');
  const wrongType = inboundShapeFindings('inbound-sms', { ...older, MessageId: 42 });
  assert.ok(
    errors(wrongType).some((f) => f.pointer === '/MessageId'),
    JSON.stringify(wrongType),
  );
  assert.ok(
    errors(inboundShapeFindings('inbound-sms', { ...older, From: '2025550100' })).some((f) => f.pointer === '/From'),
    'From not E.164',
  );
});

test('the Phase 2 defects stay errors (missing Segment, national From, MMS without MMS_Media_URL)', () => {
  const { Segment: _s, ...noSegment } = phase2;
  assert.ok(errors(inboundShapeFindings('inbound-sms', noSegment)).some((f) => f.pointer === '/Segment'));
  assert.ok(errors(inboundShapeFindings('inbound-sms', { ...phase2, From: '2025550100' })).some((f) => f.pointer === '/From'));
  assert.ok(errors(inboundShapeFindings('inbound-mms', phase2)).some((f) => /MMS_Media_URL/.test(`${f.pointer} ${f.message}`)));
  // the mixed-up payload is judged as Phase 2 (it has Message_ID): the older fields do not rescue it
  assert.ok(errors(inboundShapeFindings('inbound-sms', { Message_ID: 'x', Text: sent.text, To: B, From: A })).length > 0);
});

test('an older-shape MMS: MMS_Media_URL checked when present; absent → the media check warns (not verifiable)', async () => {
  const withMedia = { ...older, MMS_Media_URL: 'https://media.example.com/a.jpg' };
  assert.deepEqual(errors(inboundShapeFindings('inbound-mms', withMedia)), []);
  assert.ok(!inboundShapeFindings('inbound-mms', withMedia).some((f) => f.check === 'webhook.inbound.media'));
  assert.ok(errors(inboundShapeFindings('inbound-mms', { ...older, MMS_Media_URL: 'not a url' })).length > 0, 'a wrong media value fails');
  const bare = inboundShapeFindings('inbound-mms', older);
  assert.deepEqual(errors(bare), []);
  const media = bare.find((f) => f.check === 'webhook.inbound.media');
  assert.equal(media?.severity, 'warning', 'the media check warns rather than passing silently');
  assert.match(media?.basis ?? '', /R-webhook-inbound-shape/);
  // the cross-channel "MMS sent, no media received" is that warning, not a failure — for the older shape only
  const cross = [{ check: 'crosschannel.mismatch', severity: 'error', pointer: '/MMS_Media_URL', expected: '', actual: '', message: '' } as const];
  assert.deepEqual(withoutUnverifiableMedia('inbound-mms', older, [...cross]), []);
  assert.equal(withoutUnverifiableMedia('inbound-mms', phase2, [...cross]).length, 1);
  assert.equal(withoutUnverifiableMedia('inbound-mms', withMedia, [...cross]).length, 1);
  const { got } = await receive([older], 'inbound-mms');
  assert.equal(got.shape, 'older');
  assert.equal(phase2View(got.body).MMS_Media_URL, undefined);
});

test('a post that cannot be matched: the time-out says what arrived (redacted), not "received 0"', async () => {
  registerSecret(PASSWORD);
  try {
    const stray = { Body: sent.text, Number: B, Note: `password ${PASSWORD}` };
    const err: Error = await receive([stray]).then(
      () => assert.fail('nothing matched: the wait must time out'),
      (e) => e,
    );
    assert.equal(err.name, 'WaitTimeoutError');
    assert.match(err.message, /1 post arrived on the MessageUrl but none matched/);
    assert.match(err.message, /fields \[Body, Number, Note\]/);
    assert.match(err.message, /no Message_Body \(nor Text of the older shape\)/);
    assert.doesNotMatch(err.message, /received 0 of 1/);
    assert.ok(!err.message.includes(PASSWORD), 'a secret is printed');
    // nothing at all on the MessageUrl: the plain count as before
    await assert.rejects(receive([]), /\(received 0 of 1\)$/);
  } finally {
    clearSecrets();
  }
});

test('item 18 expects the inbound message of either shape in the CDRs (the older one: MessageId, type not checked)', () => {
  const paths = { cdr: '/hooks/cdr', inbound: '/hooks/run/inbound' };
  const ev = (seq: number, body: unknown) =>
    ({ seq, receivedAt: '2026-01-01T00:00:00.000Z', receivedAtMs: 0, method: 'POST', path: paths.inbound, headers: {}, body }) as any;
  const ledger = { getData: () => undefined } as any;
  const got = expectedTraffic({
    ledger,
    paths,
    events: [
      ev(1, older),
      ev(2, { ...phase2, Message_ID: 'TMID-in-2' }),
      ev(3, { ...older, MessageId: 'TMID-in-3', MMS_Media_URL: 'https://m.example.com/a' }),
    ],
  });
  assert.deepEqual(
    got.sms.map((m) => [m.messageId, m.from, m.to, m.type]),
    [
      ['TMID-in-1', A, B, undefined],
      ['TMID-in-2', A, B, 'sms'],
      ['TMID-in-3', A, B, 'mms'],
    ],
  );
});

test('webhook.content-type: an inbound post is labelled JSON (any JSON media type, any charset); text/plain or none fails', () => {
  for (const ct of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'application/vnd.telegent+json', 'text/json'])
    assert.deepEqual(inboundContentTypeFindings('inbound-sms', ct), [], ct);
  for (const ct of ['text/plain; charset=utf-8', '', 'application/x-www-form-urlencoded', 'application/jsonp']) {
    const f = inboundContentTypeFindings('inbound-mms', ct);
    assert.deepEqual(
      f.map((x) => [x.check, x.severity]),
      [['webhook.content-type', 'error']],
      ct,
    );
  }
});
