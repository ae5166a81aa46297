/**
 * npm run matrix [-- --concurrency N] [-- --only mode,mode] [-- --no-faults] [-- --json FILE]
 * The suite's detection power, measured: for every drift mode of the sandbox (a realistic defect), run the
 * specs it touches and check that exactly the expected item fails with a finding, its dependents are blocked
 * and its prerequisites pass; for every fault mode (transient behaviour the vendor documents), check that the
 * full certification still passes. Prints the matrix (mode × item) and the totals.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { certify, type CertifyRun } from '../selftest/certify/run';
import { readSpecMetas, prerequisites, dependents, type SpecEntry } from '../helpers/spec-registry';
import { CHECKLIST_ORDER } from '../helpers/item';
import { allDriftModes, type DriftMode } from '../sandbox/drift/catalogue';
import '../sandbox'; // the SIP and CDR modules register their drift modes when loaded
import { FAULT_NAMES } from '../sandbox/faults';

export interface MatrixRow {
  kind: 'drift' | 'fault';
  mode: string;
  expectedItem?: string;
  ran: string[];
  statuses: Record<string, string>;
  ok: boolean;
  problems: string[];
  finding?: string;
  absorbed?: number;
  wallMs: number;
}

/** Modes whose defect shows in every item's negative checks: the expected item must fail, others may too. */
const CROSS_CUTTING = new Set(['auth', 'http']);

const FAST_ENV = { CERT_REPORT_PDF: '0', CERT_WEBHOOK_TIMEOUT_MS: '3000', CERT_PORTIN_WAIT_MS: '8000', CERT_PROPAGATION_WAIT_MS: '4000' };

function statusesOf(run: CertifyRun): Record<string, string> {
  return Object.fromEntries((run.signoff?.items ?? []).map((i: any) => [i.id, i.status]));
}

export async function driftRow(mode: DriftMode, specs: SpecEntry[]): Promise<MatrixRow> {
  const pre = prerequisites(specs, mode.item);
  const dep = dependents(specs, mode.item);
  const ids = new Set([...pre, mode.item, ...dep]);
  const files = specs.filter((s) => ids.has(s.meta.id)).map((s) => path.relative(path.resolve(__dirname, '..'), s.file));
  const run = await certify({ ...FAST_ENV, SANDBOX_DRIFT: mode.name }, files);
  const st = statusesOf(run);
  const problems: string[] = [];
  if (st[mode.item] !== 'failed') problems.push(`item ${mode.item} is ${st[mode.item] ?? 'missing'}, expected failed`);
  const item = (run.signoff?.items ?? []).find((i: any) => i.id === mode.item);
  const finding = item?.findings?.[0];
  if (st[mode.item] === 'failed' && !finding) problems.push(`item ${mode.item} failed without a finding`);
  const loose = CROSS_CUTTING.has(mode.area);
  for (const id of dep) if (st[id] !== 'blocked' && !(loose && st[id] === 'failed')) problems.push(`dependent ${id} is ${st[id]}, expected blocked`);
  for (const id of pre) if (st[id] !== 'passed' && !(loose && st[id] !== 'passed')) problems.push(`prerequisite ${id} is ${st[id]}, expected passed`);
  return {
    kind: 'drift',
    mode: mode.name,
    expectedItem: mode.item,
    ran: [...ids],
    statuses: st,
    ok: problems.length === 0,
    problems,
    finding: finding ? String(finding.message ?? '').slice(0, 160) : undefined,
    wallMs: run.wallMs,
  };
}

export async function faultRow(fault: string): Promise<MatrixRow> {
  const run = await certify({ CERT_REPORT_PDF: '0', SANDBOX_FAULTS: fault });
  const st = statusesOf(run);
  const bad = CHECKLIST_ORDER.filter((id) => st[id] !== 'passed');
  let absorbed = 0;
  for (const i of run.signoff?.items ?? []) for (const e of i.evidence ?? []) if (e.kind === 'http' && e.attempts > 1) absorbed += e.attempts - 1;
  const dupNotes = (run.signoff?.items ?? []).flatMap((i: any) => (i.evidence ?? []).filter((e: any) => e.kind === 'note' && /de-duplicated/.test(e.text)));
  return {
    kind: 'fault',
    mode: fault,
    ran: CHECKLIST_ORDER,
    statuses: st,
    ok: run.signoff?.verdict === 'PASS' && !bad.length,
    problems: bad.map((id) => `item ${id} is ${st[id]}`),
    absorbed: absorbed + dupNotes.length,
    wallMs: run.wallMs,
  };
}

async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>, done: (r: R) => void): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const r = await fn(items[next++]);
        out.push(r);
        done(r);
      }
    }),
  );
  return out;
}

const SYM: Record<string, string> = { passed: 'P', failed: 'F', blocked: 'B', 'not-applicable': '-', pending: '?', manual: 'M' };

export function renderMatrix(rows: MatrixRow[]): string {
  const cols = CHECKLIST_ORDER;
  const w = Math.max(...rows.map((r) => r.mode.length), 10);
  const lines = [`${'mode'.padEnd(w)}  exp  ${cols.map((c) => c.padStart(3)).join('')}  result`];
  for (const r of [...rows].sort((a, b) => (a.kind === b.kind ? CHECKLIST_ORDER.indexOf(a.expectedItem ?? '1') - CHECKLIST_ORDER.indexOf(b.expectedItem ?? '1') : a.kind === 'drift' ? -1 : 1))) {
    const cells = cols.map((c) => (r.ran.includes(c) ? (SYM[r.statuses[c]] ?? 'x') : '·').padStart(3)).join('');
    const result = r.kind === 'drift' ? (r.ok ? 'caught' : `MISSED: ${r.problems.join('; ')}`) : r.ok ? `survived (${r.absorbed} absorbed)` : `BROKE: ${r.problems.join('; ')}`;
    lines.push(`${r.mode.padEnd(w)}  ${(r.expectedItem ?? '—').padStart(3)}  ${cells}  ${result}`);
  }
  const drifts = rows.filter((r) => r.kind === 'drift');
  const faults = rows.filter((r) => r.kind === 'fault');
  lines.push('', `P passed  F failed  B blocked  · not run`, `drift modes: ${drifts.filter((r) => r.ok).length}/${drifts.length} caught at the expected item; fault modes: ${faults.filter((r) => r.ok).length}/${faults.length} survived`);
  return lines.join('\n');
}

export async function runMatrix(opts: { concurrency?: number; only?: string[]; faults?: boolean; log?: (s: string) => void } = {}): Promise<MatrixRow[]> {
  const specs = readSpecMetas();
  const log = opts.log ?? (() => undefined);
  const drifts = allDriftModes().filter((m) => !opts.only || opts.only.includes(m.name));
  // latency at 50 ms per response (the default 150 ms only makes the run longer, not harder)
  const faults = opts.faults === false ? [] : (FAULT_NAMES as readonly string[]).map((f) => (f === 'latency' ? 'latency:50' : f)).filter((f) => !opts.only || opts.only.includes(f.split(':')[0]));
  const jobs: Array<() => Promise<MatrixRow>> = [...drifts.map((m) => () => driftRow(m, specs)), ...faults.map((f) => () => faultRow(f))];
  return pool(jobs, opts.concurrency ?? 3, (j) => j(), (r) => log(`${r.ok ? '✓' : '✗'} ${r.kind} ${r.mode}${r.expectedItem ? ` (item ${r.expectedItem})` : ''} ${(r.wallMs / 1000).toFixed(1)} s${r.ok ? '' : ` — ${r.problems.join('; ')}`}`));
}

async function main() {
  const args = process.argv.slice(2);
  const get = (k: string) => {
    const i = args.indexOf(k);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const started = Date.now();
  const rows = await runMatrix({
    concurrency: Number(get('--concurrency') ?? 3),
    only: get('--only')?.split(','),
    faults: !args.includes('--no-faults'),
    log: (s) => process.stdout.write(`${s}\n`),
  });
  const table = renderMatrix(rows);
  process.stdout.write(`\n${table}\nmatrix wall time ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  const json = get('--json');
  if (json) fs.writeFileSync(json, JSON.stringify(rows, null, 1));
  process.exit(rows.every((r) => r.ok) ? 0 : 1);
}

if (require.main === module) void main();
