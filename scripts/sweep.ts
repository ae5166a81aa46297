/**
 * npm run sweep [-- --budget 60s] [-- --seed N] [-- --replay SEED:PATH] [-- --out FILE] [-- --help]
 *
 * Stateful, property-based conformance sweep of every operation of schemas/telegent.openapi.json (143) against
 * the configured target (TELEGENT_BASE_URL; unset → the embedded sandbox, started here). Call sequences are
 * generated from the resource graph (schemas/links.json: which operation creates which ID, which consumes it) with
 * fast-check model-based commands; every answer is judged with the certification's named checks (schema, status
 * code, content type, ID prefix, echo, read-after-create, use-after-delete, auth ignored, scope enforced) and the
 * semantic observer. Everything created is in the ledger (<report dir>/sweep-state.json) and undone at the end.
 *
 *   --budget D        time budget: 60s (default), 2m, 500ms
 *   --seed N          seed of the generated sequences (printed; default: random)
 *   --replay S:P@R    replay one shrunk counterexample (as printed with it), then stop
 *   --out FILE        the JSON report (default <report dir>/sweep.json)
 *
 * Billable operations are never sent to a production target without CERT_ALLOW_BILLABLE=1, and never resent
 * blind (the client's policy). Output: the operation-by-operation table (operation, calls, 2xx, checks passed,
 * findings), the cleanup summary. Exit 0 = no error finding, 1 = error finding(s), 2 = configuration error.
 * Docs: docs/SWEEP.md.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, loadConfig, reportPath } from '../helpers/config';
import { createClient } from '../helpers/client';
import { Ledger } from '../helpers/ledger';
import { redact, registerSecret } from '../protocol/redact';
import { runSweep, type SweepResult } from '../helpers/sweep/engine';
import { renderTable, type ConformanceTable } from '../helpers/sweep/table';
import { isProductionTarget } from '../reporter/checklist';
import { cleanupLedger, type CleanupReport } from '../helpers/cleanup';

export interface SweepTarget {
  baseUrl: string;
  /** TELEGENT_API_ENDPOINT_BASE (token scopes behind a path-prefix gateway), when set */
  endpointBase?: string;
  accountKey: string;
  accountSecret: string;
  /** the target answers the sandbox's partner-side controls (a device attaching) */
  sandbox: boolean;
  billableAllowed: boolean;
  seed: number;
  budgetMs: number;
  ledgerFile: string;
  replay?: { seed: number; path: string; replayPath?: string };
  log?: (line: string) => void;
  stopWhen?: (t: ConformanceTable) => boolean;
  shrinkMs?: number;
}

/**
 * One sweep against a target (also used by the self-test and the matrix). What each generated sequence created is
 * undone when the sequence ends (scripts/cleanup.ts cleanupLedger on the sweep's ledger), and once more at the end;
 * the ledger then keeps only what is still to undo.
 */
export async function sweepTarget(t: SweepTarget): Promise<{ result: SweepResult; cleanup: CleanupReport }> {
  const ledger = Ledger.begin(t.ledgerFile, { target: t.baseUrl, profile: 'sweep', resume: false });
  const client = createClient({ baseUrl: t.baseUrl, endpointBase: t.endpointBase, accountKey: t.accountKey, accountSecret: t.accountSecret });
  const deviceAttach = t.sandbox ? (phone: string, type: string) => attach(t.baseUrl, phone, type) : undefined;
  const total: CleanupReport = { undone: [], failed: [], kept: [], pending: [], keptFor: [] };
  let chain: Promise<void> = Promise.resolve();
  // one undo at a time (a sequence the budget interrupted may still end while the next undo runs)
  const undo = (final: boolean) => (chain = chain.then(() => undoNow(final)));
  const undoNow = async (final: boolean) => {
    const rep = await cleanupLedger(t.ledgerFile, {
      baseUrl: t.baseUrl,
      endpointBase: t.endpointBase,
      accountKey: t.accountKey,
      accountSecret: t.accountSecret,
      log: () => undefined,
    });
    total.undone.push(...rep.undone);
    total.kept.push(...rep.kept);
    if (final) total.failed.push(...rep.failed);
    pruneLedger(t.ledgerFile);
  };
  const result = await runSweep({
    client,
    ledger,
    seed: t.seed,
    budgetMs: t.budgetMs,
    billableAllowed: t.billableAllowed,
    deviceAttach,
    replay: t.replay,
    log: t.log,
    stopWhen: t.stopWhen,
    shrinkMs: t.shrinkMs,
    afterSequence: () => undo(false),
  });
  await undo(true);
  return { result, cleanup: total };
}

/** the ledger keeps what is still to undo (a failed undo is retried after the next sequence and at the end) */
function pruneLedger(file: string): void {
  const state = Ledger.read(file);
  if (!state) return;
  state.resources = state.resources.filter((r) => r.state === 'creating' || (r.cleanup && (r.state === 'created' || r.state === 'orphan-check')));
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(redact(state), null, 2));
  fs.renameSync(tmp, file);
}

/** a device attaching on the APN the vendor documents for the number type (sandbox control, partner side) */
async function attach(baseUrl: string, phone: string, numberType: string): Promise<void> {
  const Apn = numberType === 'iot' ? 'iot.joonto' : 'wireless.mobi';
  await fetch(`${baseUrl}/_sandbox/devices/attach`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ PhoneNumber: phone, Apn, Bytes: 1024 }),
  });
}

export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(s.trim());
  if (!m) throw new ConfigError([`--budget ${s}: expected a duration like 60s, 2m or 500ms`]);
  return Math.round(Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 } as Record<string, number>)[m[2] ?? 's']);
}

interface Args {
  budgetMs: number;
  seed: number;
  replay?: { seed: number; path: string; replayPath?: string };
  out?: string;
}

export function parseArgs(argv: string[]): Args {
  const a: Args = { budgetMs: 60_000, seed: Math.floor(Math.random() * 2 ** 31) };
  for (let i = 0; i < argv.length; i++) {
    const [k, inline] = argv[i].split(/=(.*)/s, 2);
    const v = () => inline ?? argv[++i] ?? '';
    if (k === '--budget') a.budgetMs = parseDuration(v());
    else if (k === '--seed') a.seed = /^-?\d+$/.test(v()) ? Number(inline ?? argv[i]) : NaN;
    else if (k === '--replay') a.replay = parseReplay(v());
    else if (k === '--out') a.out = v();
    else throw new ConfigError([`unknown option ${argv[i]} (npm run sweep -- --help)`]);
  }
  if (!Number.isInteger(a.seed)) throw new ConfigError(['--seed: expected an integer']);
  return a;
}

function parseReplay(s: string): { seed: number; path: string; replayPath?: string } {
  const m = /^(-?\d+):([\d:]+)(?:@(\S+))?$/.exec(s);
  if (!m) throw new ConfigError([`--replay ${s}: expected SEED:PATH[@REPLAYPATH] as printed with the counterexample`]);
  return { seed: Number(m[1]), path: m[2], ...(m[3] ? { replayPath: m[3] } : {}) };
}

export function summary(result: SweepResult, cleanup: CleanupReport): string {
  const errors = result.rows.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'error').length, 0);
  return [
    `seed ${result.seed} · budget ${result.budgetMs / 1000}s · ${Math.round(result.elapsedMs / 100) / 10}s · ${result.sequences} sequence(s)`,
    `operations with a 2xx answer: ${result.covered.length}/${result.operations}` +
      (result.covered.length < result.operations
        ? ` (never 2xx: ${result.rows
            .filter((r) => !r.ok2xx)
            .map((r) => r.op)
            .join(', ')})`
        : ''),
    `error findings: ${errors}` +
      (result.counterexamples.length ? ` · counterexamples: ${result.counterexamples.length} (each printed with its --replay argument)` : ''),
    `cleanup: ${cleanup.undone.length} undone, ${cleanup.failed.length} failed, ${cleanup.kept.length} kept (no delete operation in the API)`,
  ].join('\n');
}

async function main(): Promise<number> {
  let args: Args;
  let cfg: ReturnType<typeof loadConfig>;
  try {
    args = parseArgs(process.argv.slice(2));
    cfg = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`sweep: configuration error: ${e.problems.join('; ')}\n`);
      return 2;
    }
    throw e;
  }
  registerSecret(cfg.accountSecret);
  let baseUrl = cfg.baseUrl;
  let close: (() => Promise<void>) | undefined;
  if (cfg.embedded && !cfg.baseUrl) {
    const { startSandbox } = require('../sandbox') as typeof import('../sandbox');
    const split = (v?: string) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    const sb = await startSandbox({
      accountKey: cfg.accountKey,
      accountSecret: cfg.accountSecret,
      drift: split(process.env.SANDBOX_DRIFT),
      faults: split(process.env.SANDBOX_FAULTS),
      logLevel: process.env.SANDBOX_LOG_LEVEL ?? 'silent',
    });
    baseUrl = sb.baseUrl;
    close = () => sb.close();
    process.stdout.write(`embedded Telegent sandbox at ${sb.baseUrl}\n`);
  }
  const production = isProductionTarget(cfg.embedded ? undefined : baseUrl);
  const billableAllowed = !production || process.env.CERT_ALLOW_BILLABLE === '1';
  process.stdout.write(
    `sweep: seed ${args.seed}, budget ${args.budgetMs / 1000}s, target ${cfg.embedded ? 'embedded sandbox' : baseUrl}${billableAllowed ? '' : ' (production: billable operations skipped — CERT_ALLOW_BILLABLE=1 allows them)'}\n`,
  );
  try {
    const sandbox = cfg.embedded || (await isSandbox(baseUrl!));
    const { result, cleanup } = await sweepTarget({
      baseUrl: baseUrl!,
      accountKey: cfg.accountKey,
      accountSecret: cfg.accountSecret,
      endpointBase: cfg.embedded ? undefined : cfg.apiEndpointBase,
      sandbox,
      billableAllowed,
      seed: args.seed,
      budgetMs: args.budgetMs,
      ledgerFile: reportPath(cfg, 'sweep-state.json'),
      replay: args.replay,
      log: (l) => process.stdout.write(`${redact(l)}\n`),
    });
    const out = args.out ?? reportPath(cfg, 'sweep.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(redact({ ...result, billableAllowed, target: cfg.embedded ? 'embedded sandbox' : baseUrl, cleanup }), null, 2));
    process.stdout.write(`${redact(renderTable(result.rows))}\n\n${redact(summary(result, cleanup))}\nreport: ${out}\n`);
    return result.rows.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
  } finally {
    await close?.();
  }
}

async function isSandbox(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/_sandbox/health`, { signal: AbortSignal.timeout(3000) });
    return res.status === 200 && ((await res.json()) as { sandbox?: unknown })?.sandbox === true;
  } catch {
    return false;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`sweep: ${redact(String((e as Error)?.stack ?? e))}\n`);
      process.exit(1);
    },
  );
}
