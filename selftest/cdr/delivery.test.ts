/**
 * End to end: sandbox CDR service -> (nodemailer -> SMTP receiver) | (HTTP POST -> local receiver)
 * -> streaming parser -> reconciliation; and the three CDR drift modes produce their findings.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { createCdrService, type CdrDelivery } from '../../sandbox/cdr';
import { startSmtpReceiver, mailToCdrFiles, parseCdrFiles, reconcile, webhookToCdrFile, type CdrFile, type SmtpReceiver } from '../../helpers/cdr';
import { redact } from '../../protocol/redact';
import { scenario } from './_traffic';

interface HookReceiver {
  url: string;
  files: CdrFile[];
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function startHookReceiver(): Promise<HookReceiver> {
  const files: CdrFile[] = [];
  const waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      files.push(webhookToCdrFile({ headers: req.headers as any, body: Buffer.concat(chunks) }, files.length));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as any).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/cdr`,
    files,
    async waitFor(n, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs;
      while (files.length < n) {
        if (Date.now() > end) throw new Error(`only ${files.length}/${n} webhook deliveries`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200).unref();
        });
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let smtp: SmtpReceiver;
const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c().catch(() => undefined);
});

async function smtpOnce(): Promise<SmtpReceiver> {
  if (!smtp) {
    smtp = await startSmtpReceiver();
    closers.push(() => smtp.close());
  }
  return smtp;
}

/** Record the scenario in a fresh CDR service, flush it, return what was delivered. */
async function runService(delivery: CdrDelivery, drift: string[] = []) {
  const logs: string[] = [];
  const svc = createCdrService({ delivery, drift: (n) => drift.includes(n), log: (m, x) => logs.push(`${m} ${JSON.stringify(x ?? {})}`) });
  closers.push(() => svc.close());
  const { events, expected } = scenario();
  for (const e of events) svc.record(e);
  assert.equal(svc.pending(), events.length);
  const result = await svc.flush();
  return { result, expected, logs, svc };
}

test('e-mail delivery end to end: separate CSV attachments for SMS, voice and data; reconciles', async () => {
  const rx = await smtpOnce();
  const password = 'smtp-pass-' + Math.random().toString(36).slice(2);
  const { result, expected, logs } = await runService({
    email: { smtpHost: '127.0.0.1', smtpPort: rx.port, to: 'cdr@partner.example', auth: { user: 'cdr-user', pass: password } },
  });
  assert.equal(result.email?.error, undefined, result.email?.error);
  const mail = await rx.waitFor((m) => m.subject === `Telegent CDR batch ${result.batchId}`, { timeoutMs: 5000 });
  assert.equal(mail.authUser, 'cdr-user');
  assert.deepEqual(mail.envelope.to, ['cdr@partner.example']);
  const names = mail.attachments.map((a) => a.filename);
  assert.equal(names.length, 3);
  assert.ok(names.some((n) => n.includes('-sms-')) && names.some((n) => n.includes('-voice-')) && names.some((n) => n.includes('-data-')), names.join());
  // the mail survives a JSON round trip (inbox query API): attachments travel as base64
  const viaJson = JSON.parse(JSON.stringify(mail));
  assert.equal(viaJson.attachments[0].content, undefined);
  const parsed = await parseCdrFiles(mailToCdrFiles(viaJson));
  assert.deepEqual(
    parsed.findings.filter((f) => f.severity !== 'info'),
    [],
  );
  for (const f of parsed.files) assert.equal(Object.keys(f.kinds).length, 1, `${f.file} holds one record type`);
  const r = reconcile(expected, parsed.records, { toleranceMs: 1000 });
  assert.deepEqual(r.findings, []);
  assert.equal(r.sms.matched, 3);
  assert.equal(r.voice.matched, 3);
  assert.equal(r.data?.matched, 1);
  // the SMTP password never shows up in logs or redacted output
  assert.ok(!logs.join('\n').includes(password));
  assert.ok(!JSON.stringify(redact(mail)).includes(password));
});

test('benign cdr-wire-variants (e-mail): octet-stream in quoted-printable without .csv, text/csv base64 .CSV; quoted fields, CRLF, upper-case header, trailing empty line: no finding, reconciles', async () => {
  const rx = await smtpOnce();
  const { result, expected } = await runService({ email: { smtpHost: '127.0.0.1', smtpPort: rx.port, to: 'variants@partner.example' } }, ['cdr-wire-variants']);
  assert.equal(result.email?.error, undefined, result.email?.error);
  const mail = await rx.waitFor((m) => m.subject === `Telegent CDR batch ${result.batchId}`, { timeoutMs: 5000 });
  assert.ok(
    mail.attachments.some((a) => /octet-stream/.test(a.contentType) && !/\.csv$/i.test(a.filename)),
    JSON.stringify(mail.attachments.map((a) => [a.filename, a.contentType])),
  );
  assert.ok(mail.attachments.some((a) => /text\/csv/.test(a.contentType) && /\.CSV$/.test(a.filename)));
  const files = mailToCdrFiles(JSON.parse(JSON.stringify(mail)));
  assert.match(files[0].content.toString(), /^"[A-Z_]+","[A-Z_]+".*\r\n"/);
  const parsed = await parseCdrFiles(files);
  assert.deepEqual(
    parsed.findings.filter((f) => f.severity !== 'info'),
    [],
  );
  const r = reconcile(expected, parsed.records, { toleranceMs: 1000 });
  assert.deepEqual(r.findings, []);
  assert.equal(r.sms.matched, 3);
  assert.equal(r.voice.matched, 3);
});

for (const format of ['json', 'csv'] as const) {
  test(`webhook delivery end to end (${format}): one POST per record type; reconciles`, async () => {
    const hook = await startHookReceiver();
    closers.push(() => hook.close());
    const { result, expected } = await runService({ webhookUrl: hook.url, format, webhookAuth: { type: 'Bearer', secret: 'hook-secret-123' } });
    assert.deepEqual(
      result.webhook?.posts.map((p) => p.status),
      [200, 200, 200],
    );
    await hook.waitFor(3);
    const parsed = await parseCdrFiles(hook.files);
    assert.deepEqual(parsed.findings, []);
    assert.deepEqual(
      parsed.files.map((f) => f.format),
      [format, format, format],
    );
    const r = reconcile(expected, parsed.records, { toleranceMs: 1000 });
    assert.deepEqual(r.findings, []);
    assert.deepEqual([r.sms.matched, r.voice.matched, r.data?.matched], [3, 3, 1]);
  });
}

for (const format of ['json', 'csv'] as const) {
  test(`benign cdr-api-spellings (${format}): upper-case words and offset-less UTC times parse and reconcile (R-cdr-spellings)`, async () => {
    const hook = await startHookReceiver();
    closers.push(() => hook.close());
    const { result, expected } = await runService({ webhookUrl: hook.url, format }, ['cdr-api-spellings']);
    assert.deepEqual(result.drift, []);
    await hook.waitFor(3);
    assert.ok(
      hook.files.some((f) => String(f.content).includes('OUTBOUND')),
      'the files carry the API spelling',
    );
    const parsed = await parseCdrFiles(hook.files);
    assert.deepEqual(parsed.findings, []);
    const r = reconcile(expected, parsed.records, { toleranceMs: 1000 });
    assert.deepEqual(r.findings, []);
    assert.deepEqual([r.sms.matched, r.voice.matched, r.data?.matched], [3, 3, 1]);
  });
}

test('drift cdr-time-mountain-no-offset: times seven hours off the declared UTC are mismatched', async () => {
  const hook = await startHookReceiver();
  closers.push(() => hook.close());
  const { result, expected } = await runService({ webhookUrl: hook.url }, ['cdr-time-mountain-no-offset']);
  assert.deepEqual(result.drift, ['cdr-time-mountain-no-offset']);
  await hook.waitFor(3);
  const parsed = await parseCdrFiles(hook.files);
  assert.deepEqual(parsed.findings, []);
  const r = reconcile(expected, parsed.records, { toleranceMs: 60_000 });
  assert.equal(r.ok, false);
  assert.ok(r.findings.some((f) => f.check === 'cdr.reconcile.mismatch' && f.kind === 'sms'));
});

test('drift cdr-drop-sms: reconciliation reports one missing SMS', async () => {
  const hook = await startHookReceiver();
  closers.push(() => hook.close());
  const { result, expected } = await runService({ webhookUrl: hook.url }, ['cdr-drop-sms']);
  assert.deepEqual(result.drift, ['cdr-drop-sms']);
  await hook.waitFor(3);
  const parsed = await parseCdrFiles(hook.files);
  const r = reconcile(expected, parsed.records, { toleranceMs: 1000 });
  assert.equal(r.ok, false);
  assert.equal(r.sms.missing, 1);
  assert.ok(r.findings.some((f) => f.check === 'cdr.reconcile.missing' && f.kind === 'sms'));
});

test('drift cdr-dup-voice: parser and reconciliation report the duplicate call record', async () => {
  const rx = await smtpOnce();
  const { result, expected } = await runService({ email: { smtpHost: '127.0.0.1', smtpPort: rx.port, to: 'dup@partner.example' } }, ['cdr-dup-voice']);
  assert.deepEqual(result.drift, ['cdr-dup-voice']);
  const mail = await rx.waitFor((m) => m.subject === `Telegent CDR batch ${result.batchId}` && m.envelope.to.includes('dup@partner.example'), {
    timeoutMs: 5000,
  });
  const parsed = await parseCdrFiles(mailToCdrFiles(mail));
  assert.ok(parsed.findings.some((f) => f.check === 'cdr.duplicate' && f.kind === 'voice'));
  const r = reconcile(expected, parsed.records, { toleranceMs: 1000 });
  assert.equal(r.voice.duplicate, 1);
  assert.ok(r.findings.some((f) => f.check === 'cdr.reconcile.duplicate'));
});

test('drift cdr-merged-file: voice and SMS in one file is reported (e-mail and webhook)', async () => {
  const rx = await smtpOnce();
  const hook = await startHookReceiver();
  closers.push(() => hook.close());
  const { result, expected } = await runService({ webhookUrl: hook.url, email: { smtpHost: '127.0.0.1', smtpPort: rx.port, to: 'merged@partner.example' } }, [
    'cdr-merged-file',
  ]);
  assert.deepEqual(result.drift, ['cdr-merged-file']);
  const mail = await rx.waitFor((m) => m.envelope.to.includes('merged@partner.example'), { timeoutMs: 5000 });
  assert.equal(mail.attachments.length, 2); // usage (sms+voice) + data
  await hook.waitFor(2);
  for (const files of [mailToCdrFiles(mail), hook.files]) {
    const parsed = await parseCdrFiles(files);
    assert.ok(
      parsed.findings.some((f) => f.check === 'cdr.mixed-file'),
      JSON.stringify(parsed.findings),
    );
    const r = reconcile(expected, parsed.records, { toleranceMs: 1000 });
    assert.ok(r.findings.some((f) => f.check === 'cdr.mixed-file'));
    // the records themselves are all there
    assert.equal(r.sms.matched + r.voice.matched, 6);
  }
});

test('nothing configured keeps the records; a dead webhook is reported, not thrown', async () => {
  const svc = createCdrService({});
  closers.push(() => svc.close());
  svc.record({
    type: 'sms',
    direction: 'outbound',
    from: '+12025550100',
    to: '+12025550101',
    messageId: 'TMID-1',
    startedAt: new Date().toISOString(),
    accountId: 'DID-1',
  });
  const r = await svc.flush();
  assert.equal(r.delivered, 0);
  assert.equal(svc.pending(), 1);
  const hook = await startHookReceiver();
  const deadUrl = hook.url;
  await hook.close();
  svc.configure({ webhookUrl: deadUrl });
  const r2 = await svc.flush();
  assert.ok(r2.webhook?.posts[0].error, JSON.stringify(r2));
});
