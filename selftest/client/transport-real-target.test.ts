/**
 * Real-target transport defects found through a fault-injecting proxy (each test fails on the client before the fix):
 *  A. a transient attempt's answer (a gateway's HTML 503 page) is not judged — only the final answer's findings are;
 *  B. a lost billable send is looked up within a settle window before it counts as not sent (a platform that lists
 *     the message a moment late is not billed twice); a failed inventory read is unknown, never "not created";
 *  C. 502 is treated like 503 (R-retry-502): retried for a GET, ambiguous (never resent blind) for a billable POST;
 *  D. the inventory is read page by page; a number on page 2 is listed, a read cut short leaves "listed" unknown;
 *  E. refused() on message/outbound answered 504 looks the message up instead of failing ambiguous;
 *  F. ok() on a GET answered 404 right after a create reads again within the settle window (never refused(), never a POST).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AmbiguousOutcomeError, createClient, type ClientOptions } from '../../helpers/client';
import { sendMessage } from '../../helpers/messaging';
import { readInventory } from '../../helpers/numbers';
import { expectPortedNumber } from '../../helpers/porting';
import { ok, refused } from '../../helpers/steps';
import { withFakeServer, type FakeServer } from './fake-server';

const FAST = { baseMs: 10, capMs: 50, maxAttempts: 3 };
const FROM = '+12015550100';
const TO = '+12015550101';
const withServer = (fn: (s: FakeServer, opts: ClientOptions) => Promise<void>) => withFakeServer({ accountSecret: 'acct-secret-rt-Xk4', retry: FAST }, fn);
const GATEWAY_PAGE = {
  status: 503,
  headers: { 'content-type': 'text/html', 'retry-after': '0' },
  body: '<html><body>503 Service Temporarily Unavailable</body></html>',
};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

test('A: a GET answered 503 with an HTML gateway page, then 200: the 503 page is not judged, the attempts stay visible', async () => {
  await withServer(async (s, opts) => {
    s.on('GET /v1.0/distributor/products', (_r, nth) =>
      nth === 1 ? GATEWAY_PAGE : { status: 200, body: { DistributorId: 'DID-test-key', TotalProducts: 0, Filter: 'All', Results: [] } },
    );
    const r = await createClient(opts).call('GET /v1.0/distributor/products');
    assert.equal(r.status, 200);
    assert.equal(r.attempts, 2);
    assert.deepEqual(
      r.findings.filter((f) => f.severity === 'error'),
      [],
      'the transient HTML page judged',
    );
    assert.ok(
      r.tries[0].unjudged?.some((m) => /content|json/i.test(m)),
      'the transient answer is kept as evidence on its try',
    );
    assert.match(r.note ?? '', /not judged.*2 attempt/);
  });
});

test('A: the final answer is still judged (an HTML page that stays is a finding)', async () => {
  await withServer(async (s, opts) => {
    s.on('GET /v1.0/distributor/products', () => GATEWAY_PAGE);
    const r = await createClient(opts).call('GET /v1.0/distributor/products');
    assert.equal(r.status, 503);
    assert.ok(r.findings.some((f) => f.severity === 'error'));
  });
});

/** Messages behind the fake: the POST always sends; the first answer is a 504 gateway page; the search lists a message `lagMs` after its send. */
function laggingMessages(s: FakeServer, lagMs: number, refuse = false) {
  const sent: Array<{ at: number; m: Record<string, unknown> }> = [];
  s.on('POST /v1.0/message/outbound', (req, nth) => {
    if (refuse && nth > 1) return { status: 403, body: { StatusCode: 403, Message: 'The number is parked' } };
    const id = `TMID-0000000${nth}-0000-4000-8000-000000000000`;
    if (!refuse)
      sent.push({ at: Date.now(), m: { MessageID: id, Direction: 'Outbound', From: FROM, To: [{ Number: TO }], Body: req.body.Body, Status: 'Sent' } });
    if (nth === 1) return { status: 504, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>504 Gateway Time-out</h1></body></html>' };
    return { status: 200, body: { MessageId: id, Status: 'Queued', From: FROM, To: [{ Number: TO }], Body: req.body.Body, MessageType: 'sms', Segment: 1 } };
  });
  s.on('GET /v1.0/message/search', () => {
    const visible = sent.filter((x) => Date.now() - x.at >= lagMs).map((x) => x.m);
    return { status: 200, body: { PhoneNumber: FROM, ResultsTotalRecords: visible.length, ResultsPages: 1, Results: visible } };
  });
  return sent;
}

test('B: a send whose answer was lost (504 page) and that the search lists 150 ms later is found, not resent (one POST)', async () => {
  await withServer(async (s, opts) => {
    laggingMessages(s, 150);
    const api = createClient({ ...opts, reconcileSettleMs: 1000 });
    const r = await sendMessage(api, FROM, TO, 'cert lag 1');
    assert.equal(s.count('POST', '/v1.0/message/outbound'), 1, 'billed twice: the send was resent before the platform listed it');
    assert.equal(r.messageId, 'TMID-00000001-0000-4000-8000-000000000000');
    assert.ok(s.count('GET', '/v1.0/message/search') >= 2, 'the lookup was repeated within the settle window');
  });
});

test('B: the settle window is bounded: a send never listed is resent once the window has passed', async () => {
  await withServer(async (s, opts) => {
    laggingMessages(s, 60_000);
    const api = createClient({ ...opts, reconcileSettleMs: 200 });
    const t0 = Date.now();
    await sendMessage(api, FROM, TO, 'cert lag 2');
    const ms = Date.now() - t0;
    assert.equal(s.count('POST', '/v1.0/message/outbound'), 2);
    assert.ok(ms >= 190 && ms < 2000, `waited ${ms} ms`);
  });
});

test('B/D: a failed inventory page is unknown (complete: false), never an empty "not created" list', async () => {
  await withServer(async (s, opts) => {
    s.on('GET /v1.0/numbers/inventory', () => ({ status: 500, body: { StatusCode: 500, Message: 'x' } }));
    const r = await readInventory(createClient(opts));
    assert.equal(r.complete, false);
    assert.match(r.problem ?? '', /HTTP 500/);
  });
});

function numberItem(i: number) {
  return { Number: `+1201555${String(2000 + i)}`, Tnid: `TNID-${1000 + i}`, Status: 'Active', NumberType: 'mvno' };
}

/** An inventory of `total` numbers served 25 a page whatever was asked (the platform's own page size). */
function pagedInventory(s: FakeServer, total: number, failPage?: number) {
  s.on('GET /v1.0/numbers/inventory', (req) => {
    const page = Number(req.query.get('PageNumber') ?? 1);
    if (page === failPage) return { status: 503, body: { StatusCode: 503, Message: 'x' } };
    const all = Array.from({ length: total }, (_x, i) => numberItem(i));
    return {
      status: 200,
      body: { AccountId: 'AID-1', TotalResults: total, PageNumber: page, Filter: 'All', PhoneNumbers: all.slice((page - 1) * 25, page * 25) },
    };
  });
}

test('D: the inventory is read page by page (25 a page served, 60 in all) until TotalResults', async () => {
  await withServer(async (s, opts) => {
    pagedInventory(s, 60);
    const r = await readInventory(createClient(opts));
    assert.equal(r.complete, true);
    assert.equal(r.numbers.length, 60);
    assert.equal(s.count('GET', '/v1.0/numbers/inventory'), 3);
  });
});

test('D: a ported number listed on page 2 of the inventory counts as listed; a read cut short is not "absent"', async () => {
  for (const failPage of [undefined, 2]) {
    await withServer(async (s, opts) => {
      pagedInventory(s, 60, failPage);
      const number = numberItem(40).Number;
      s.on('GET /v1.0/numbers', () => ({ status: 200, body: { Number: number, Status: 'Active', NumberType: 'MVNO', Classification: 'MVNO' } }));
      await expectPortedNumber(createClient(opts), { OrderId: 'TNOID-1', PhoneNumbersOrdered: [{ Number: number }] }, 'MVNO');
    });
  }
});

test('C: 502 on a GET is retried like 503; on a billable POST it is ambiguous (not resent blind)', async () => {
  await withServer(async (s, opts) => {
    s.on('GET /v1.0/distributor/products', (_r, nth) =>
      nth === 1 ? { status: 502, body: { StatusCode: 502, Message: 'Bad Gateway' } } : { status: 200, body: { DistributorId: 'DID-test-key', Results: [] } },
    );
    const c = createClient(opts);
    assert.equal((await c.call('GET /v1.0/distributor/products')).status, 200);
    assert.equal(s.count('GET', '/v1.0/distributor/products'), 2);
    s.on('POST /v1.0/message/outbound', () => ({ status: 502, body: { StatusCode: 502, Message: 'Bad Gateway' } }));
    await assert.rejects(c.call('POST /v1.0/message/outbound', { body: { From: FROM, To: [{ Number: TO }], Body: 'x' } }), AmbiguousOutcomeError);
    assert.equal(s.count('POST', '/v1.0/message/outbound'), 1);
  });
});

/** item 8's negative test: a send from a parked number, which must be refused (400 / 403 / 404) */
function refusedParkedSend(opts: Parameters<typeof createClient>[0]) {
  const api = createClient({ ...opts, reconcileSettleMs: 50 });
  return refused(api, 'POST /v1.0/message/outbound', [400, 403, 404], { body: { From: FROM, To: [{ Number: TO }], Body: 'parked' } }, 'from a parked number');
}

test('E: refused() on a send answered 504 looks the message up (not found → resent, the refusal judged), never AmbiguousOutcomeError', async () => {
  await withServer(async (s, opts) => {
    laggingMessages(s, 0, true);
    const r = await refusedParkedSend(opts);
    assert.equal(r.status, 403);
    assert.ok(s.count('GET', '/v1.0/message/search') >= 1, 'the search was asked');
  });
});

test('E: refused() — a platform that lists the refused send (Status Failed) in the search: not "it went through", the resend is judged', async () => {
  await withServer(async (s, opts) => {
    s.on('POST /v1.0/message/outbound', (_req, nth) =>
      nth === 1
        ? { status: 504, headers: { 'content-type': 'text/html' }, body: '<html><body>504 Gateway Time-out</body></html>' }
        : { status: 403, body: { StatusCode: 403, Message: 'The number is parked' } },
    );
    const listed = {
      MessageID: 'TMID-00000009-0000-4000-8000-000000000000',
      Direction: 'Outbound',
      From: FROM,
      To: [{ Number: TO }],
      Body: 'parked',
      Status: 'Failed',
    };
    s.on('GET /v1.0/message/search', () => ({ status: 200, body: { PhoneNumber: FROM, ResultsTotalRecords: 1, ResultsPages: 1, Results: [listed] } }));
    const r = await refusedParkedSend(opts);
    assert.equal(r.status, 403, 'the refusal, not the refused message read as a send that went through');
  });
});

/** GET /v1.0/numbers answers 404 for `lagMs` after the fake starts, then the number. */
function laggingRead(s: FakeServer, lagMs: number) {
  const t0 = Date.now();
  s.on('GET /v1.0/numbers', () =>
    Date.now() - t0 < lagMs
      ? { status: 404, body: { StatusCode: 404, Message: 'Number not found' } }
      : { status: 200, body: { Number: FROM, Status: 'Active', NumberType: 'mvno' } },
  );
}

test('F: ok() on a GET answered 404 for 150 ms after a create reads again within the settle window and passes', async () => {
  await withServer(async (s, opts) => {
    laggingRead(s, 150);
    const b = await ok(createClient({ ...opts, readSettleMs: 1000 }), 'GET /v1.0/numbers', { query: { Number: FROM } });
    assert.equal(b.Number, FROM);
    assert.ok(s.count('GET', '/v1.0/numbers') >= 2);
  });
});

test('F: never for refused() (a 404 expected is final at once) and bounded for ok()', async () => {
  await withServer(async (s, opts) => {
    laggingRead(s, 60_000);
    const api = createClient({ ...opts, readSettleMs: 200 });
    await refused(api, 'GET /v1.0/numbers', [404], { query: { Number: FROM } });
    assert.equal(s.count('GET', '/v1.0/numbers'), 1, 'refused() read again');
    const t0 = Date.now();
    await assert.rejects(ok(api, 'GET /v1.0/numbers', { query: { Number: FROM } }));
    assert.ok(Date.now() - t0 < 2000);
    await sleep(0);
  });
});
