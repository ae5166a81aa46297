/**
 * Client behaviour against a local fake server (127.0.0.1, port 0). Backoff values are injected
 * tiny so the tests are fast; the vendor constants stay the default (policy.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AmbiguousOutcomeError, RequestValidationError, TransportError, createClient, type CallRecord, type ClientOptions } from '../../helpers/client';
import { startFakeServer, withFakeServer, type FakeServer } from './fake-server';
import { sampleBody } from './sample';

const PROVISION = 'POST /v1.0/numbers/provision';
const ORDER = 'GET /v1.0/numbers/order';
const SECRET = 'acct-secret-Zq8wX3-do-not-leak';
const FAST = { baseMs: 20, capMs: 200, maxAttempts: 4 };

const withServer = (fn: (s: FakeServer, opts: ClientOptions) => Promise<void>) => withFakeServer({ accountSecret: SECRET, retry: FAST }, fn);

const orderReply = { status: 200, body: { OrderId: 'JNUOID-1', OrderStatus: 'Complete' } };

test('tokens: one per ApiEndpoint scope, reused, fetched again after tokenExpiry', async () => {
  await withServer(async (s, opts) => {
    s.on(ORDER, () => orderReply);
    s.on(PROVISION, () => ({ status: 200, body: { OrderId: 'JNUOID-2' } }));
    const c = createClient(opts);
    await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.equal(s.count('POST', '/v1.0/oauth2/tokens'), 1, 'token reused for the same scope');
    const r = await c.call(PROVISION, { body: sampleBody(PROVISION) });
    assert.equal(s.count('POST', '/v1.0/oauth2/tokens'), 2, 'a second scope gets its own token');
    assert.deepEqual(
      s.issued.map((i) => i.scope),
      [`${s.baseUrl}/v1.0/numbers/order`, `${s.baseUrl}/v1.0/numbers/provision`],
      'ApiEndpoint = base URL + operation path',
    );
    assert.equal(r.tokenScope, `${s.baseUrl}/v1.0/numbers/provision`);
    const orderCalls = s.seen.filter((x) => x.path === '/v1.0/numbers/order');
    assert.equal(orderCalls[0].headers.authorization, `Bearer ${s.issued[0].token}`);
    assert.equal(orderCalls[1].headers.authorization, `Bearer ${s.issued[0].token}`);
    // the clock passes the expiry → a new token for that scope
    s.clock.now += s.clock.ttlMs + 1000;
    await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.equal(s.count('POST', '/v1.0/oauth2/tokens'), 3, 'expired token fetched again');
    assert.equal(s.seen.filter((x) => x.path === '/v1.0/numbers/order')[2].headers.authorization, `Bearer ${s.issued[2].token}`);
    // the token endpoint is called with the lower-case path (ruling R-token-path) and no Authorization
    const tokenReq = s.seen.find((x) => x.path.toLowerCase() === '/v1.0/oauth2/tokens')!;
    assert.equal(tokenReq.path, '/v1.0/oauth2/tokens');
    assert.equal(tokenReq.headers.authorization, undefined);
  });
});

test('concurrent calls on one scope share a single token request', async () => {
  await withServer(async (s, opts) => {
    s.on(ORDER, () => orderReply);
    const c = createClient(opts);
    await Promise.all(Array.from({ length: 8 }, () => c.call(ORDER, { query: { OrderId: 'JNUOID-1' } })));
    assert.equal(s.count('POST', '/v1.0/oauth2/tokens'), 1);
    assert.equal(s.count('GET', '/v1.0/numbers/order'), 8);
  });
});

test('scopeTokens:false uses one unscoped token for every endpoint', async () => {
  await withServer(async (s, opts) => {
    s.on(ORDER, () => orderReply);
    s.on(PROVISION, () => ({ status: 200, body: {} }));
    const c = createClient({ ...opts, scopeTokens: false });
    await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    await c.call(PROVISION, { body: sampleBody(PROVISION) });
    assert.equal(s.count('POST', '/v1.0/oauth2/tokens'), 1);
    assert.equal(s.issued[0].scope, undefined);
  });
});

test('a 401 refreshes the token once, then the call is resent; a second 401 is returned', async () => {
  await withServer(async (s, opts) => {
    s.on(ORDER, (req) =>
      req.headers.authorization === `Bearer ${s.issued[0]?.token}` ? { status: 401, body: { StatusCode: 401, Message: 'expired' } } : orderReply,
    );
    const c = createClient(opts);
    const r = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.equal(r.status, 200);
    assert.equal(r.attempts, 2);
    assert.equal(s.count('POST', '/v1.0/oauth2/tokens'), 2);

    s.on(ORDER, () => ({ status: 401, body: { StatusCode: 401, Message: 'nope' } }));
    const before = s.count('GET', '/v1.0/numbers/order');
    const r2 = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.equal(r2.status, 401);
    assert.equal(s.count('GET', '/v1.0/numbers/order') - before, 2, 'exactly one refresh, no retry loop');
  });
});

test('a token that ages out during a retry wait is fetched again (401, then 429, then 401): never twice in a row', async () => {
  await withServer(async (s, opts) => {
    // the platform's clock runs ahead: its tokenExpiry reads later than the token really lives, so the client learns
    // of the expiry only from a 401 — after the refresh, a 429 and its wait, the new token has aged out too
    const replies = [401, 429, 401, 200];
    s.on(ORDER, (_req, nth) => {
      const st = replies[Math.min(nth - 1, replies.length - 1)];
      return st === 200
        ? orderReply
        : { status: st, headers: (st === 429 ? { 'retry-after': '0' } : {}) as Record<string, string>, body: { StatusCode: st, Message: 'x' } };
    });
    const c = createClient(opts);
    const r = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.equal(r.status, 200, 'the call ends with the answer, not with the aged token refused');
    assert.equal(s.count('POST', '/v1.0/oauth2/tokens'), 3, 'the first token, then one refresh per 401 that followed another answer');
  });
});

test('429 with Retry-After is honoured (delay measured)', async () => {
  await withServer(async (s, opts) => {
    s.on(ORDER, (_req, nth) => (nth === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: { StatusCode: 429, Message: 'slow down' } } : orderReply));
    const c = createClient({ ...opts, retry: { ...FAST, baseMs: 5 } });
    const r = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.equal(r.status, 200);
    assert.equal(r.attempts, 2);
    const [a, b] = s.seen.filter((x) => x.path === '/v1.0/numbers/order');
    const gap = b.at - a.at;
    console.log(`# Retry-After: 1 → measured gap ${gap.toFixed(0)} ms (backoff alone would be 5 ms)`);
    assert.ok(gap >= 990, `waited ${gap} ms, expected ≥ 1000 ms`);
    assert.ok(gap < 5000, `waited ${gap} ms, far more than Retry-After`);
    assert.equal(r.tries[0].waitMs, 1000);
  });
});

test('429 Retry-After as an HTTP date is honoured', async () => {
  await withServer(async (s, opts) => {
    let when = 0;
    s.on(ORDER, (_req, nth) => {
      if (nth === 1) {
        when = Math.ceil((Date.now() + 1000) / 1000) * 1000; // next whole second ≥ 1 s ahead
        return { status: 429, headers: { 'retry-after': new Date(when).toUTCString() }, body: { StatusCode: 429 } };
      }
      return orderReply;
    });
    const c = createClient({ ...opts, retry: { ...FAST, baseMs: 5 } });
    const r = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.equal(r.status, 200);
    assert.ok(Date.now() >= when - 20, 'resent no earlier than the Retry-After date');
  });
});

test("Retry-After as an HTTP date from a platform whose clock runs off ours: measured from the answer's Date (R-retry-after-date)", async () => {
  // a platform 10 min ahead: its "1 s from now" read on our clock was 601 s, past retryAfterMaxMs → the 429 was final;
  // a platform 2 h behind: its "1 s from now" lay in our past → resent at once, the rate limit not honoured
  for (const skewMs of [10 * 60_000, -2 * 3600_000]) {
    await withServer(async (s, opts) => {
      let answeredAt = 0;
      s.on(ORDER, (_req, nth) => {
        if (nth > 1) return orderReply;
        answeredAt = Date.now();
        const platformNow = Math.floor((answeredAt + skewMs) / 1000) * 1000;
        return {
          status: 429,
          headers: { date: new Date(platformNow).toUTCString(), 'retry-after': new Date(platformNow + 1000).toUTCString() },
          body: { StatusCode: 429 },
        };
      });
      const c = createClient({ ...opts, retry: { ...FAST, baseMs: 5 } });
      const r = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
      assert.equal(r.status, 200, `skew ${skewMs} ms: the 429 was retried after its Retry-After`);
      assert.equal(r.tries[0].waitMs, 1000, `skew ${skewMs} ms: waited the 1 s the platform asked for`);
      assert.ok(Date.now() - answeredAt >= 990, `skew ${skewMs} ms: resent no earlier than 1 s after the 429`);
    });
  }
});

test('400, 403 and 404 are not retried', async () => {
  for (const status of [400, 403, 404]) {
    await withServer(async (s, opts) => {
      s.on(ORDER, () => ({ status, body: { StatusCode: status, Message: 'no' } }));
      const c = createClient(opts);
      const r = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
      assert.equal(r.status, status);
      assert.equal(r.attempts, 1);
      assert.equal(s.count('GET', '/v1.0/numbers/order'), 1, `${status} sent once`);
    });
  }
});

test('500 on an idempotent GET is retried with doubling backoff', async () => {
  await withServer(async (s, opts) => {
    s.on(ORDER, (_req, nth) => (nth <= 2 ? { status: 500, body: { StatusCode: 500, Message: 'boom' } } : orderReply));
    const c = createClient(opts);
    const r = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.equal(r.status, 200);
    assert.equal(r.attempts, 3);
    const at = s.seen.filter((x) => x.path === '/v1.0/numbers/order').map((x) => x.at);
    const gaps = [at[1] - at[0], at[2] - at[1]];
    console.log(`# 500 retry gaps: ${gaps.map((g) => g.toFixed(0)).join(' ms, ')} ms (policy 20 ms, 40 ms)`);
    assert.ok(gaps[0] >= 18 && gaps[1] >= 38, `gaps ${gaps}`);
    assert.deepEqual(
      r.tries.map((t) => t.waitMs),
      [20, 40, undefined],
    );
  });
});

test('a retried 503 stops at maxAttempts and returns the last response', async () => {
  await withServer(async (s, opts) => {
    s.on(ORDER, () => ({ status: 503, body: { StatusCode: 503, Message: 'maintenance' } }));
    const c = createClient(opts);
    const r = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.equal(r.status, 503);
    assert.equal(r.attempts, FAST.maxAttempts);
    assert.equal(s.count('GET', '/v1.0/numbers/order'), FAST.maxAttempts);
  });
});

test('a provision POST that times out is NOT sent twice without reconcile', async () => {
  await withServer(async (s, opts) => {
    s.on(PROVISION, () => 'hang');
    const c = createClient(opts); // token requests keep the 2 s limit; the operation gets 300 ms per call
    await assert.rejects(c.call(PROVISION, { body: sampleBody(PROVISION), timeoutMs: 300 }), (e: unknown) => {
      assert.ok(e instanceof AmbiguousOutcomeError, String(e));
      assert.equal(e.op, PROVISION);
      assert.match(e.message, /numbers\/provision/);
      return true;
    });
    assert.equal(s.count('POST', '/v1.0/numbers/provision'), 1, 'sent exactly once');
  });
});

test('a timed-out provision is resent only when reconcile() says it did not take effect', async () => {
  await withServer(async (s, opts) => {
    s.on(PROVISION, (_req, nth) => (nth === 1 ? 'hang' : { status: 200, body: { OrderId: 'JNUOID-new' } }));
    const c = createClient(opts); // token requests keep the 2 s limit; the operation gets 300 ms per call
    let probes = 0;
    const r = await c.call(PROVISION, {
      body: sampleBody(PROVISION),
      timeoutMs: 300,
      reconcile: async () => {
        probes++;
        return undefined; // not found → did not take effect
      },
    });
    // R-reconcile-settle: "not found" is believed only after the lookups of the settle window (default: the policy's cap)
    assert.ok(probes >= 2, `asked ${probes} time(s) within the settle window`);
    assert.match(r.tries[0].note ?? '', /did not take effect \(\d+ lookups over \d+ ms\) → resend/);
    assert.equal(r.status, 200);
    assert.equal(r.attempts, 2);
    assert.equal(s.count('POST', '/v1.0/numbers/provision'), 2);
  });
  await withServer(async (s, opts) => {
    s.on(PROVISION, () => 'hang');
    const c = createClient(opts); // token requests keep the 2 s limit; the operation gets 300 ms per call
    const r = await c.call(PROVISION, { body: sampleBody(PROVISION), timeoutMs: 300, reconcile: async () => ({ OrderId: 'JNUOID-found' }) });
    assert.equal(r.reconciled, true);
    assert.deepEqual(r.body, { OrderId: 'JNUOID-found' });
    assert.equal(s.count('POST', '/v1.0/numbers/provision'), 1, 'took effect → not resent');
  });
});

test('500 on a billable POST is ambiguous (not resent blind); 429 on it is resent', async () => {
  await withServer(async (s, opts) => {
    s.on(PROVISION, () => ({ status: 500, body: { StatusCode: 500, Message: 'boom' } }));
    const c = createClient(opts);
    await assert.rejects(c.call(PROVISION, { body: sampleBody(PROVISION) }), AmbiguousOutcomeError);
    assert.equal(s.count('POST', '/v1.0/numbers/provision'), 1);
  });
  await withServer(async (s, opts) => {
    s.on(PROVISION, (_req, nth) => (nth === 1 ? { status: 429, body: { StatusCode: 429 } } : { status: 200, body: { OrderId: 'JNUOID-1' } }));
    const c = createClient(opts);
    const r = await c.call(PROVISION, { body: sampleBody(PROVISION) });
    assert.equal(r.status, 200);
    assert.equal(s.count('POST', '/v1.0/numbers/provision'), 2, '429 = not processed → resent');
  });
});

test('an idempotent GET that times out is retried', async () => {
  await withServer(async (s, opts) => {
    s.on(ORDER, (_req, nth) => (nth === 1 ? 'hang' : orderReply));
    const c = createClient(opts); // token requests keep the 2 s limit; the operation gets 300 ms per call
    const r = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' }, timeoutMs: 300 });
    assert.equal(r.status, 200);
    assert.equal(r.attempts, 2);
  });
});

test('an invalid request body is rejected before sending, naming the field', async () => {
  await withServer(async (s, opts) => {
    s.on(PROVISION, () => ({ status: 200, body: {} }));
    const c = createClient(opts);
    await assert.rejects(c.call(PROVISION, { body: { ...sampleBody(PROVISION), NumberType: 'definitely-not-a-type' } }), (e: unknown) => {
      assert.ok(e instanceof RequestValidationError);
      assert.match(e.message, /NumberType/);
      assert.deepEqual(e.fields, ['NumberType']);
      return true;
    });
    const { NumberType: _drop, ...missing } = sampleBody(PROVISION);
    await assert.rejects(c.call(PROVISION, { body: missing }), /NumberType/);
    assert.equal(s.seen.length, 0, 'nothing sent, not even a token request');
    // validate:false lets a negative test send it anyway
    const r = await c.call(PROVISION, { body: missing, validate: false });
    assert.equal(r.status, 200);
  });
});

test('responses are validated: findings returned, not thrown', async () => {
  await withServer(async (s, opts) => {
    s.on(ORDER, () => ({ status: 418, body: { what: 'teapot' } }));
    const c = createClient(opts);
    const r = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.equal(r.status, 418);
    assert.ok(r.findings.some((f) => f.check === 'statusCodeConformance' && f.severity === 'error'));
    // validate:false only skips REQUEST validation: the response is still checked
    const r2 = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' }, validate: false });
    assert.ok(r2.findings.some((f) => f.check === 'statusCodeConformance'));
    const r3 = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' }, validate: { response: false } });
    assert.deepEqual(r3.findings, []);
  });
});

test('auth: none sends no Authorization header; { token } sends that token', async () => {
  await withServer(async (s, opts) => {
    s.on(ORDER, (req) => (req.headers.authorization ? orderReply : { status: 401, body: { StatusCode: 401 } }));
    const c = createClient(opts);
    const r = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' }, auth: 'none' });
    assert.equal(r.status, 401);
    assert.equal(r.attempts, 1, 'no refresh for auth:none');
    assert.equal(r.tokenScope, null);
    const r2 = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' }, auth: { token: 'caller-token-123456' } });
    assert.equal(r2.status, 200);
    assert.equal(s.seen.at(-1)!.headers.authorization, 'Bearer caller-token-123456');
    assert.equal(s.count('POST', '/v1.0/oauth2/tokens'), 0);
  });
});

test('the onCall record is redacted: no account secret, token or route password anywhere', async () => {
  await withServer(async (s, opts) => {
    const records: CallRecord[] = [];
    const ROUTE = 'POST /v1.0/voice/routes';
    const routePassword = 'route-pass-Hk29-secret';
    s.on(ROUTE, (req) => ({
      status: 200,
      body: { VoiceRouteId: 'CRID-1', VoicePasswordToken: req.body.VoicePasswordToken, Echo: `Bearer ${s.issued[0].token}` },
    }));
    s.on(ORDER, () => orderReply);
    const c = createClient({ ...opts, onCall: (rec) => records.push(rec) });
    await c.call(ROUTE, { body: sampleBody(ROUTE, { VoicePasswordToken: routePassword }) });
    await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.ok(records.length >= 3, 'token calls and API calls are recorded');
    const dump = JSON.stringify(records);
    assert.ok(!dump.includes(SECRET), 'account secret leaked');
    for (const t of s.issued) assert.ok(!dump.includes(t.token), 'bearer token leaked');
    assert.ok(!dump.includes(routePassword), 'route password leaked');
    const rec = records.find((r) => r.op === ROUTE)!;
    assert.equal(rec.method, 'POST');
    assert.equal(rec.status, 200);
    assert.equal(typeof rec.durationMs, 'number');
    assert.equal(rec.attempts, 1);
    assert.match(String(rec.request.headers.authorization), /^Bearer \[REDACTED\]$/);
    assert.ok(Array.isArray(rec.findings));
  });
});

test('a Retry-After beyond retryAfterMaxMs is not waited for: the 429 is returned', async () => {
  await withServer(async (s, opts) => {
    s.on(ORDER, () => ({ status: 429, headers: { 'retry-after': '3600' }, body: { StatusCode: 429 } }));
    const c = createClient({ ...opts, retry: { ...FAST, retryAfterMaxMs: 1000 } });
    const t0 = performance.now();
    const r = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.equal(r.status, 429);
    assert.equal(r.attempts, 1);
    assert.ok(performance.now() - t0 < 3000, 'did not wait for the hour-long Retry-After');
    assert.match(r.tries[0].note ?? '', /Retry-After/);
  });
});

test('connection refused: retried (nothing was sent), then a TransportError; requestToken never throws on a 401', async () => {
  const s = await startFakeServer();
  const baseUrl = s.baseUrl;
  s.on('POST /v1.0/oauth2/tokens', (req) =>
    req.body.AccountSecret === SECRET
      ? { status: 200, body: { token: 'tok-abcdef', successful: true, tokenExpiry: '01/01/2099 12:00:00 PM' } }
      : { status: 401, body: { StatusCode: 401, Message: 'bad credentials' } },
  );
  const c = createClient({ baseUrl, accountKey: 'DID-k', accountSecret: SECRET, retry: FAST });
  const bad = await c.requestToken({ accountSecret: 'wrong-secret-value' });
  assert.equal(bad.status, 401);
  assert.equal(await c.getToken(), 'tok-abcdef');
  await s.close();
  await assert.rejects(c.call(ORDER, { query: { OrderId: 'JNUOID-1' }, auth: { token: 'tok-abcdef' } }), (e: unknown) => {
    assert.ok(e instanceof TransportError);
    assert.equal(e.attempts, FAST.maxAttempts);
    return true;
  });
});
