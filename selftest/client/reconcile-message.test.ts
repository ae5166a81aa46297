/**
 * A lost POST /v1.0/message/outbound (billable) is reconciled through GET /v1.0/message/search in the shape the
 * vendor documents (its 200 example: `Results[]` whose items carry `MessageID`), never resent while the message
 * can be found: exactly one POST, and the found message's ID is the send's ID. The inbound copy of the same text
 * (Direction Inbound) is not taken for it; a search that does not answer is not a licence to resend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, type ClientOptions } from '../../helpers/client';
import { findSentMessage, sendMessage } from '../../helpers/messaging';
import { withFakeServer, type FakeServer } from './fake-server';

const OUTBOUND = 'POST /v1.0/message/outbound';
const SEARCH = 'GET /v1.0/message/search';
const FROM = '+12015550100';
const TO = '+12015550101';
const FAST = { baseMs: 10, capMs: 50, maxAttempts: 3 };

const withServer = (fn: (s: FakeServer, opts: ClientOptions) => Promise<void>) => withFakeServer({ accountSecret: 'acct-secret-msg-Rc7', retry: FAST }, fn);

/** Messages behind the fake: every POST sends one (and its inbound copy at TO); `answer(nth)` is what the client hears. */
function messageStore(s: FakeServer, answer: (nth: number) => number) {
  const results: Array<Record<string, unknown>> = [];
  s.on(OUTBOUND, (req, nth) => {
    const id = `TMID-0000000${nth}-0000-4000-8000-000000000000`;
    const out = {
      MessageID: id,
      Direction: 'Outbound',
      Type: 'p2p',
      Cost: '$0.0045',
      Status: 'Sent',
      To: [{ Number: TO }],
      From: FROM,
      Owner: FROM,
      Body: req.body.Body,
    };
    // the inbound copy at the receiving number carries the same text (and From): it is not the message sent
    results.unshift(out, { ...out, MessageID: `TMID-9999999${nth}-0000-4000-8000-000000000000`, Direction: 'Inbound', Status: 'Received', Owner: TO });
    const status = answer(nth);
    return status === 200
      ? { status: 200, body: { MessageId: id, Status: 'Queued', From: FROM, To: [{ Number: TO }], Body: req.body.Body, MessageType: 'sms', Segment: 1 } }
      : { status, body: { StatusCode: status, Message: 'Service temporarily unavailable' } };
  });
  // the vendor's documented search answer: PhoneNumber, ResultsTotalRecords, ResultsPages, Results[] with MessageID
  s.on(SEARCH, (req) => ({
    status: 200,
    body: { PhoneNumber: req.query.get('PhoneNumber'), ResultsTotalRecords: results.length, ResultsPages: 1, Results: results },
  }));
  return results;
}

test('a send that took effect but answered 503 is found in the documented search answer (Results[] / MessageID): one POST only', async () => {
  await withServer(async (s, opts) => {
    messageStore(s, (nth) => (nth === 1 ? 503 : 200));
    const api = createClient(opts);
    const sent = await sendMessage(api, FROM, TO, 'cert reconcile 1');
    assert.equal(s.count('POST', '/v1.0/message/outbound'), 1, 'the billable message was sent twice');
    assert.equal(sent.messageId, 'TMID-00000001-0000-4000-8000-000000000000', 'the outbound message, not its inbound copy');
    assert.ok(s.count('GET', '/v1.0/message/search') >= 1, 'the search was asked');
  });
});

test('the probe reads both spellings and tells the outbound message from its inbound copy', async () => {
  const item = { MessageID: 'TMID-1', Direction: 'Outbound', From: FROM, To: [{ Number: TO }], Body: 'hi' };
  const copy = { ...item, MessageID: 'TMID-2', Direction: 'Inbound' };
  const answer = (body: unknown) => ({ call: async () => ({ status: 200, body }) }) as any;
  assert.equal((await findSentMessage(answer({ Results: [copy, item] }), FROM, TO, 'hi')())?.MessageId, 'TMID-1');
  assert.equal((await findSentMessage(answer({ Messages: [{ MessageId: 'TMID-3', From: FROM, Body: 'hi' }] }), FROM, TO, 'hi')())?.MessageId, 'TMID-3');
  assert.equal(await findSentMessage(answer({ Results: [copy] }), FROM, TO, 'hi')(), undefined, 'only the inbound copy: not found');
  assert.equal(await findSentMessage(answer({ Results: [{ ...item, To: [{ Number: '+19995550100' }] }] }), FROM, TO, 'hi')(), undefined, 'another recipient');
});

test('a search that fails does not license a second send: the call fails, one POST', async () => {
  await withServer(async (s, opts) => {
    messageStore(s, () => 503);
    s.on(SEARCH, () => ({ status: 500, body: { StatusCode: 500, Message: 'x' } }));
    const api = createClient(opts);
    await assert.rejects(sendMessage(api, FROM, TO, 'cert reconcile 2'), /cannot tell whether POST \/v1.0\/message\/outbound took effect/);
    assert.equal(s.count('POST', '/v1.0/message/outbound'), 1);
  });
});
