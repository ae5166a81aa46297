/**
 * Playwright global setup (main process): check the configuration before any call, open the run ledger,
 * start the embedded sandbox when no target is configured, start the webhook receiver (and the SMTP
 * receiver for e-mailed CDRs), and publish their addresses to the workers through process.env.
 * This is the only suite file that touches sandbox/: it starts the target, it does not test through it.
 */
import type { FullConfig } from '@playwright/test';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig, reportPath, ConfigError, type SuiteConfig } from './config';
import { Ledger } from './ledger';
import { acquireRunLock, clearStopMarker, describeHolder, lockFileOf, lockHolder, markStopping, releaseRunLock } from './run-lock';
import { publicPrefixOf, startInbox } from './inbox/server';
import { registerSecret } from '../protocol/redact';
import { useProxyFromEnv } from './client/proxy';

type Closer = () => Promise<void>;
const closers: Closer[] = [];

async function freeUdpPort(host: string): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, host, r));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function loadConfigOrExit(): SuiteConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`\n${e.message}\n\n`);
      process.exit(2);
    }
    throw e;
  }
}

/** 1. The webhook receiver (+ the SMTP receiver for CDR e-mail); publishes their addresses to the workers. */
async function startReceivers(cfg: SuiteConfig): Promise<{ publicUrl: string; smtpPort?: number }> {
  const inbox = await startInbox({ host: cfg.webhookBind, port: cfg.webhookPort, publicPrefix: publicPrefixOf(cfg.webhookPublicUrl) });
  closers.push(async () => {
    try {
      // the posts that came after their item stopped waiting are kept for a --resume (the platform will not send them again)
      const { keepLateWebhooks } = require('./late-webhooks') as typeof import('./late-webhooks');
      const lines = keepLateWebhooks(reportPath(cfg, 'run-state.json'), inbox.events());
      if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
    } finally {
      await inbox.close();
    }
  });
  process.env.CERT_INBOX_URL = inbox.queryUrl;
  const publicUrl = cfg.webhookPublicUrl ?? `http://127.0.0.1:${inbox.publicPort}`;
  process.env.CERT_WEBHOOK_PUBLIC_URL = publicUrl;
  try {
    const { startSmtpReceiver } = require('./cdr/smtp-receiver') as typeof import('./cdr/smtp-receiver');
    const smtp = await startSmtpReceiver({ host: cfg.webhookBind, port: cfg.smtpPort, onMessage: (m) => inbox.add(mailEvent(m)) });
    closers.push(() => smtp.close());
    process.env.CERT_SMTP_PORT = String(smtp.port);
    return { publicUrl, smtpPort: smtp.port };
  } catch (e) {
    process.stdout.write(`  (CDR e-mail receiver not started: ${(e as Error).message})\n`);
    return { publicUrl };
  }
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** 3. The target: the configured one, or the embedded sandbox booted as a separate HTTP server. */
async function startTarget(cfg: SuiteConfig, r: { publicUrl: string; smtpPort?: number }): Promise<{ baseUrl: string; sandboxBootMs: number }> {
  if (!cfg.embedded || cfg.baseUrl) return { baseUrl: cfg.baseUrl!, sandboxBootMs: 0 };
  const bootStarted = Date.now();
  const { startSandbox } = require('../sandbox') as typeof import('../sandbox');
  const sb = await startSandbox({
    accountKey: cfg.accountKey,
    accountSecret: cfg.accountSecret,
    drift: list(process.env.SANDBOX_DRIFT),
    faults: list(process.env.SANDBOX_FAULTS),
    cdrDelivery: {
      webhookUrl: cfg.cdrDelivery !== 'email' ? `${r.publicUrl}/hooks/cdr` : undefined,
      email: cfg.cdrDelivery !== 'webhook' && r.smtpPort ? { smtpHost: '127.0.0.1', smtpPort: r.smtpPort, to: 'cdr@partner.example' } : undefined,
    },
    agreedHeaders: cfg.sipAgreedHeaders,
    // short-lived tokens (the vendor's live "a few minutes"): item 1 lets one expire, the client renews them all run long
    tokenTtlSeconds: Number(process.env.SANDBOX_TOKEN_TTL_SECONDS ?? 2),
    logLevel: process.env.SANDBOX_LOG_LEVEL,
  });
  closers.push(() => sb.close());
  process.stdout.write(`  embedded Telegent sandbox at ${sb.baseUrl} (SIP ${sb.sipHost}:${sb.sipPort})\n`);
  return { baseUrl: sb.baseUrl, sandboxBootMs: Date.now() - bootStarted };
}

/**
 * allure-results holds one run: a new run starts it empty (its history/ folder aside — `npm run report:allure` copies
 * the trend there), or Allure would show every earlier run's results as retries of this one's, and the scrub reporter
 * would re-read them all. A resumed run keeps them: its passed items are not run again.
 */
function clearAllureResults(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return; // none yet
  }
  for (const n of names) if (n !== 'history') fs.rmSync(path.join(dir, n), { recursive: true, force: true });
}

/**
 * The end of a run undoes what it created — except what a pending item (a port-in open for days) and its prerequisites
 * still need, which is kept and listed — unless CERT_KEEP=1.
 */
async function teardown(cfg: SuiteConfig, ledgerFile: string, baseUrl: string): Promise<void> {
  if (process.env.CERT_KEEP === '1') process.stdout.write('  cleanup skipped (CERT_KEEP=1): run npm run cleanup to undo this run\n');
  else {
    const { teardownCleanup } = require('./cleanup') as typeof import('./cleanup');
    const opts = { baseUrl, endpointBase: cfg.embedded ? undefined : cfg.apiEndpointBase, accountKey: cfg.accountKey, accountSecret: cfg.accountSecret };
    const lines = await teardownCleanup(ledgerFile, opts).catch((e: Error) => [`  cleanup failed: ${e.message} — run npm run cleanup`]);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  for (const c of closers.reverse()) await c().catch(() => undefined);
}

/**
 * One run per ledger (helpers/run-lock.ts): `npm run certify` holds the lock and says so (CERT_RUN_LOCK_PID); a run
 * started without it takes the lock itself — and neither starts while another live run holds it.
 */
function holdRunLock(ledgerFile: string): void {
  const file = lockFileOf(ledgerFile);
  const holder = lockHolder(file);
  if (!holder || String(holder.pid) !== process.env.CERT_RUN_LOCK_PID) {
    const r = acquireRunLock(file, 'playwright');
    if (!r.ok)
      throw new Error(`another run is using ${ledgerFile}: ${describeHolder(r.holder)} — wait for it to end, or give this run its own CERT_REPORT_DIR`);
    closers.push(async () => releaseRunLock(file));
  }
  // a stop (npm run certify turns SIGTERM into SIGINT) is left where the workers' item lifecycle sees it
  clearStopMarker(ledgerFile);
  let stopped = false;
  const onStop = () => {
    stopped = true;
    markStopping(ledgerFile);
  };
  process.once('SIGINT', onStop);
  closers.push(async () => void process.off('SIGINT', onStop));
  stopGracefullyOnSigterm(() => stopped);
}

/**
 * A SIGTERM sent to the whole process group (`timeout`, a CI runner or a container stop signalling the group) reaches
 * Playwright as well as npm run certify, and Playwright's default is to exit at once: no teardown, no cleanup, no
 * report, everything created left on the target. Under certify, which turns its own SIGTERM into Playwright's graceful
 * SIGINT, the direct SIGTERM waits a moment for that SIGINT and raises it itself if none came (only Playwright was
 * signalled): one graceful stop either way. A second stop is certify's to escalate (SIGKILL).
 */
function stopGracefullyOnSigterm(stopped: () => boolean): void {
  if (!process.env.CERT_RUN_LOCK_PID) return; // not launched by certify: Playwright's own behaviour
  process.on('SIGTERM', () => {
    setTimeout(() => {
      if (!stopped()) process.kill(process.pid, 'SIGINT');
    }, 1500).unref();
  });
}

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const started = Date.now();
  const cfg = loadConfigOrExit();
  holdRunLock(reportPath(cfg, 'run-state.json'));
  useProxyFromEnv(); // the run's own calls to the target (sandbox check, cleanup) go through a partner's proxy too
  registerSecret(cfg.accountSecret);
  process.env.CERT_RUN_STARTED = String(started);
  const receivers = await startReceivers(cfg);
  // 2. SIP agent address: fixed for the whole run so the voice route can point at it
  process.env.CERT_SIP_AGENT_PORT = String(cfg.sipAgentPort || (await freeUdpPort(cfg.sipAgentHost)));
  const { baseUrl, sandboxBootMs } = await startTarget(cfg, receivers);
  process.env.CERT_TARGET_URL = baseUrl;
  // 4. ledger
  const ledgerFile = reportPath(cfg, 'run-state.json');
  const ledger = Ledger.begin(ledgerFile, { target: cfg.embedded ? 'embedded-sandbox' : baseUrl, profile: cfg.profile, resume: cfg.resume });
  process.env.CERT_RUN_ID = ledger.runId;
  if (!cfg.resume) clearAllureResults(reportPath(cfg, 'allure-results'));
  // the embedded sandbox is one target whatever port it got this time: runs of it compare with each other (nightly baseline)
  const rehearsal = cfg.embedded || (await isSandbox(baseUrl));
  const target = cfg.embedded ? 'embedded sandbox' : baseUrl;
  fs.writeFileSync(reportPath(cfg, 'run-target.json'), JSON.stringify({ target, profile: cfg.profile, runId: ledger.runId, rehearsal }));
  // where the wall time goes (npm run certify -- --profile-run): the reporter adds its part
  fs.writeFileSync(reportPath(cfg, 'timings.json'), JSON.stringify({ setupStartedAt: started, setupEndedAt: Date.now(), sandboxBootMs }));
  return () => teardown(cfg, ledgerFile, baseUrl);
}

/**
 * A target that says it is the Telegent sandbox — its `x-telegent-sandbox` answer header (every mode, a realistic one
 * too), or its partner-side controls — is a rehearsal, not a certification (the report says so on every page).
 */
async function isSandbox(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/_sandbox/health`, { signal: AbortSignal.timeout(3000) });
    if (/telegent-sandbox/i.test(res.headers.get('x-telegent-sandbox') ?? '')) return true;
    const body = (await res.json().catch(() => undefined)) as { sandbox?: unknown } | undefined;
    return res.status === 200 && body?.sandbox === true;
  } catch {
    return false;
  }
}

/** An e-mail as an inbox event; attachments travel base64-encoded to the workers. */
function mailEvent(m: import('./cdr/smtp-receiver').ReceivedMail) {
  const now = Date.now();
  return {
    receivedAt: new Date(now).toISOString(),
    receivedAtMs: now,
    method: 'SMTP',
    path: '/mail',
    headers: {},
    contentType: 'message/rfc822',
    body: {
      ...m,
      attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size, base64: a.content.toString('base64') })),
    },
    raw: '',
  };
}
