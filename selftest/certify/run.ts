/**
 * Self-test harness: run `npm run certify` in a child process with its own report directory, and read back
 * what it produced. Used by the certification, redaction, cleanup and matrix self-tests.
 */
import { technicalStatus } from '../../reporter/model';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { npmScriptArgs, ROOT } from '../npm-script';

export { ROOT };

export interface CertifyRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  reportDir: string;
  wallMs: number;
  signoff?: any;
  ledger?: any;
}

/** The node arguments `npm run certify` starts with (package.json): a run here starts exactly as a partner's does. */
export function certifyArgs(): string[] {
  return npmScriptArgs('certify');
}

export function tempReportDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cert-${label}-`));
}

/**
 * The environment a certification of this harness runs with: the caller's, without any suite setting of its own (a
 * self-test's run is isolated from the caller's run and .env), its own report directory, CI, then `env`.
 */
export function certifyEnv(env: Record<string, string | undefined>, reportDir: string): Record<string, string> {
  const cleanEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(TELEGENT_|WEBHOOK_|CERT_|SANDBOX_|SIP_|PORTIN_|PORTOUT_|CDR_|SMTP_)/.test(k)) continue; // isolate from the caller's run
    cleanEnv[k] = v;
  }
  return {
    ...cleanEnv,
    CERT_NO_DOTENV: '1',
    CERT_REPORT_DIR: reportDir,
    CI: '1',
    ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)),
  } as Record<string, string>;
}

/** a finished run, with what it wrote in its report directory (the sign-off and the ledger) */
export function finishedRun(r: Omit<CertifyRun, 'wallMs' | 'signoff' | 'ledger'> & { started: number }): CertifyRun {
  const read = (f: string) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(r.reportDir, f), 'utf8'));
    } catch {
      return undefined;
    }
  };
  const { started, ...rest } = r;
  return { ...rest, wallMs: Date.now() - started, signoff: read('signoff.json'), ledger: read('run-state.json') };
}

export function startCertify(
  env: Record<string, string | undefined>,
  args: string[] = [],
  reportDir = tempReportDir('run'),
): { child: ChildProcess; reportDir: string; done: Promise<CertifyRun> } {
  const started = Date.now();
  const fullEnv = certifyEnv(env, reportDir);
  // its own process group, so a crash can be simulated for the whole run (certify + Playwright + worker)
  const child = spawn(process.execPath, [...certifyArgs(), ...args], {
    cwd: ROOT,
    env: fullEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CertifyRun>((resolve) => {
    child.on('exit', (code, signal) => resolve(finishedRun({ code, signal, stdout, stderr, reportDir, started })));
  });
  return { child, reportDir, done };
}

export function certify(env: Record<string, string | undefined> = {}, args: string[] = [], reportDir?: string): Promise<CertifyRun> {
  return startCertify(env, args, reportDir).done;
}

/**
 * Item statuses of a finished run, as the platform decided them (an item awaiting the teams' attestations counts as
 * passed: R-signoff-attestation): from the sign-off report when present, else from the ledger.
 */
export function statuses(run: CertifyRun): Record<string, string> {
  if (run.signoff?.items) return Object.fromEntries(run.signoff.items.map((i: any) => [i.id, technicalStatus(i)]));
  return Object.fromEntries(Object.entries(run.ledger?.items ?? {}).map(([id, it]: [string, any]) => [id, it.status]));
}

export function tail(s: string, n = 4000): string {
  return s.length > n ? s.slice(-n) : s;
}

/**
 * Environment for a run that treats a sandbox as a real target (TELEGENT_BASE_URL set): its test
 * credentials, the suite's receiver on a fixed port behind `publicUrl`, CDRs by webhook, sandbox-speed waits.
 */
export function sandboxAsTargetEnv(baseUrl: string, webhookPort: number, publicUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TELEGENT_BASE_URL: baseUrl,
    TELEGENT_ACCOUNT_KEY: 'DID-00000000-0000-4000-8000-000000000001',
    TELEGENT_ACCOUNT_SECRET: 'sandbox-secret',
    WEBHOOK_PORT: String(webhookPort),
    WEBHOOK_PUBLIC_URL: publicUrl,
    CDR_DELIVERY: 'webhook',
    CERT_REPORT_PDF: '0',
    CERT_WEBHOOK_TIMEOUT_MS: '10000',
    CERT_PORTIN_WAIT_MS: '20000',
    CERT_PROPAGATION_WAIT_MS: '10000',
    CERT_POLL_MS: '100',
    ...extra,
  };
}

/** The port-in items (8a–8e) and their prerequisites (account, message route, subscriber): a run about port-ins only. */
export const PORT_IN_SPECS = [
  '01-account',
  '04-message-route',
  '06-subscriber',
  '08a-portin-eligibility',
  '08b-portin-submit',
  '08c-portin-update',
  '08d-portin-cancel',
  '08e-portin-monitor',
].map((s) => `specs/${s}.spec.ts`);
