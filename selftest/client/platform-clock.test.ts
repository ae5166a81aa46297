/**
 * A remote platform whose clock runs off ours (R-platform-clock-skew): the client reads it from the answers' Date
 * headers, the token cache reads tokenExpiry on it, item 18 shifts the expected CDR times by it; the standalone
 * sandbox simulates it (SANDBOX_CLOCK_SKEW). Before: a platform 10 min ahead failed item 18 ("answerTime … off by
 * 599994 ms") and item 1 read a 60 s token as living 660 s.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, describeSkew, readPlatformClock, significantSkewMs, type ApiClient } from '../../helpers/client';
import { targetClockOffsetMs } from '../../helpers/cdr/steps';
import { startSandbox } from '../../sandbox/index';
import { signedDurationEnv } from '../../sandbox/cli';
import { DEFAULT_ACCOUNT_KEY, DEFAULT_ACCOUNT_SECRET } from '../../sandbox/index';
import { withFakeServer } from './fake-server';

test('readPlatformClock: the Date header against the middle of the round trip; a skew counts beyond its uncertainty', () => {
  const sent = Date.parse('2026-11-30T20:00:00.000Z');
  const r = readPlatformClock('Mon, 30 Nov 2026 20:10:00 GMT', sent, sent + 200)!;
  assert.equal(r.offsetMs, 600_000 + 500 - 100);
  assert.equal(r.uncertaintyMs, 600);
  assert.equal(significantSkewMs(r), r.offsetMs);
  assert.equal(significantSkewMs({ offsetMs: 1_500, uncertaintyMs: 600, at: sent }), 0, 'within the uncertainty + 2 s: the clocks agree');
  assert.equal(significantSkewMs(undefined), 0);
  assert.equal(readPlatformClock(undefined, sent, sent), undefined);
  assert.equal(readPlatformClock('not a date', sent, sent), undefined);
  assert.equal(describeSkew(-72_000_000), '20 h 0 min behind');
  assert.equal(describeSkew(600_255), '10 min 0 s ahead of');
});

test('SANDBOX_CLOCK_SKEW: a signed duration, refused otherwise', () => {
  const before = process.env.SANDBOX_CLOCK_SKEW;
  try {
    for (const [v, ms] of [
      ['+10m', 600_000],
      ['-7h', -25_200_000],
      ['90s', 90_000],
    ] as const) {
      process.env.SANDBOX_CLOCK_SKEW = v;
      assert.equal(signedDurationEnv('SANDBOX_CLOCK_SKEW'), ms, v);
    }
    process.env.SANDBOX_CLOCK_SKEW = 'ten minutes';
    assert.throws(() => signedDurationEnv('SANDBOX_CLOCK_SKEW'), /signed duration/);
  } finally {
    if (before === undefined) delete process.env.SANDBOX_CLOCK_SKEW;
    else process.env.SANDBOX_CLOCK_SKEW = before;
  }
});

test('a platform 10 min ahead: the client reads the skew; a 2 s token is fetched again before it dies (no 401)', async () => {
  const sb = await startSandbox({ clockSkewMs: 600_000, tokenTtlSeconds: 2, sip: false, logLevel: 'silent' });
  try {
    const outcomes: (number | string)[] = [];
    const c = createClient({
      baseUrl: sb.baseUrl,
      accountKey: DEFAULT_ACCOUNT_KEY,
      accountSecret: DEFAULT_ACCOUNT_SECRET,
      timeZone: 'America/Denver',
      onCall: (rec) => outcomes.push(...rec.tries.map((t) => t.outcome)),
    });
    const read = () => c.call('GET /v1.0/account', { query: { AccountId: 'AID-00000000-0000-4000-8000-000000000001' } });
    assert.equal((await read()).status, 200);
    const skew = significantSkewMs(c.platformClock!());
    assert.ok(Math.abs(skew - 600_000) < 1_500, `skew read ${skew}`);
    await new Promise((r) => setTimeout(r, 2_300));
    assert.equal((await read()).status, 200);
    assert.ok(!outcomes.includes(401), `the token cache refreshed on the platform's clock: ${outcomes.join(',')}`);
  } finally {
    await sb.close();
  }
});

test("item 18's expected CDR times: the controls' moves plus the platform's skew", async () => {
  const notes: string[] = [];
  const evidence = { note: (s: string) => notes.push(s) } as any;
  const api = { platformClock: () => ({ offsetMs: -72_000_000, uncertaintyMs: 600, at: Date.now() }) } as unknown as ApiClient;
  const controls = { health: async () => ({ clockOffsetMs: 5_000 }) };
  assert.equal(await targetClockOffsetMs({ target: { controls } as any, evidence, api }), 5_000 - 72_000_000);
  assert.equal(await targetClockOffsetMs({ target: { controls: undefined } as any, evidence }), 0, 'no api, no controls: 0');
  assert.ok(
    notes.some((n) => /20 h 0 min behind/.test(n)),
    notes.join('\n'),
  );
});

test("a cached answer (Age) is not read as the platform's clock; a fresh one with the same Date is", async () => {
  await withFakeServer({ accountSecret: 'clock-secret-not-logged', retry: { baseMs: 10, capMs: 50, maxAttempts: 2 } }, async (s, opts) => {
    const hourAgo = new Date(Date.now() - 3_600_000).toUTCString();
    s.on('GET /v1.0/numbers/order', (_req, nth) => ({
      status: 200,
      headers: nth === 1 ? { date: hourAgo, age: '3600' } : ({ date: hourAgo } as Record<string, string>),
      body: { OrderId: 'JNUOID-1', OrderStatus: 'Complete' },
    }));
    const c = createClient(opts);
    await c.call('GET /v1.0/numbers/order', { query: { OrderId: 'JNUOID-1' } });
    assert.equal(significantSkewMs(c.platformClock!()), 0, 'the token answer (no Age) reads the clocks as agreeing; the cached one is ignored');
    await c.call('GET /v1.0/numbers/order', { query: { OrderId: 'JNUOID-1' } });
    const skew = significantSkewMs(c.platformClock!());
    assert.ok(Math.abs(skew + 3_600_000) < 2_000, `a fresh answer an hour behind: ${skew}`);
  });
});
