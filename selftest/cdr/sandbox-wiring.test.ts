/**
 * The CDR service as wired inside the embedded sandbox: usage events recorded the way the sandbox core and
 * the SBC adapter record them, flushed through POST /_sandbox/cdr/flush, delivered by webhook and e-mail,
 * parse without errors and reconcile; the drift registry reaches the CDR service.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { startSandboxInternal } from '../../sandbox';
import { startSmtpReceiver, mailToCdrFiles, parseCdrFiles, reconcile, webhookToCdrFile, type CdrFile } from '../../helpers/cdr';

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c().catch(() => undefined);
});

async function hookServer() {
  const files: CdrFile[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      files.push(webhookToCdrFile({ headers: req.headers as any, body: Buffer.concat(chunks) }, files.length));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as any).port}/hooks/cdr`, files };
}

async function boot(drift: string[] = []) {
  const smtp = await startSmtpReceiver();
  closers.push(() => smtp.close());
  const hook = await hookServer();
  const sb = await startSandboxInternal({
    port: 0,
    sip: false,
    drift,
    logLevel: 'silent',
    cdrDelivery: { webhookUrl: hook.url, email: { smtpHost: '127.0.0.1', smtpPort: smtp.port, to: 'cdr@partner.example' } },
  } as any);
  closers.push(() => sb.close());
  const usage = (sb as any).sandbox.usage;
  const t = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  // as sandbox/routes/messaging.ts, sandbox/controls.ts and sandbox/sip/adapter.ts record them
  usage.record({
    type: 'sms',
    direction: 'outbound',
    from: '+12025550100',
    to: '+12025550101',
    messageId: 'TMID-a1',
    startedAt: iso(t),
    segments: 1,
    accountId: '',
  });
  usage.record({
    type: 'sms',
    direction: 'inbound',
    from: '+12025550100',
    to: '+12025550101',
    messageId: 'TMID-a2',
    startedAt: iso(t),
    segments: 1,
    accountId: 'AID-x',
  });
  usage.record({
    type: 'data',
    direction: 'mo',
    from: '+12025550101',
    to: 'iot.joonto',
    sessionId: 'SES-1',
    startedAt: iso(t),
    durationMs: 60000,
    bytes: 4096,
    apn: 'iot.joonto',
    accountId: 'AID-x',
  });
  usage.record({
    type: 'voice',
    direction: 'outbound',
    from: '+12025550100',
    to: '+12025550199',
    callId: 'abc@10.0.0.1',
    leg: 'A',
    startedAt: iso(t),
    answeredAt: iso(t + 1000),
    endedAt: iso(t + 6500),
    durationMs: 5500,
    accountId: 'AID-x',
    disposition: 'ANSWERED',
  });
  usage.record({
    type: 'voice',
    direction: 'inbound',
    from: '+12025550100',
    to: '+12025550101',
    callId: 'def@sandbox',
    leg: 'B',
    startedAt: iso(t),
    answeredAt: null,
    endedAt: iso(t + 3000),
    durationMs: 0,
    accountId: 'AID-x',
    disposition: 'NO_ANSWER',
  });
  const res = await fetch(`${sb.baseUrl}/_sandbox/cdr/flush`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const flush = await res.json();
  const expected = {
    sms: [
      { messageId: 'TMID-a1', direction: 'outbound' as const, from: '+12025550100', to: '+12025550101', at: iso(t) },
      { messageId: 'TMID-a2', direction: 'inbound' as const, from: '+12025550100', to: '+12025550101', at: iso(t) },
    ],
    voice: [
      { callId: 'abc@10.0.0.1', direction: 'outbound' as const, from: '+12025550100', to: '+12025550199', startedAt: iso(t), durationSeconds: 6 },
      { callId: 'def@sandbox', direction: 'inbound' as const, from: '+12025550100', to: '+12025550101', startedAt: iso(t), answeredAt: null },
    ],
  };
  return { smtp, hook, flush, res, expected };
}

test('embedded sandbox: flush delivers by webhook and e-mail; both parse clean and reconcile', async () => {
  const { smtp, hook, flush, res, expected } = await boot();
  assert.equal(res.status, 200, JSON.stringify(flush));
  assert.deepEqual(flush.counts, { sms: 2, voice: 2, data: 1 });
  const mail = await smtp.waitFor(() => true, { timeoutMs: 5000 });
  for (const files of [hook.files, mailToCdrFiles(mail)]) {
    assert.equal(files.length, 3);
    const parsed = await parseCdrFiles(files);
    assert.deepEqual(
      parsed.findings.filter((f) => f.severity === 'error'),
      [],
    );
    const r = reconcile(
      expected,
      parsed.records.filter((x) => x.kind !== 'data'),
      { toleranceMs: 60_000 },
    );
    assert.deepEqual(r.findings, []);
    assert.equal(r.sms.matched, 2);
    assert.equal(r.voice.matched, 2);
  }
});

test('embedded sandbox: drift cdr-drop-sms given to startSandbox reaches the CDR service', async () => {
  const { hook, flush, expected } = await boot(['cdr-drop-sms']);
  assert.deepEqual(flush.drift, ['cdr-drop-sms']);
  const parsed = await parseCdrFiles(hook.files);
  const r = reconcile(
    expected,
    parsed.records.filter((x) => x.kind !== 'data'),
    { toleranceMs: 60_000 },
  );
  assert.equal(r.sms.missing, 1);
});
