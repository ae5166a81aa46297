/**
 * R-token-path: the client asks for tokens at /v1.0/oauth2/tokens (every vendor description) and, answered "no such
 * endpoint", at the OpenAPI paths key's /v1.0/OAuth2/tokens — then keeps that spelling. The 404 is evidence, not judged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, formatTokenExpiry, type CallRecord } from '../../helpers/client';
import { withFakeServer, type FakeServer, type Handler } from './fake-server';

const ORDER = 'GET /v1.0/numbers/order';
const FAST = { baseMs: 20, capMs: 200, maxAttempts: 4 };
const withServer = (fn: Parameters<typeof withFakeServer>[1]) => withFakeServer({ accountSecret: 'tp-secret-9Qd7-do-not-leak', retry: FAST }, fn);

/** the token endpoint routed case-sensitively: only `served` answers; any other spelling is a 404 (a gateway's HTML page) */
function servedOnlyAt(s: FakeServer, served: string | null): Handler {
  return (req) => {
    if (req.path !== served) return { status: 404, body: '<html>Not Found</html>' };
    const token = `tok-${s.issued.length + 1}`;
    s.issued.push({ token, scope: req.body?.ApiEndpoint });
    return { status: 200, body: { token, successful: true, tokenExpiry: formatTokenExpiry(s.clock.now + s.clock.ttlMs) } };
  };
}

test('a platform serving only /v1.0/OAuth2/tokens: tokens come from there, the 404 is kept unjudged, a warning names it', async () => {
  await withServer(async (s, opts) => {
    s.on('POST /v1.0/oauth2/tokens', servedOnlyAt(s, '/v1.0/OAuth2/tokens'));
    s.on(ORDER, () => ({ status: 200, body: { OrderId: 'JNUOID-1', OrderStatus: 'Complete' } }));
    const records: CallRecord[] = [];
    const c = createClient({ ...opts, onCall: (r) => records.push(r) });
    const r = await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.equal(r.status, 200);
    await c.call(ORDER, { query: { OrderId: 'JNUOID-1' }, scope: '/v1.0/numbers' });
    const tokenPaths = s.seen.filter((x) => /oauth2\/tokens$/i.test(x.path)).map((x) => x.path);
    assert.deepEqual(tokenPaths, ['/v1.0/oauth2/tokens', '/v1.0/OAuth2/tokens', '/v1.0/OAuth2/tokens'], 'the spelling that answered is kept');
    const [notServed, served] = records.filter((x) => x.op === 'POST /v1.0/oauth2/tokens');
    assert.equal(notServed.status, 404);
    assert.deepEqual(notServed.findings, [], 'the "no such endpoint" answer is not judged');
    assert.match(notServed.note ?? '', /R-token-path/);
    assert.deepEqual(
      served.findings.map((f) => [f.check, f.severity]),
      [['token.path', 'warning']],
    );
    // the token operation called by name goes to the served spelling too
    const direct = await c.call('POST /v1.0/oauth2/tokens', {
      auth: 'none',
      body: { AccountKey: 'DID-test-key', AccountSecret: 'tp-secret-9Qd7-do-not-leak' },
    });
    assert.equal(direct.status, 200);
    assert.equal(s.seen.at(-1)!.path, '/v1.0/OAuth2/tokens');
  });
});

test('the described spelling served: one token request, no second spelling tried, no warning', async () => {
  await withServer(async (s, opts) => {
    s.on('POST /v1.0/oauth2/tokens', servedOnlyAt(s, '/v1.0/oauth2/tokens'));
    s.on(ORDER, () => ({ status: 200, body: { OrderId: 'JNUOID-1', OrderStatus: 'Complete' } }));
    const records: CallRecord[] = [];
    const c = createClient({ ...opts, onCall: (r) => records.push(r) });
    await c.call(ORDER, { query: { OrderId: 'JNUOID-1' } });
    assert.deepEqual(
      s.seen.filter((x) => /oauth2\/tokens$/i.test(x.path)).map((x) => x.path),
      ['/v1.0/oauth2/tokens'],
    );
    assert.deepEqual(records.find((x) => x.op === 'POST /v1.0/oauth2/tokens')!.findings, []);
  });
});

test('served at neither spelling: the token request fails (both 404s on record), and the next one tries again', async () => {
  await withServer(async (s, opts) => {
    s.on('POST /v1.0/oauth2/tokens', servedOnlyAt(s, null));
    const c = createClient(opts);
    const r = await c.requestToken();
    assert.equal(r.status, 404);
    await c.requestToken();
    assert.equal(s.seen.filter((x) => /oauth2\/tokens$/i.test(x.path)).length, 4);
  });
});
