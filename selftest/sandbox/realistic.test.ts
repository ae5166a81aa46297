/**
 * Realistic mode (`npm run sandbox -- --realistic`), out of process, as a partner would run it: /_sandbox/* off
 * without a control key (404), behind the key with one (401 / 200); port-ins move on the carrier clock, never
 * because they were read; a 1–3 day clock advance moves them on (Scheduled, Completed, or Rejected for the magic
 * account number); a restart with the same state file continues where it was; tokens live 300 s; CDRs are
 * delivered on their cycle. Run: npx tsx scripts/selftest.ts sandbox/realistic
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTokenExpiry } from '../../helpers/client/policy';
import { PLATFORM_TIME_ZONE } from '../../protocol/dates';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { startStandaloneSandbox, type Standalone } from '../certify/standalone';
import { ROOT } from '../certify/run';
import { DEFAULT_ACCOUNT_KEY, DEFAULT_ACCOUNT_SECRET, startSandboxInternal } from '../../sandbox/index';
import { parseCarrierSteps, parseDuration } from '../../sandbox/clock';
import { npmScriptArgs } from '../npm-script';

const KEY = 'realistic-selftest-control-key-7f3a9c';
const DAY = 86_400_000;
const addr = { Street1: '1 Main', City: 'Lehi', State: 'UT', Zip: '84043' };
/** nothing from the developer's environment leaks in: every knob this test relies on is set here */
const BASE_ENV = {
  SANDBOX_CONTROL_KEY: '',
  SANDBOX_STATE_FILE: '',
  SANDBOX_REALISTIC: '',
  SANDBOX_CARRIER_STEP: '',
  SANDBOX_PORT_STEP_MS: '',
  SANDBOX_CDR_CYCLE: '',
  SANDBOX_TOKEN_TTL_SECONDS: '',
  SANDBOX_CDR_WEBHOOK_URL: '',
  SANDBOX_CDR_SMTP: '',
  SANDBOX_ACCOUNT_KEY: '',
  SANDBOX_ACCOUNT_SECRET: '',
  SANDBOX_DRIFT: '',
  SANDBOX_FAULTS: '',
  SANDBOX_SIP: 'off',
  SANDBOX_LOG_LEVEL: 'warn',
};

interface Res {
  status: number;
  body: any;
}

async function call(
  base: string,
  method: string,
  p: string,
  opts: { body?: unknown; token?: string; key?: string; query?: Record<string, string> } = {},
): Promise<Res> {
  const url = new URL(base + p);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.key) headers['x-sandbox-control-key'] = opts.key;
  const r = await fetch(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* text */
  }
  return { status: r.status, body };
}

async function token(base: string): Promise<{ token: string; tokenExpiry: string }> {
  const r = await call(base, 'POST', '/v1.0/oauth2/tokens', { body: { AccountKey: DEFAULT_ACCOUNT_KEY, AccountSecret: DEFAULT_ACCOUNT_SECRET } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

/** "MM/DD/YYYY hh:mm:ss AM/PM" in the platform's zone (Mountain time, R-token-expiry-tz) → epoch ms */
function parseExpiry(s: string): number {
  assert.match(s, /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2}) (AM|PM)$/, `tokenExpiry in the platform's format: ${s}`);
  return parseTokenExpiry(s, PLATFORM_TIME_ZONE)!;
}

let seq = 0;
function portable(): string {
  return `+1385${String(Math.floor(Math.random() * 8_000_000) + 1_000_000 + ++seq).slice(0, 7)}`;
}

async function submit(base: string, tok: string, num: string, accountNumber: string): Promise<string> {
  const r = await call(base, 'POST', '/v1.0/numbers/portin', {
    token: tok,
    body: {
      PortInNumber: num,
      CurrentCarrierName: 'Verizon',
      CurrentAccountNumber: accountNumber,
      CurrentAccountPassword: '0000',
      CurrentBillingAddress: addr,
    },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.OrderId;
}

async function status(base: string, tok: string, orderId: string): Promise<{ OrderStatus: string; OrderStatusMessage: string | null }> {
  const r = await call(base, 'GET', '/v1.0/numbers/order', { token: tok, query: { OrderId: orderId } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function advance(base: string, ms: number): Promise<void> {
  const r = await call(base, 'POST', '/_sandbox/clock/advance', { key: KEY, body: { ms } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

/** many reads over a second: the status they see never changes */
async function readsDoNotMove(base: string, tok: string, orderIds: string[], expected: string) {
  for (let i = 0; i < 12; i++) {
    for (const id of orderIds) assert.equal((await status(base, tok, id)).OrderStatus, expected, `read ${i + 1} of ${id}`);
    await new Promise((r) => setTimeout(r, 90));
  }
}

function cdrReceiver(): Promise<{ url: string; posts: any[]; close(): Promise<void> }> {
  const posts: any[] = [];
  const srv = http.createServer((req, res) => {
    let b = '';
    req.on('data', (d) => (b += d));
    req.on('end', () => {
      posts.push({ headers: req.headers, body: b ? JSON.parse(b) : undefined });
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) =>
    srv.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/cdr`, posts, close: () => new Promise<void>((r) => srv.close(() => r())) }),
    ),
  );
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-realistic-'));

test('realistic, no control key: /_sandbox/* is 404 like any unknown path; tokens live 300 s; nothing secret printed', async () => {
  const dir = tmp();
  const sb = await startStandaloneSandbox({ ...BASE_ENV }, ['--realistic', '--state', path.join(dir, 'state.json')]);
  try {
    for (const [m, p] of [
      ['GET', '/_sandbox/health'],
      ['POST', '/_sandbox/clock/advance'],
      ['POST', '/_sandbox/cdr/flush'],
    ] as const) {
      const r = await call(sb.baseUrl, m, p, { body: m === 'POST' ? { ms: DAY } : undefined });
      assert.equal(r.status, 404, `${m} ${p}`);
      assert.deepEqual(Object.keys(r.body).sort(), ['Message', 'StatusCode']);
      assert.equal(r.body.StatusCode, 404);
    }
    const before = Date.now();
    const t = await token(sb.baseUrl);
    const ttl = (parseExpiry(t.tokenExpiry) - before) / 1000;
    assert.ok(ttl > 295 && ttl <= 302, `token lives ~300 s (got ${ttl.toFixed(1)} s)`);
    assert.match(sb.output(), /controls:\s+off/);
  } finally {
    await sb.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('realistic with a control key: 401 without it, 200 with it; the key is never printed', async () => {
  const dir = tmp();
  const sb = await startStandaloneSandbox({ ...BASE_ENV, SANDBOX_CONTROL_KEY: KEY }, ['--realistic', '--state', path.join(dir, 'state.json')]);
  try {
    for (const key of [undefined, 'wrong-key']) {
      const r = await call(sb.baseUrl, 'GET', '/_sandbox/health', { key });
      assert.equal(r.status, 401, `key ${key ?? '(none)'}`);
      assert.equal(r.body.StatusCode, 401);
      assert.equal(typeof r.body.Message, 'string');
    }
    assert.equal((await call(sb.baseUrl, 'POST', '/_sandbox/clock/advance', { body: { ms: DAY } })).status, 401);
    const h = await call(sb.baseUrl, 'GET', '/_sandbox/health', { key: KEY });
    assert.equal(h.status, 200);
    assert.equal(h.body.mode, 'realistic');
    assert.equal(h.body.tokenTtlSeconds, 300);
    assert.deepEqual(h.body.carrierClock, { submittedMs: 10 * 60_000, approvalMs: DAY, scheduledMs: DAY });
    assert.equal(h.body.cdr.cycleMs, 15 * 60_000);
    assert.match(h.body.cdr.note, /records are kept/);
    assert.equal(h.body.clockOffsetMs, 0, 'nothing advanced the clock: the 401 advance did not run');
    assert.ok(!sb.output().includes(KEY), 'the control key is not printed');
    assert.match(sb.output(), /key: \(set\)/);
  } finally {
    await sb.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('realistic: port-ins move on the carrier clock, not on reads; a restart with the same state file continues; CDRs on their cycle', async () => {
  const dir = tmp();
  const stateFile = path.join(dir, 'state.json');
  const rx = await cdrReceiver();
  const env = { ...BASE_ENV, SANDBOX_CONTROL_KEY: KEY, SANDBOX_CDR_WEBHOOK_URL: rx.url };
  let sb: Standalone | undefined = await startStandaloneSandbox(env, ['--realistic', '--state', stateFile]);
  try {
    let tok = (await token(sb.baseUrl)).token;
    const [numA, numB] = [portable(), portable()];
    const a = await submit(sb.baseUrl, tok, numA, '46512222');
    const b = await submit(sb.baseUrl, tok, numB, '00000000'); // magic: the losing carrier rejects
    await readsDoNotMove(sb.baseUrl, tok, [a, b], 'Submitted');
    await advance(sb.baseUrl, 11 * 60_000);
    tok = (await token(sb.baseUrl)).token; // tokens expire on the sandbox clock too: 11 minutes outlive one
    await readsDoNotMove(sb.baseUrl, tok, [a, b], 'Pending Carrier Approval');
    await advance(sb.baseUrl, DAY);
    tok = (await token(sb.baseUrl)).token;
    assert.equal((await status(sb.baseUrl, tok, a)).OrderStatus, 'Scheduled');
    const rej = await status(sb.baseUrl, tok, b);
    assert.equal(rej.OrderStatus, 'Rejected');
    assert.equal(rej.OrderStatusMessage, '8A-ACCOUNT_NUM_REQ_OR_INCORRECT');

    // restart: same IDs, same statuses, same carrier clock (offset), the old token still valid
    await sb.stop();
    const saved = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    assert.equal(saved.format, 'telegent-sandbox-state/1');
    sb = await startStandaloneSandbox(env, ['--realistic', '--state', stateFile]);
    assert.equal((await status(sb.baseUrl, tok, a)).OrderStatus, 'Scheduled', 'the open port-in survived the restart (and the token too)');
    assert.equal((await status(sb.baseUrl, tok, b)).OrderStatus, 'Rejected');
    const h = await call(sb.baseUrl, 'GET', '/_sandbox/health', { key: KEY });
    assert.ok(h.body.clockOffsetMs >= DAY + 11 * 60_000, 'the carrier clock continues from where it was');
    await advance(sb.baseUrl, DAY);
    tok = (await token(sb.baseUrl)).token;
    assert.equal((await status(sb.baseUrl, tok, a)).OrderStatus, 'Completed');
    const n = await call(sb.baseUrl, 'GET', '/v1.0/numbers', { token: tok, query: { PhoneNumber: numA } });
    assert.equal(n.body.Status, 'Active', 'the completed port-in is in inventory');

    // one 3-day jump takes a fresh order all the way through Scheduled to Completed
    const c = await submit(sb.baseUrl, tok, portable(), '46512222');
    await advance(sb.baseUrl, 3 * DAY);
    tok = (await token(sb.baseUrl)).token;
    assert.equal((await status(sb.baseUrl, tok, c)).OrderStatus, 'Completed');

    // CDRs: a data session on the ported-in number is delivered by the next 15-minute cycle, without any flush
    const att = await call(sb.baseUrl, 'POST', '/_sandbox/devices/attach', { key: KEY, body: { PhoneNumber: numA, Apn: 'wireless.mobi', Bytes: 2048 } });
    assert.equal(att.status, 200, JSON.stringify(att.body));
    assert.equal(rx.posts.length, 0);
    await advance(sb.baseUrl, 16 * 60_000);
    const data = rx.posts.find((p) => p.body?.type === 'data');
    assert.ok(data, `the CDR cycle delivered the data record (posts: ${rx.posts.length})`);
    assert.equal(data.body.records.length, 1);

    // a record still waiting for its cycle survives a restart and goes out on the next cycle
    assert.equal(
      (await call(sb.baseUrl, 'POST', '/_sandbox/devices/attach', { key: KEY, body: { PhoneNumber: numA, Apn: 'wireless.mobi', Bytes: 4096 } })).status,
      200,
    );
    await sb.stop();
    sb = await startStandaloneSandbox(env, ['--realistic', '--state', stateFile]);
    const before = rx.posts.length;
    await advance(sb.baseUrl, 16 * 60_000);
    const again = rx.posts.slice(before).find((p) => p.body?.type === 'data');
    assert.ok(again, 'the waiting CDR was delivered after the restart');
    assert.equal(again.body.records.length, 1);
  } finally {
    await sb?.stop();
    await rx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('durations and the carrier step syntax', () => {
  assert.equal(parseDuration('1500'), 1500);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('10m'), 600_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('1d'), DAY);
  assert.equal(parseDuration('1w'), undefined);
  assert.equal(parseDuration('-5'), undefined);
  assert.deepEqual(parseCarrierSteps('30m'), { submittedMs: 1_800_000, approvalMs: 1_800_000, scheduledMs: 1_800_000 });
  assert.deepEqual(parseCarrierSteps('10m,1d,2d'), { submittedMs: 600_000, approvalMs: DAY, scheduledMs: 2 * DAY });
  assert.throws(() => parseCarrierSteps('10m,1d'));
});

test('--help prints every flag and every SANDBOX_* variable the command reads, and starts nothing', () => {
  const r = spawnSync(process.execPath, [...npmScriptArgs('sandbox'), '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /listening on/);
  const src = ['main.ts', 'cli.ts'].map((f) => fs.readFileSync(path.join(ROOT, 'sandbox', f), 'utf8')).join('\n');
  const vars = new Set(src.match(/SANDBOX_[A-Z_]+[A-Z]/g));
  for (const v of vars) assert.match(r.stdout, new RegExp(`\\b${v}\\b`), `help names ${v}`);
  for (const f of ['--realistic', '--state', '--help']) assert.ok(r.stdout.includes(f), `help names ${f}`);
  const bad = spawnSync(process.execPath, [...npmScriptArgs('sandbox'), '--nope'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(bad.status, 2);
});

test('fast mode (embedded default): nobody reads, the order still completes on the clock', async () => {
  const sb = await startSandboxInternal({ sip: false, logLevel: 'silent', portStepMs: 60 });
  try {
    const tok = (await token(sb.baseUrl)).token;
    const id = await submit(sb.baseUrl, tok, portable(), '46512222');
    await new Promise((r) => setTimeout(r, 600)); // 3 steps of 60 ms, many times over, without a single read
    assert.equal((await status(sb.baseUrl, tok, id)).OrderStatus, 'Completed');
    const o = sb.sandbox.store.find('orders', id)!;
    assert.deepEqual(
      o.history.map((h: { status: string }) => h.status),
      ['Submitted', 'Pending Carrier Approval', 'Scheduled', 'Completed'],
    );
    const gaps = o.history.slice(1).map((h: { at: number }, i: number) => h.at - o.history[i].at);
    assert.ok(
      gaps.every((g: number) => Math.abs(g - 60) < 2),
      `each status lasted one carrier step (${gaps.join(', ')} ms)`,
    );
  } finally {
    await sb.close();
  }
});
