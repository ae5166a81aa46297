/**
 * A --resume of item 10 pending on its delivery report finishes the earlier run's message before anything is sent
 * again (R-resume-awaited-message). A standalone sandbox with its controls hidden (a real target to the suite) is
 * reached through a relay that accepts the run's delivery reports and keeps them (the platform's retry queue):
 * - the first run gets no report within CERT_WEBHOOK_TIMEOUT_MS: item 10 pending, its message recorded in the ledger;
 * - a --resume while the report is still withheld: pending again, naming message/details' Status and that no second
 *   message was sent;
 * - the relay delivers the withheld report (a retry) and a --resume passes item 10 on it.
 * All along the sandbox saw exactly one outbound message: before, each --resume sent a new (billable) SMS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { certify, statuses, tail, tempReportDir, sandboxAsTargetEnv, type CertifyRun } from './run';
import { startStandaloneSandbox, freePort } from './standalone';
import { checkWebhookPath } from '../../helpers/preflight';

interface Held {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** forward one request to the receiver; resolves with its status, or 0 when nothing listens */
function forward(port: number, h: Held): Promise<number> {
  return new Promise((resolve) => {
    const up = http.request({ host: '127.0.0.1', port, method: h.method, path: h.url, headers: h.headers }, (r) => {
      r.resume();
      resolve(r.statusCode ?? 0);
    });
    up.on('error', () => resolve(0));
    up.end(h.body);
  });
}

/** a 1×1 PNG: the media of item 12's MMS (CERT_MMS_MEDIA_URL), served by the relay */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A relay: every post forwarded at once, except those `withheld` (by path, or path and body): accepted, kept until release(). */
async function withholdingRelay(receiverPort: number, withheld: RegExp | ((path: string, body: string) => boolean)) {
  const holds = (path: string, body: string) => (withheld instanceof RegExp ? withheld.test(path) : withheld(path, body));
  const held: Held[] = [];
  let passing = false;
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const h: Held = { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
      if (h.url === '/media.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      if (holds(new URL(h.url, 'http://x').pathname, h.body.toString()) && !passing) {
        held.push(h);
        return res.writeHead(200).end();
      }
      void forward(receiverPort, h).then((s) => res.writeHead(s || 502).end());
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    held: () => held.map((h) => JSON.parse(h.body.toString()) as Record<string, string>),
    /** the platform retries the withheld reports: each until the receiver (a resumed run's) takes it */
    release: () => {
      passing = true;
      for (const h of held.splice(0))
        void (async () => {
          for (let i = 0; i < 200 && (await forward(receiverPort, h)) !== 200; i++) await new Promise((r) => setTimeout(r, 250));
        })();
    },
    close: () => new Promise<void>((r) => srv.close(() => r())),
  };
}

const specs = (item: string) =>
  ['01-account', '04-message-route', '05-voice-route', '06-subscriber', '07-provision-number', item].map((s) => `specs/${s}.spec.ts`);
const SPECS = specs('10-sms-outbound-dlr');
const KEY = 'resume-awaited-control-key-57';

/** the outbound messages the sandbox sent a delivery report for (its delivery log, read with the control key) */
async function outboundMessages(baseUrl: string): Promise<string[]> {
  const log = (await (await fetch(`${baseUrl}/_sandbox/webhooks`, { headers: { 'x-sandbox-control-key': KEY } })).json()) as {
    deliveries: Array<{ kind: string; ref?: string }>;
  };
  return [...new Set(log.deliveries.filter((d) => d.kind === 'dlr').map((d) => String(d.ref)))];
}

const item10 = (run: CertifyRun) => JSON.stringify(run.signoff?.items?.find((i: any) => i.id === '10') ?? run.ledger?.items?.['10']);
const out = (run: CertifyRun) => `${tail(run.stdout)}\n${tail(run.stderr, 1500)}`;

test('--resume of item 10 pending on its report takes up the earlier message: no second SMS, passes when the report comes', { timeout: 300_000 }, async () => {
  const webhookPort = await freePort();
  const relay = await withholdingRelay(webhookPort, /\/status$/);
  const sb = await startStandaloneSandbox({ SANDBOX_CONTROL_KEY: KEY, SANDBOX_PROPAGATION_MS: '300', SANDBOX_TOKEN_TTL_SECONDS: '30' });
  const reportDir = tempReportDir('resume-awaited');
  const env = (timeoutMs: string) =>
    sandboxAsTargetEnv(sb.baseUrl, webhookPort, relay.url, { CERT_WEBHOOK_TIMEOUT_MS: timeoutMs, CERT_TOKEN_EXPIRY_WAIT_MS: '0' });
  try {
    const first = await certify(env('2500'), SPECS, reportDir);
    assert.equal(statuses(first)['10'], 'pending', `first run: item 10 pending:\n${out(first)}`);
    const awaited = first.ledger?.data?.['awaiting.10.dlr'];
    assert.ok(awaited?.messageId, `the ledger names the message item 10 waits on:\n${JSON.stringify(first.ledger?.data)}`);
    assert.deepEqual(await outboundMessages(sb.baseUrl), [awaited.messageId]);
    assert.deepEqual(
      relay.held().map((r) => r.MessageId),
      [awaited.messageId],
      'its report was sent and withheld',
    );

    const still = await certify(env('2500'), ['--resume', ...SPECS], reportDir);
    assert.equal(statuses(still)['10'], 'pending', `resumed, report still withheld: pending again:\n${out(still)}`);
    assert.match(item10(still), new RegExp(`earlier run's message ${awaited.messageId}.*Status Delivered.*no second message was sent`));
    assert.match(still.stdout, new RegExp(`resumed on the earlier run's message ${awaited.messageId}`));
    assert.deepEqual(await outboundMessages(sb.baseUrl), [awaited.messageId], 'no second SMS sent by the first --resume');

    relay.release();
    const done = await certify(env('8000'), ['--resume', ...SPECS], reportDir);
    assert.equal(statuses(done)['10'], 'passed', `resumed, the report retried: item 10 passes:\n${out(done)}`);
    assert.deepEqual(await outboundMessages(sb.baseUrl), [awaited.messageId], 'no second SMS sent by the second --resume');
    assert.equal(done.ledger?.ids?.MESSAGE_SMS, awaited.messageId);
    assert.equal(done.ledger?.data?.['awaiting.10.dlr'], undefined, 'the message is no longer awaited');
    assert.equal((done.ledger?.data?.['traffic.sms'] ?? []).length, 1, 'the ledger records one SMS sent');
    assert.doesNotMatch(first.stdout + still.stdout + done.stdout + done.stderr, /sandbox-secret|resume-awaited-control-key-57/);
  } finally {
    await sb.stop();
    await relay.close();
  }
});

test(
  '--resume of item 11 pending on its inbound post looks for the earlier message first: passes on the retried post, sends no second one',
  { timeout: 300_000 },
  async () => {
    const webhookPort = await freePort();
    const relay = await withholdingRelay(webhookPort, /\/inbound$/);
    const sb = await startStandaloneSandbox({ SANDBOX_CONTROL_KEY: KEY, SANDBOX_PROPAGATION_MS: '300', SANDBOX_TOKEN_TTL_SECONDS: '30' });
    const reportDir = tempReportDir('resume-inbound');
    const env = (timeoutMs: string) =>
      sandboxAsTargetEnv(sb.baseUrl, webhookPort, relay.url, { CERT_WEBHOOK_TIMEOUT_MS: timeoutMs, CERT_TOKEN_EXPIRY_WAIT_MS: '0' });
    const SPECS11 = specs('11-sms-inbound');
    try {
      const first = await certify(env('2500'), SPECS11, reportDir);
      assert.equal(statuses(first)['11'], 'pending', `first run: item 11 pending:\n${out(first)}`);
      const awaited = first.ledger?.data?.['awaiting.11.inbound'];
      assert.ok(awaited?.messageId, `the ledger names the message item 11 waits on:\n${JSON.stringify(first.ledger?.data)}`);
      const inboundTexts = () => relay.held().map((p) => p.Message_Body);
      assert.deepEqual(inboundTexts(), [awaited.text], 'its inbound post was sent and withheld');

      const still = await certify(env('2500'), ['--resume', ...SPECS11], reportDir);
      assert.equal(statuses(still)['11'], 'pending', `resumed, post still withheld: pending again:\n${out(still)}`);
      const item11 = JSON.stringify(still.signoff?.items?.find((i: any) => i.id === '11'));
      assert.match(item11, new RegExp(`earlier run's message ${awaited.messageId}.*message/search on \\+\\d+: received as TMID-.*no second message was sent`));
      assert.deepEqual(inboundTexts(), [awaited.text], 'no second SMS sent by the first --resume');

      relay.release();
      const done = await certify(env('8000'), ['--resume', ...SPECS11], reportDir);
      assert.equal(statuses(done)['11'], 'passed', `resumed, the post retried: item 11 passes:\n${out(done)}`);
      assert.equal(done.ledger?.data?.['awaiting.11.inbound'], undefined, 'the message is no longer awaited');
      // the first step's message was sent once; the later steps (never reached before) sent theirs once each
      const sms = (done.ledger?.data?.['traffic.sms'] ?? []) as Array<{ messageId: string }>;
      assert.equal(sms.filter((m) => m.messageId === awaited.messageId).length, 1);
      assert.equal(sms.length, 3, `three SMS in all (one per step):\n${JSON.stringify(sms)}`);
    } finally {
      await sb.stop();
      await relay.close();
    }
  },
);

test(
  '--resume of item 11 pending on its second step: the first is not sent again, another post on the route is no answer (still pending, not failed)',
  { timeout: 300_000 },
  async () => {
    const webhookPort = await freePort();
    // only the long UCS-2 text's inbound post is withheld (the second step): the first step passes in the first run
    const relay = await withholdingRelay(webhookPort, (path, body) => /\/inbound$/.test(path) && /Grüße/.test(body));
    const sb = await startStandaloneSandbox({ SANDBOX_CONTROL_KEY: KEY, SANDBOX_PROPAGATION_MS: '300', SANDBOX_TOKEN_TTL_SECONDS: '30' });
    const reportDir = tempReportDir('resume-step');
    const env = sandboxAsTargetEnv(sb.baseUrl, webhookPort, relay.url, { CERT_WEBHOOK_TIMEOUT_MS: '2500', CERT_TOKEN_EXPIRY_WAIT_MS: '0' });
    const SPECS11 = specs('11-sms-inbound');
    try {
      const first = await certify(env, SPECS11, reportDir);
      assert.equal(statuses(first)['11'], 'pending', `first run: item 11 pending on its second step:\n${out(first)}`);
      assert.ok(first.ledger?.data?.['awaiting.11.long']?.messageId && first.ledger?.data?.['stepPassed.11.inbound']);
      // during the resume, someone else's SMS reaches the same MessageUrl (the run's receiver takes it; the preflight's refuses it)
      const [held] = relay.held();
      const other = JSON.stringify({ ...held, Message_ID: 'TMID-00000000-0000-4000-8000-0000000000ff', Message_Body: 'another sender' });
      const path = first.ledger.data['awaiting.11.long'] && `/hooks/${first.ledger.runId}/inbound`;
      const run = certify(env, ['--resume', ...SPECS11], reportDir);
      let posted = 0;
      for (let i = 0; i < 120 && posted !== 200; i++) {
        await new Promise((r) => setTimeout(r, 250));
        posted = await forward(webhookPort, { method: 'POST', url: path, headers: { 'content-type': 'application/json' }, body: Buffer.from(other) });
      }
      const again = await run;
      assert.equal(posted, 200, 'the other post reached the run');
      assert.equal(statuses(again)['11'], 'pending', `resumed: still pending, not failed:\n${out(again)}`);
      const tests = again.signoff.items.find((i: any) => i.id === '11').tests;
      assert.match(JSON.stringify(tests[0]), /passed in an earlier run of this ledger/);
      const sms = (again.ledger?.data?.['traffic.sms'] ?? []) as unknown[];
      assert.equal(sms.length, 2, `no SMS sent by the --resume:\n${JSON.stringify(sms)}`);
    } finally {
      await sb.stop();
      await relay.close();
    }
  },
);

test('--resume --resend gives up the earlier message and sends a new one, saying why', { timeout: 300_000 }, async () => {
  const webhookPort = await freePort();
  const relay = await withholdingRelay(webhookPort, /\/status$/);
  const sb = await startStandaloneSandbox({ SANDBOX_CONTROL_KEY: KEY, SANDBOX_PROPAGATION_MS: '300', SANDBOX_TOKEN_TTL_SECONDS: '30' });
  const reportDir = tempReportDir('resume-resend');
  const env = sandboxAsTargetEnv(sb.baseUrl, webhookPort, relay.url, { CERT_WEBHOOK_TIMEOUT_MS: '2500', CERT_TOKEN_EXPIRY_WAIT_MS: '0' });
  try {
    const first = await certify(env, SPECS, reportDir);
    const earlier = first.ledger?.data?.['awaiting.10.dlr']?.messageId;
    assert.ok(earlier, `first run: item 10 waits on its message:\n${out(first)}`);
    const again = await certify(env, ['--resume', '--resend', ...SPECS], reportDir);
    assert.match(again.stdout, new RegExp(`sending a new message — --resend asked; the delivery report of the earlier run's ${earlier}`));
    const now = again.ledger?.data?.['awaiting.10.dlr']?.messageId;
    assert.ok(now && now !== earlier, `the new message is the one awaited:\n${out(again)}`);
    assert.deepEqual((await outboundMessages(sb.baseUrl)).sort(), [earlier, now].sort());
  } finally {
    await sb.stop();
    await relay.close();
  }
});

test('--resume of item 12 pending on its inbound MMS: the report already received is not awaited again, no second MMS', { timeout: 300_000 }, async () => {
  const webhookPort = await freePort();
  // only the inbound MMS is withheld: items 10 and 11 (its prerequisites) pass
  const relay = await withholdingRelay(webhookPort, (path, body) => /\/inbound$/.test(path) && / mms \d+/.test(body));
  const sb = await startStandaloneSandbox({ SANDBOX_CONTROL_KEY: KEY, SANDBOX_PROPAGATION_MS: '300', SANDBOX_TOKEN_TTL_SECONDS: '30' });
  const reportDir = tempReportDir('resume-mms');
  const env = (timeoutMs: string) =>
    sandboxAsTargetEnv(sb.baseUrl, webhookPort, relay.url, {
      CERT_WEBHOOK_TIMEOUT_MS: timeoutMs,
      CERT_TOKEN_EXPIRY_WAIT_MS: '0',
      CERT_MMS_MEDIA_URL: `${relay.url}/media.png`,
    });
  const SPECS12 = [
    '01-account',
    '04-message-route',
    '05-voice-route',
    '06-subscriber',
    '07-provision-number',
    '10-sms-outbound-dlr',
    '11-sms-inbound',
    '12-mms',
  ].map((s) => `specs/${s}.spec.ts`);
  try {
    const first = await certify(env('2500'), SPECS12, reportDir);
    assert.equal(statuses(first)['12'], 'pending', `first run: item 12 pending:\n${out(first)}`);
    const awaited = first.ledger?.data?.['awaiting.12.mms'];
    assert.deepEqual(awaited?.received, ['dlr'], `its report came, its inbound post did not:\n${JSON.stringify(first.ledger?.data)}`);
    relay.release();
    const done = await certify(env('8000'), ['--resume', ...SPECS12], reportDir);
    assert.equal(statuses(done)['12'], 'passed', `resumed, the post retried: item 12 passes:\n${out(done)}`);
    const mms = (done.ledger?.data?.['traffic.sms'] ?? []).filter((m: { type: string }) => m.type === 'mms');
    assert.deepEqual(
      mms.map((m: { messageId: string }) => m.messageId),
      [awaited.messageId],
      'no second MMS sent by the --resume',
    );
    assert.ok((await outboundMessages(sb.baseUrl)).includes(awaited.messageId));
  } finally {
    await sb.stop();
    await relay.close();
  }
});

/**
 * A relay that holds the first delivery report until the run is surely past item 10's wait — item 11's post on its own
 * route (…/inbound-peer) — and delivers it then, to the same run's receiver; everything else at once.
 */
async function lateFirstReportRelay(receiverPort: number) {
  let reports = 0;
  let held: Held | undefined;
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const h: Held = { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
      const path = new URL(h.url, 'http://x').pathname;
      if (/\/status$/.test(path) && ++reports === 1) {
        held = h;
        return res.writeHead(200).end();
      }
      if (/\/inbound-peer$/.test(path) && held) await forward(receiverPort, held);
      res.writeHead((await forward(receiverPort, h)) || 502).end();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => srv.close(() => r())) };
}

test('a report that came after item 10 stopped waiting, while the run went on, is kept and judged by --resume', { timeout: 300_000 }, async () => {
  const webhookPort = await freePort();
  const relay = await lateFirstReportRelay(webhookPort);
  const sb = await startStandaloneSandbox({ SANDBOX_CONTROL_KEY: KEY, SANDBOX_PROPAGATION_MS: '300', SANDBOX_TOKEN_TTL_SECONDS: '30' });
  const reportDir = tempReportDir('resume-late');
  const env = sandboxAsTargetEnv(sb.baseUrl, webhookPort, relay.url, { CERT_WEBHOOK_TIMEOUT_MS: '2500', CERT_TOKEN_EXPIRY_WAIT_MS: '0' });
  // item 11 runs after item 10: the run goes on while item 10's report comes (answered 200: never sent again)
  const SPECS_10_11 = [...SPECS, 'specs/11-sms-inbound.spec.ts'];
  try {
    const first = await certify(env, SPECS_10_11, reportDir);
    assert.equal(statuses(first)['10'], 'pending', `first run: item 10 pending:\n${out(first)}`);
    const awaited = first.ledger?.data?.['awaiting.10.dlr'];
    assert.equal(awaited?.late?.length, 1, `the late report is kept with the message awaited:\n${out(first)}`);
    assert.equal(awaited.late[0].headers.authorization, undefined, 'its Authorization header is not kept');
    assert.match(first.stdout, /item 10: 1 webhook\(s\) for TMID-\S+ came after the item stopped waiting — kept/);
    const done = await certify(env, ['--resume', ...SPECS_10_11], reportDir);
    assert.equal(statuses(done)['10'], 'passed', `resumed: item 10 passes on the kept report:\n${out(done)}`);
    assert.match(done.stdout, /came after the earlier run stopped waiting: judged now/);
    const sms = (done.ledger?.data?.['traffic.sms'] ?? []) as unknown[];
    assert.equal(sms.length, 4, 'item 10 sent one SMS (item 11 three), the --resume none');
    assert.doesNotMatch(first.stdout + done.stdout + JSON.stringify(done.ledger), /sandbox-secret|resume-awaited-control-key-57/);
  } finally {
    await sb.stop();
    await relay.close();
  }
});

test(
  "the preflight's short-lived receiver refuses (503) a webhook that is not its probe: a platform's retry comes again later",
  { timeout: 20_000 },
  async () => {
    const port = await freePort();
    let lateStatus = 0;
    // WEBHOOK_PUBLIC_URL: a tunnel that, as the probe comes through, first delivers a late report to the same receiver
    const tunnel = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const late: Held = {
          method: 'POST',
          url: '/hooks/x/status',
          headers: { 'content-type': 'application/json' },
          body: Buffer.from('{"MessageId":"TMID-1","Status":"Delivered"}'),
        };
        lateStatus = await forward(port, late);
        const s = await forward(port, { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(s || 502).end();
      });
    });
    await new Promise<void>((r) => tunnel.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(tunnel.address() as AddressInfo).port}`;
      assert.deepEqual(await checkWebhookPath({ webhookPublicUrl: url, webhookPort: port, webhookBind: '127.0.0.1' }), []);
      assert.equal(lateStatus, 503, 'the late report is refused retryable, not swallowed by the preflight');
    } finally {
      tunnel.close();
    }
  },
);
