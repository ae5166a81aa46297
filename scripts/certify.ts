/**
 * npm run certify [-- --resume] [-- --profile NAME] [-- any Playwright args]
 * Runs the certification (specs/ in checklist order) against TELEGENT_BASE_URL, or against the embedded
 * sandbox when none is set, writes reports/ and prints the wall time, boot included.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { config as loadDotenv } from 'dotenv';
import { loadConfig, ConfigError, dotenvProblems, type SuiteConfig } from '../helpers/config';
import { acquireRunLock, describeHolder, lockFileOf, releaseRunLock } from '../helpers/run-lock';

const started = Date.now();
const args = process.argv.slice(2);
const pwArgs: string[] = [];
let profileRun = false;
let fresh = false;
const env: NodeJS.ProcessEnv = { ...process.env, CERT_CERTIFY_STARTED: String(started) };
// .env is read here, like the run itself reads it: the preflight must judge the target the run will use
if (!env.CERT_NO_DOTENV) loadDotenv({ path: path.resolve(process.cwd(), '.env'), processEnv: env as Record<string, string>, quiet: true } as never);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--resume') env.CERT_RESUME = '1';
  else if (a === '--resend') env.CERT_RESEND = '1';
  else if (a === '--fresh') fresh = true;
  else if (a === '--profile') env.CERT_PROFILE = args[++i];
  else if (a.startsWith('--profile=')) env.CERT_PROFILE = a.slice('--profile='.length);
  else if (a === '--help' || a === '-h') {
    process.stdout.write(
      'usage: npm run certify [-- --resume [--resend] | --fresh] [-- --profile mvno-full|mvno|iot|sip|api-only] [-- --no-preflight] [-- <playwright test args>]\n' +
        '  --resume        continue the run in reports/run-state.json (pending port-ins, CDR cycles, manual steps)\n' +
        "  --resend        with --resume: an item waiting on an earlier run's message (SMS report, inbound post) sends a new\n" +
        '                  one (billable) instead of waiting for the earlier one again\n' +
        '  --fresh         start a new run although the last one against this target is pending (refused otherwise:\n' +
        "                  its open port-in would make the platform refuse this run's; what it keeps stays on the target)\n" +
        '  --profile NAME  the Discovery-phase scope (add-ons: CERT_ADDONS, removals: CERT_WITHOUT)\n' +
        '  --no-preflight  skip the checks made before any item (target reachable, credentials, webhook path, receivers)\n' +
        '  --profile-run   print where the wall time went: start-up, global setup (sandbox boot), items, report, PDF\n' +
        "  --list          list the items' tests after the preflight; runs none and writes no report\n" +
        'Target: TELEGENT_BASE_URL (unset → embedded sandbox), read from the environment and .env. See .env.example.\n' +
        'Exit codes: 0 no item failed (verdict PASS, or PENDING / INCOMPLETE: `npm run gate` decides a cutover) · 1 an item failed\n' +
        '            · 2 configuration or preflight problem (nothing run, reports/ untouched).\n',
    );
    process.exit(0);
  } else if (a === '--no-preflight') env.CERT_NO_PREFLIGHT = '1';
  else if (a === '--profile-run') profileRun = true;
  else pwArgs.push(a);
}

/** One clear line per problem, exit 2, nothing written: a configuration or preflight failure runs no item. */
function refuse(lines: string[]): never {
  process.stderr.write(
    `certify: not started — ${lines.length} problem(s) found before any item ran:\n${lines.map((l) => `  - ${l}`).join('\n')}\n(reports/ left as it was)\n`,
  );
  process.exit(2);
}

async function preflight(): Promise<SuiteConfig> {
  // a misspelled name in .env (TELEGENT_ACOUNT_KEY), or a value an unquoted # cut short, is said next to what it caused
  const misspelled = env.CERT_NO_DOTENV ? [] : dotenvProblems(path.resolve(process.cwd(), '.env'));
  let cfg: SuiteConfig;
  try {
    cfg = loadConfig(env); // one clear error before any call
  } catch (e) {
    if (e instanceof ConfigError) refuse([...misspelled, ...e.problems]);
    throw e;
  }
  if (misspelled.length) refuse(misspelled);
  takeRunLock(cfg);
  refuseBesidePending(cfg);
  if (env.CERT_NO_PREFLIGHT === '1' || cfg.embedded) return cfg;
  process.stdout.write(`preflight: ${new URL(cfg.baseUrl!).host} …\n`);
  const { runPreflight } = require('../helpers/preflight') as typeof import('../helpers/preflight'); // only a real target needs it
  const r = await runPreflight(cfg);
  if (r.problems.length) refuse(r.problems);
  Object.assign(env, r.env); // what the run needs that the preflight found (the workers read it like .env)
  for (const p of r.passed) process.stdout.write(`preflight: ✓ ${p}\n`);
  return cfg;
}

/** one run per ledger (helpers/run-lock.ts): a run already using this report directory's ledger is refused here */
function takeRunLock(cfg: SuiteConfig): void {
  fs.mkdirSync(cfg.reportDir, { recursive: true });
  const file = lockFileOf(path.join(cfg.reportDir, 'run-state.json'));
  const r = acquireRunLock(file, 'certify');
  if (!r.ok)
    refuse([
      `another run is using ${path.join(cfg.reportDir, 'run-state.json')}: ${describeHolder(r.holder)} — wait for it to end, or give this run its own CERT_REPORT_DIR`,
    ]);
  env.CERT_RUN_LOCK_PID = String(process.pid);
  process.on('exit', () => releaseRunLock(file));
}

/** a fresh run against a target where the last run's pending items still hold a port-in (helpers/pending-run.ts) */
function refuseBesidePending(cfg: SuiteConfig): void {
  if (cfg.resume || fresh || cfg.embedded) return; // the embedded sandbox is new each run: nothing of the last one is there
  const { pendingRunOf, pendingRunProblems } = require('../helpers/pending-run') as typeof import('../helpers/pending-run');
  const file = path.join(cfg.reportDir, 'run-state.json');
  const pending = pendingRunOf(file, cfg.baseUrl!);
  if (pending) refuse(pendingRunProblems(pending, file));
}

function run(): void {
  const cli = require.resolve('@playwright/test/cli');
  const child = spawn(process.execPath, [cli, 'test', '-c', path.resolve(__dirname, '../playwright.config.ts'), ...pwArgs], { stdio: 'inherit', env });
  process.on('SIGINT', () => stop(child, 'SIGINT'));
  process.on('SIGTERM', () => stop(child, 'SIGTERM'));
  child.on('exit', (code, signal) => {
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const dir = path.resolve(env.CERT_REPORT_DIR || 'reports');
    const report = thisRunsReport(path.join(dir, 'signoff.json'));
    const verdict = report?.verdictLabel ?? report?.verdict;
    process.stdout.write(
      `\ncertification wall time: ${secs} s (boot included); ${verdict ? `verdict ${verdict}` : 'no sign-off written by this run'}; reports in ${dir}\n`,
    );
    const unsigned = (report?.items ?? []).filter((i) => i.status === 'pending' && i.attestation === 'awaiting').map((i) => i.id);
    if (unsigned.length)
      process.stdout.write(
        `sign-off: item(s) ${unsigned.join(', ')} await both teams' attestations — npm run attest -- --team partner --name "…" --role "…" (and --team telegent), then npm run verify\n`,
      );
    const pending = (report?.items ?? []).filter((i) => i.status === 'pending' && i.attestation !== 'awaiting').map((i) => i.id);
    if (pending.length)
      process.stdout.write(
        `pending: item(s) ${pending.join(', ')} wait on the outside world — nothing of theirs was cleaned up; continue with npm run certify -- --resume\n`,
      );
    if (profileRun) printBreakdown(dir);
    // a kept worker (CERT_KEEP_WORKER_ON_FAILURE) makes Playwright count a failure as expected: the sign-off decides
    const failedItem = (report?.items ?? []).some((i) => i.status === 'failed');
    process.exit(signal ? 1 : failedItem ? 1 : (code ?? 1));
  });
}

let stopping = 0;
/**
 * A stop (CI cancel: SIGTERM; Ctrl-C: SIGINT). Playwright runs on through a long wait on SIGTERM, but stops gracefully
 * on SIGINT — the current test is interrupted, the hooks, the global teardown (cleanup, pending work kept) and the
 * reporters run — so the first signal becomes SIGINT. A second signal ends Playwright at once (SIGKILL).
 */
function stop(child: ReturnType<typeof spawn>, sig: NodeJS.Signals): void {
  if (++stopping === 1) {
    process.stderr.write(`\ncertify: ${sig} — stopping the run (the current item is interrupted, cleanup and report follow; send again to kill)\n`);
    child.kill('SIGINT');
  } else {
    process.stderr.write(`\ncertify: ${sig} again — killing Playwright now (npm run cleanup undoes what is left; pending work is kept)\n`);
    child.kill('SIGKILL');
  }
}

/** The sign-off THIS run wrote — never a previous run's report left in the directory. */
function thisRunsReport(file: string): { verdict?: string; verdictLabel?: string; items?: { id: string; status: string; attestation?: string }[] } | undefined {
  try {
    if (fs.statSync(file).mtimeMs < started) return undefined;
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** `--profile-run`: where the wall time went (reports/timings.json, written by the global setup and the reporter). */
function printBreakdown(dir: string): void {
  let t: Record<string, number> & { items?: { id: string; ms: number }[] };
  try {
    t = JSON.parse(fs.readFileSync(path.join(dir, 'timings.json'), 'utf8'));
  } catch {
    process.stdout.write('profile: no timings.json written by this run\n');
    return;
  }
  const end = Date.now();
  const itemsMs = (t.items ?? []).reduce((s, i) => s + i.ms, 0);
  const rows: [string, number][] = [
    ['start-up (npm, tsx, preflight, Playwright)', t.setupStartedAt - started],
    ['global setup (receivers, SIP port, sandbox boot)', t.setupEndedAt - t.setupStartedAt],
    ['  of which the embedded sandbox boot', t.sandboxBootMs ?? 0],
    ['workers: items (sum of item durations)', itemsMs],
    ['workers: the rest (worker start, fixtures, teardown)', t.testsEndedAt - t.setupEndedAt - itemsMs],
    ['report (sign-off json, md, html, evidence, history)', t.reportMs],
    ['PDF (Chromium)', t.pdfMs ?? 0],
    ['after the report (teardown, cleanup, exit)', end - t.reportEndedAt],
  ];
  process.stdout.write(`profile: wall ${((end - started) / 1000).toFixed(1)} s\n`);
  for (const [k, ms] of rows) process.stdout.write(`  ${k.padEnd(54)} ${(ms / 1000).toFixed(2).padStart(7)} s\n`);
  const top = [...(t.items ?? [])].sort((a, b) => b.ms - a.ms).slice(0, 5);
  process.stdout.write(`  slowest items: ${top.map((i) => `${i.id} ${(i.ms / 1000).toFixed(2)} s`).join(', ')}\n`);
}

preflight().then(run, (e) => refuse([(e as Error).message]));
