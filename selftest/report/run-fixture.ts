/** Shared helpers for the sign-off reporter self-tests: run the fixture project, list files, secrets. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scriptArgs, ROOT } from '../npm-script';

export { ROOT };
export const FIXTURE_CONFIG = path.join(__dirname, 'fixture', 'playwright.config.ts');
export const CHROMIUM = '/usr/bin/chromium';

/** Distinctive secret values: each must appear in no report file and in no output. */
export const SECRETS = {
  accountSecret: 'ACCT-S3CR3T-q7Zp9Lk2wV',
  sandboxSecret: 'SBX-S3CR3T-m4Nb7Hh1',
  routePassword: 'route-pw-Xy81QaZ7',
  portOutPin: '73910468',
  urlPassword: 'urlpass-4471Rq',
  /** Not in the environment: only the key-based / bearer-pattern layers can catch these. */
  bearer: 'eyJmaXh0dXJlIjoidG9rZW4ifQ.ZmFrZXNpZ25hdHVyZQ-Qz81',
  portInPassword: 'AcctPw-Port-5521x',
};

export function secretEnv(): NodeJS.ProcessEnv {
  return {
    TELEGENT_ACCOUNT_SECRET: SECRETS.accountSecret,
    SANDBOX_ACCOUNT_SECRET: SECRETS.sandboxSecret,
    FIXTURE_ROUTE_PASSWORD: SECRETS.routePassword,
    FIXTURE_PORTOUT_PIN: SECRETS.portOutPin,
    TELEGENT_BASE_URL: `https://certuser:${SECRETS.urlPassword}@sandbox.example.test:8443/?AccountSecret=${SECRETS.accountSecret}`,
  };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `selftest-report-${prefix}-`));
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the fixture project (`playwright test -c selftest/report/fixture/playwright.config.ts`). */
export function runFixture(reportDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const started = Date.now();
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['CERT_ATTESTATION', 'CERT_RUN_STATE', 'FIXTURE_BREAK', 'FIXTURE_P95', 'CI', 'PW_TEST_REPORTER']) delete base[k];
  const cli = require.resolve('@playwright/test/cli');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'test', '-c', FIXTURE_CONFIG], {
      cwd: ROOT,
      env: { ...base, ...secretEnv(), CERT_REPORT_DIR: reportDir, FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Runs `tsx scripts/gate.ts …`. */
export function runGate(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return runScript('gate', args, env);
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/** Names of the secrets found in `text` (never the values). */
export function leakedSecrets(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, v]) => text.includes(v))
    .map(([k]) => k);
}

/** Runs the gate's main() in this process (no tsx boot): exit code + printed lines. */
export async function gateInProcess(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string }> {
  const { main } = require('../../scripts/gate') as typeof import('../../scripts/gate');
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.map(String).join(' '));
  try {
    const code = main(args);
    return { code, stdout: lines.join('\n') };
  } finally {
    console.log = log;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Runs `npm run <name> -- …` with the npm script's own command (selftest/npm-script.ts) and collects its output and exit code. */
export function runScript(name: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...scriptArgs(name), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}
