/**
 * npm run bench [-- --quick] [--json] [--wait-load N] — every performance bench in one run, one after the other:
 *   validate  bench:validate — response validations per second (goal ≥ 1,000,000/s)
 *   sandbox   bench:sandbox  — sandbox requests/s ÷ Prism mock requests/s, same run (goal ≥ 10×)
 *   cdr       bench:cdr      — 100,000 and 1,000,000 CDR records parsed + validated (goal 1,000,000 in ≤ 3 s wall,
 *                              retained heap flat from 100k to 1M)
 *   certify   bench:certify  — 5 default certifications on the embedded sandbox, boot, report and PDF included: the
 *                              median and the median run's breakdown (goal ≤ 8 s, 25/25)
 *   matrix    bench:matrix   — the whole drift/fault matrix, packed: wall time, runs, breakdown (goal ≤ 120 s)
 *   selftest  bench:selftest — npm test as CI runs it (goal ≤ 5 minutes)
 * Each figure is printed as a ratio or breakdown (per CPU-second, server CPU per request, reader and csv-parse
 * floors, memory at 10 % and 90 % of the file) with the machine's load average (os.loadavg(), 1 minute) taken
 * beside it: on a shared machine a figure measured under load is lower than the machine can do.
 *   --quick        shorter runs (validate 1 s, sandbox 2,000 requests, cdr 100,000 and 300,000 records, 3
 *                  certifications, the matrix's sample, no npm test): goals that need the full run are not judged
 *   --only a,b     run only these benches (validate, sandbox, cdr, certify, matrix, selftest)
 *   --wait-load N  before each bench, wait (up to 2 minutes) for the 1-minute load average to drop below N
 *   --json         one machine-readable line at the end (every figure), written to reports/bench.json too
 * Exit code 0 when every goal is met, 1 otherwise, 2 when a bench could not run.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const asJson = argv.includes('--json');
const opt = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const only = (opt('only') ?? `validate,sandbox,cdr,certify,matrix${quick ? '' : ',selftest'}`).split(',').map((s) => s.trim());
const waitLoad = opt('wait-load') !== undefined ? Number(opt('wait-load')) : undefined;

interface BenchRun {
  name: string;
  ok: boolean;
  meetsGoal: boolean;
  loadBefore: number;
  loadAfter: number;
  seconds: number;
  lines: string[];
  data?: any;
  error?: string;
}

const load = () => Number(os.loadavg()[0].toFixed(2));

/** Run one bench script as a child (its own process: JIT and heap figures are its own); keep its output lines. */
function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(root, 'scripts', script), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code: code ?? 2, out, err }));
  });
}

/** The last line of the output that parses as a JSON object. */
function lastJson(out: string): any {
  const lines = out.trim().split('\n').reverse();
  for (const l of lines) {
    if (!l.startsWith('{')) continue;
    try {
      return JSON.parse(l);
    } catch {
      /* not JSON */
    }
  }
  return undefined;
}

async function settle(): Promise<void> {
  if (waitLoad === undefined) return;
  const end = Date.now() + 120_000;
  while (load() >= waitLoad && Date.now() < end) await new Promise((r) => setTimeout(r, 5000));
}

async function bench(name: string, script: string, args: string[], describe: (d: any) => string[], env: Record<string, string> = {}): Promise<BenchRun> {
  await settle();
  const loadBefore = load();
  const t0 = Date.now();
  const r = await runScript(script, args, env);
  const seconds = (Date.now() - t0) / 1000;
  const data = lastJson(r.out);
  const loadAfter = load();
  if (!data) {
    const error = (r.err || r.out).trim().split('\n').slice(-3).join(' | ');
    return { name, ok: false, meetsGoal: false, loadBefore, loadAfter, seconds, lines: [`  could not run (exit ${r.code}): ${error}`], error };
  }
  return { name, ok: true, meetsGoal: !!data.meetsGoal, loadBefore, loadAfter, seconds, lines: describe(data), data };
}

/** with --quick the CDR and matrix goals are not measured (smaller file, the matrix's sample) */
const unjudged = (name: string) => quick && (name === 'cdr' || name === 'matrix');

const n = (x: number) => Math.round(x).toLocaleString('en-US');

function describeValidate(d: any): string[] {
  return [
    `  ${n(d.perSecond)} validations/s = ${(d.perSecond / d.goal).toFixed(2)}× the goal of ${n(d.goal)}/s (${d.microsPerValidation} µs each; ${d.examples} vendor examples over ${d.operations} operations)`,
    `  ${n(d.perCpuSecond)} per CPU-second (${d.cpuSeconds} CPU-s in ${d.seconds} s wall); first pass with compilation ${d.compileMs} ms`,
  ];
}

function describeSandbox(d: any): string[] {
  const cpu = (x: any) => (x.cpuUsPerRequest ? `, server CPU ${x.cpuUsPerRequest} µs/request` : '');
  return [
    `  sandbox ${n(d.sandbox.rps)} req/s ÷ Prism mock ${n(d.prism.rps)} req/s = ${d.ratio}× (goal ≥ ${d.goal}×; rounds ${(d.rounds ?? []).map((r: number) => `${r}×`).join(', ')}); ${(d.rounds ?? [0]).length} × ${d.requests} requests each, concurrency ${d.concurrency}, ${d.operations} operations`,
    `  breakdown: sandbox ${d.sandbox.seconds} s${cpu(d.sandbox)} (load ${d.sandbox.loadAverage}); Prism ${d.prism.seconds} s${cpu(d.prism)} (load ${d.prism.loadAverage})${d.cpuRatio ? `; server CPU per request ${d.cpuRatio}× lower` : ''}`,
  ];
}

function describeCdr(d: any): string[] {
  const out: string[] = [];
  for (const r of d.results) {
    out.push(
      `  ${n(r.records)} records: ${r.parseSeconds} s wall (${n(r.recordsPerSecond)}/s), CPU ${r.cpuSeconds} s (${n(r.recordsPerCpuSecond)}/CPU-s); load ${r.loadAverage}`,
      `    breakdown: bare reader ${r.readerFloorCpuSeconds} s CPU, bare csv-parse ${r.floorCpuSeconds} s CPU; mapping + validation + duplicate index ${Math.max(0, r.cpuSeconds - r.readerFloorCpuSeconds).toFixed(2)} s CPU`,
      `    memory: heap retained after GC ${r.heapAt10pctMb} MB at 10 % → ${r.heapAt90pctMb} MB at 90 %; duplicate index (typed arrays) ${r.arrayBuffersAt10pctMb} → ${r.arrayBuffersAt90pctMb} MB; peak rss ${r.peakRssMb} MB`,
    );
  }
  const big = d.results[d.results.length - 1];
  const small = d.results[0];
  if (d.results.length > 1)
    out.push(
      `  ${n(big.records)} vs ${n(small.records)}: ${(big.parseSeconds / small.parseSeconds).toFixed(1)}× the time for ${Math.round(big.records / small.records)}× the records; retained heap ${small.heapAt90pctMb} → ${big.heapAt90pctMb} MB`,
    );
  out.push(
    `  goal ${n(1_000_000)} records ≤ ${d.goalSeconds} s wall: ${big.records >= 1_000_000 ? (d.meetsGoal ? 'met' : 'NOT met') : 'not measured (--quick)'}`,
  );
  return out;
}

function describeCertify(d: any): string[] {
  return [
    `  median ${d.medianSeconds} s (goal ≤ ${d.goalSeconds} s) over ${d.runs.length} runs: ${d.runs.map((r: any) => `${r.seconds} s`).join(', ')}; ${d.allPassed ? `every run ${d.items}/${d.items}` : 'NOT every run passed'}`,
    '  the median run:',
    ...d.breakdown.map((l: string) => `  ${l}`),
  ];
}

function describeMatrix(d: any): string[] {
  return [
    `  ${d.seconds} s wall (goal ≤ ${d.goalSeconds} s${d.sample ? ', judged on the full matrix only' : ''}) for ${d.modes} modes in ${d.runs} runs (${d.splits} pack(s) run again mode by mode), concurrency ${d.concurrency} + the fault lane; ${d.allAsExpected ? 'every mode as expected' : 'NOT every mode as expected'}`,
    `  breakdown (run time summed over the runs): drift packs ${d.runSeconds.drift} s, benign ${d.runSeconds.benign} s, fault lane ${d.runSeconds.fault} s; slowest: ${d.slowest.map((r: any) => `${r.first}${r.modes > 1 ? ` +${r.modes - 1}` : ''} ${r.seconds} s`).join(', ')}`,
    ...(d.splitWhy ?? []).map((w: string) => `  ${w}`),
  ];
}

function describeSelftest(d: any): string[] {
  return [`  ${d.seconds} s (goal ≤ ${d.goalSeconds} s): ${d.pass}/${d.tests} self-tests passed, ${d.fail} failed (exit ${d.exit})`];
}

async function main() {
  const runs: BenchRun[] = [];
  process.stdout.write(
    `npm run bench — ${os.cpus().length} CPUs, Node ${process.version}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')} (1 / 5 / 15 min)\n`,
  );
  const plan: Array<[string, () => Promise<BenchRun>]> = [
    ['validate', () => bench('validate', 'bench-validate.ts', ['--json', '--seconds', quick ? '2' : '3'], describeValidate)],
    [
      'sandbox',
      () => bench('sandbox', 'bench-sandbox.ts', ['--json'], describeSandbox, { BENCH_REQUESTS: quick ? '2000' : (process.env.BENCH_REQUESTS ?? '4000') }),
    ],
    ['cdr', () => bench('cdr', 'bench-cdr.ts', ['--json', '--records', quick ? '100000,300000' : '100000,1000000'], describeCdr)],
    ['certify', () => bench('certify', 'bench-certify.ts', ['--json', '--runs', quick ? '3' : '5'], describeCertify)],
    ['matrix', () => bench('matrix', 'bench-matrix.ts', ['--json', ...(quick ? ['--sample'] : [])], describeMatrix)],
    ['selftest', () => bench('selftest', 'bench-selftest.ts', ['--json'], describeSelftest)],
  ];
  for (const [name, f] of plan) {
    if (!only.includes(name)) continue;
    const r = await f();
    runs.push(r);
    process.stdout.write(
      `\n${name}: ${r.ok ? (unjudged(name) ? 'goal not measured' : r.meetsGoal ? 'goal met' : 'goal NOT met') : 'FAILED'} — load average ${r.loadBefore} before, ${r.loadAfter} after (${r.seconds.toFixed(0)} s)\n${r.lines.join('\n')}\n`,
    );
  }
  const verdict = (r: BenchRun) => (!r.ok ? 'failed' : unjudged(r.name) ? 'goal not measured (--quick)' : r.meetsGoal ? 'met' : 'NOT met');
  const summary = runs.map((r) => `${r.name} ${verdict(r)} (load ${r.loadBefore})`).join(', ');
  process.stdout.write(`\nsummary: ${summary}\n`);
  const record = { at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, runs: runs.map(({ lines: _l, ...r }) => r) };
  fs.mkdirSync(path.join(root, 'reports'), { recursive: true });
  fs.writeFileSync(path.join(root, 'reports', 'bench.json'), JSON.stringify(record, null, 2));
  if (asJson) process.stdout.write(`${JSON.stringify(record)}\n`);
  process.exitCode = runs.some((r) => !r.ok) ? 2 : runs.every((r) => r.meetsGoal || unjudged(r.name)) ? 0 : 1;
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e?.stack ?? e}\n`);
  process.exit(2);
});
