/**
 * Webhook checks of items 10–12 (helpers/messaging): a failed auth assertion never prints the credential
 * (the list reporter shows Expected/Received in the CI log), and a DLR / inbound post redelivered with the
 * same ID and payload is absorbed while the same ID with another payload is not merged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { publicPathOf, publicPrefixOf, startInbox, type RunningInbox } from '../../helpers/inbox/server';
import { InboxClient, type InboxEvent } from '../../helpers/inbox/client';
import { describeAuthHeader, expectAuthHeader } from '../../helpers/inbox/auth';
import { basicAuth, dedupe, waitForDlr, waitForInbound, type Sent } from '../../helpers/messaging';
import { Evidence } from '../../helpers/evidence';

const TOKEN = 'cb-token-9f8e7d6c5b4a39281706';
const WRONG = 'other-route-token-55aa66bb77cc';
const PASSWORD = 'inbound-pass-Q1w2E3r4';

async function withInbox(fn: (inbox: RunningInbox, client: InboxClient, post: (path: string, body: unknown, auth?: string) => Promise<void>) => Promise<void>) {
  const inbox = await startInbox({ host: '127.0.0.1' });
  const post = async (path: string, body: unknown, auth?: string) => {
    const r = await request(`http://127.0.0.1:${inbox.publicPort}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: JSON.stringify(body),
    });
    await r.body.text();
  };
  try {
    await fn(inbox, new InboxClient(inbox.queryUrl), post);
  } finally {
    await inbox.close();
  }
}

const hooks = (port: number) =>
  ({
    status: `http://127.0.0.1:${port}/hooks/run/status`,
    inboundSms: `http://127.0.0.1:${port}/hooks/run/inbound`,
    callbackBearer: TOKEN,
    inboundAuth: { username: 'cert-suite', password: PASSWORD },
  }) as any;
const cfg = { webhookTimeoutMs: 2000, embedded: true } as any;
const sent: Sent = { messageId: 'TMID-11111111-2222-4333-8444-555555555555', sentAtMs: Date.now(), text: 'cert auth test', response: {} };
const dlr = { MessageId: sent.messageId, Status: 'Delivered', To: '+12025550101', From: '+12025550100' };

function failureText(e: unknown): string {
  const err = e as Error;
  return `${err.message}\n${err.stack ?? ''}\n${JSON.stringify((err as any).matcherResult ?? {})}`;
}

test('a DLR with the wrong Bearer token fails without printing either token', async () => {
  await withInbox(async (inbox, client, post) => {
    await post('/hooks/run/status', dlr, `Bearer ${WRONG}`);
    const err = await waitForDlr(client, hooks(inbox.publicPort), cfg, sent, 0, new Evidence()).then(
      () => assert.fail('the wrong token must fail the check'),
      (e) => e,
    );
    const text = failureText(err);
    assert.ok(!text.includes(TOKEN), 'the configured callback token is printed');
    assert.ok(!text.includes(WRONG), 'the received token is printed');
    assert.match(text, /Bearer <the configured callback token>/);
    assert.equal(err.matcherResult?.actual, `Bearer <redacted, ${WRONG.length} chars, differs>`);
  });
});

test('an inbound post with the wrong Basic password fails without printing the password', async () => {
  await withInbox(async (inbox, client, post) => {
    const wrong = 'wrong-pass-Zz9';
    await post(
      '/hooks/run/inbound',
      { Message_ID: 'TMID-x1', Owner: '+12025550101', To: '+12025550101', From: '+12025550100', Message_Body: sent.text, Segment: 1 },
      basicAuth('cert-suite', wrong),
    );
    const err = await waitForInbound(client, hooks(inbox.publicPort), cfg, sent, '+12025550101', 0, new Evidence(), 'inbound-sms').then(
      () => assert.fail('the wrong password must fail the check'),
      (e) => e,
    );
    const text = failureText(err);
    for (const s of [PASSWORD, wrong, basicAuth('cert-suite', PASSWORD).slice(6), basicAuth('cert-suite', wrong).slice(6)])
      assert.ok(!text.includes(s), 'a credential is printed');
    assert.equal(err.matcherResult?.actual, `Basic <user "cert-suite", password redacted, ${wrong.length} chars, differs>`);
    assert.equal(err.matcherResult?.expected, 'Basic <the configured inbound user and password>');
  });
});

test('auth descriptions: equal, absent, other scheme — never the credential', () => {
  assert.equal(describeAuthHeader(`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, 'the token'), 'Bearer <the token>');
  assert.equal(describeAuthHeader(undefined, `Bearer ${TOKEN}`, 'the token'), 'no Authorization header');
  const other = describeAuthHeader(basicAuth('u', PASSWORD), `Bearer ${TOKEN}`, 'the token');
  assert.ok(!other.includes(PASSWORD) && !other.includes(TOKEN));
  assert.match(other, /scheme differs \(expected Bearer\)/);
  assert.doesNotThrow(() => expectAuthHeader(`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, 'the token', 'ok'));
});

test('a DLR redelivered with the same MessageId and payload is absorbed; another payload under the same ID is kept', () => {
  const ev = (seq: number, body: unknown): InboxEvent => ({
    seq,
    receivedAt: '',
    receivedAtMs: seq,
    method: 'POST',
    path: '/s',
    headers: {},
    contentType: 'application/json',
    body,
    raw: JSON.stringify(body),
  });
  const idOf = (e: InboxEvent) => String((e.body as any)?.MessageId ?? '');
  const same = dedupe([ev(1, dlr), ev(2, { ...dlr }), ev(3, { Status: dlr.Status, MessageId: dlr.MessageId, From: dlr.From, To: dlr.To })], idOf);
  assert.equal(same.unique.length, 1);
  assert.equal(same.redelivered, 3 - 1, 'key order does not make a payload different');
  const progressed = dedupe([ev(1, { ...dlr, Status: 'Sent' }), ev(2, dlr)], idOf);
  assert.equal(progressed.unique.length, 2);
  assert.deepEqual(progressed.conflicting, [dlr.MessageId]);
  const noId = dedupe([ev(1, { x: 1 }), ev(2, { x: 1 })], idOf);
  assert.equal(noId.unique.length, 2, 'events without an ID are never merged');
});

test('waitForDlr absorbs a redelivered DLR and notes it in the evidence', async () => {
  await withInbox(async (inbox, client, post) => {
    await post('/hooks/run/status', dlr, `Bearer ${TOKEN}`);
    await post('/hooks/run/status', dlr, `Bearer ${TOKEN}`);
    const evidence = new Evidence();
    const got = await waitForDlr(client, hooks(inbox.publicPort), cfg, sent, 0, evidence);
    assert.equal((got.body as any).MessageId, sent.messageId);
    assert.ok(
      evidence.entries.some((e: any) => e.kind === 'note' && /1 redelivered delivery report/.test(e.text)),
      JSON.stringify(evidence.entries),
    );
  });
});

test('a tunnel that strips WEBHOOK_PUBLIC_URL’s path prefix: the post is kept under the public path the matchers use', async () => {
  assert.equal(publicPrefixOf('https://tunnel.example/partner-hooks/'), '/partner-hooks');
  assert.equal(publicPrefixOf('https://tunnel.example'), '');
  // a public prefix that is itself /hooks: the stripped post gets it back, the kept one is left as is
  assert.equal(publicPathOf('/hooks/preflight-1', '/hooks'), '/hooks/hooks/preflight-1');
  assert.equal(publicPathOf('/hooks/hooks/preflight-1', '/hooks'), '/hooks/hooks/preflight-1');
  const inbox = await startInbox({ host: '127.0.0.1', publicPrefix: '/partner-hooks' });
  try {
    for (const p of ['/hooks/run-1/status', '/partner-hooks/hooks/run-1/inbound', '/elsewhere']) {
      const r = await request(`http://127.0.0.1:${inbox.publicPort}${p}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      await r.body.text();
    }
    assert.deepEqual(
      inbox.events().map((e) => e.path),
      ['/partner-hooks/hooks/run-1/status', '/partner-hooks/hooks/run-1/inbound', '/elsewhere'],
    );
  } finally {
    await inbox.close();
  }
});
