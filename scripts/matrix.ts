/**
 * npm run matrix [-- --concurrency N] [-- --only mode,mode] [-- --sample] [-- --isolated] [-- --no-host] [-- --no-faults] [-- --no-benign] [-- --json FILE]
 * The suite's detection power, measured: for every drift mode of the sandbox (a realistic defect), run the
 * specs it touches and check that exactly the expected item fails with a finding (of the mode's semantic family
 * when it has one: readback / status / lifecycle / crosschannel), its dependents are blocked and its
 * prerequisites pass; for every fault mode (transient behaviour the vendor documents) and every benign mode (an
 * answer the vendor documents or shows in its own examples), check that the full certification still passes and its
 * cleanup leaves nothing on the target.
 * Runs are concurrent (`--concurrency`, default: two per core): each has its own embedded sandbox, ports and report
 * directory, and runs in a runner host (scripts/matrix-hosts.ts: Playwright's runner started once, certifications run
 * in it one after another; `--no-host`: a certify process per run, as a partner starts one). Runs are packed
 * (scripts/matrix-pack.ts): drift modes on independent items share one certification, the benign modes share one (those
 * on an add-on operation another, with the add-on scope and the add-on items judged too); the fault modes run in a lane
 * of their own (all at once: they mostly wait), grouped by the channel they disturb. A pack in which any mode does not come out exactly as expected is run
 * again mode by mode, and only those runs are judged (`--isolated`: one mode per run).
 * `--sample` runs a representative subset (the self-test's): every benign mode and the two cheapest drift modes of
 * each family. Prints the matrix (mode × item) and the totals.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { certify, type CertifyRun } from '../selftest/certify/run';
import { RunnerHosts } from './matrix-hosts';
import { readSpecMetas, prerequisites, dependents, type SpecEntry } from '../helpers/spec-registry';
import { CROSS_CUTTING, modeOperations, packDriftModes, packItems, type DriftPack } from './matrix-pack';
import { ADDON_ORDER, CHECKLIST_ORDER } from '../helpers/item';
import { allBenignModes, allDriftModes, type DriftMode } from '../sandbox/drift/catalogue';
import { FAULT_NAMES } from '../sandbox/faults';
import { technicalStatus } from '../reporter/model';

export interface MatrixRow {
  kind: 'drift' | 'fault' | 'benign';
  mode: string;
  expectedItem?: string;
  ran: string[];
  statuses: Record<string, string>;
  ok: boolean;
  problems: string[];
  finding?: string;
  absorbed?: number;
  wallMs: number;
  /** the other modes that shared this row's certification (a pack that came out exactly as expected) */
  packedWith?: string[];
}

const FAST_ENV = {
  CERT_REPORT_PDF: '0',
  CERT_REPORTERS: 'signoff',
  // a failed item keeps its worker: a drift run's failures no longer cost a worker start each (helpers/config.ts)
  CERT_KEEP_WORKER_ON_FAILURE: '1',
  CERT_WEBHOOK_TIMEOUT_MS: '3000',
  CERT_PORTIN_WAIT_MS: '4000',
  CERT_PROPAGATION_WAIT_MS: '4000',
};

function statusesOf(run: CertifyRun): Record<string, string> {
  return Object.fromEntries((run.signoff?.items ?? []).map((i: any) => [i.id, technicalStatus(i)]));
}

/** how the matrix runs one certification: a certify process (`--no-host`), or a runner host (scripts/matrix-hosts.ts) */
export type Certify = (env: Record<string, string | undefined>, files?: string[]) => Promise<CertifyRun>;

/** add-on items (the guide's Phase 7, item ids `P7…`) are certified only in the add-on scope */
const ADDON_ENV = { CERT_ADDONS: 'guardian,data-limits' };

/** One certification for a pack of drift modes (scripts/matrix-pack.ts), each mode judged on its own items. */
export async function packRows(pack: DriftPack, specs: SpecEntry[], run: Certify = certify): Promise<MatrixRow[]> {
  const ids = packItems(pack);
  const addon = pack.modes.some((m) => m.item.startsWith('P7'));
  const files = specs.filter((s) => ids.has(s.meta.id)).map((s) => path.relative(path.resolve(__dirname, '..'), s.file));
  const result = await run({ ...FAST_ENV, ...(addon ? ADDON_ENV : {}), SANDBOX_DRIFT: pack.modes.map((m) => m.name).join(',') }, files);
  const names = pack.modes.map((m) => m.name);
  return pack.modes
    .map((m) => judgeDrift(m, specs, pack.idsOf.get(m.name)!, result))
    .map((r) => (names.length > 1 ? { ...r, packedWith: names.filter((n) => n !== r.mode) } : r));
}

/** a drift mode's verdict from a run: its item failed with a finding (of its family), dependents blocked, prerequisites passed */
function judgeDrift(mode: DriftMode, specs: SpecEntry[], ids: Set<string>, run: CertifyRun): MatrixRow {
  const pre = prerequisites(specs, mode.item);
  const dep = [...ids].filter((id) => !pre.has(id) && id !== mode.item);
  const st = statusesOf(run);
  const problems: string[] = [];
  if (st[mode.item] !== 'failed') problems.push(`item ${mode.item} is ${st[mode.item] ?? 'missing'}, expected failed`);
  const item = (run.signoff?.items ?? []).find((i: any) => i.id === mode.item);
  const errors = (item?.findings ?? []).filter((f: any) => f.severity !== 'warning');
  // a semantic drift must be caught by its family: a finding `family.…` whose message names the family
  const finding = mode.family ? errors.find((f: any) => familyOf(f) === mode.family) : (errors[0] ?? item?.findings?.[0]);
  if (st[mode.item] === 'failed' && !finding)
    problems.push(
      mode.family
        ? `item ${mode.item} failed without a ${mode.family} finding (${errors.map((f: any) => f.check).join(', ') || 'none'})`
        : `item ${mode.item} failed without a finding`,
    );
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

/**
 * A defect on operations no checklist item calls is judged by the stateful sweep (npm run sweep), not by a
 * certification: the mode is caught when the sweep, on a sandbox with the mode, reports an error finding on an
 * operation the mode touches (fixed seed, 20 s budget, stopped at the first such finding).
 */
export async function sweepRow(mode: DriftMode): Promise<MatrixRow> {
  const { startSandbox } = require('../sandbox') as typeof import('../sandbox');
  const { sweepTarget } = require('./sweep') as typeof import('./sweep');
  const ops = modeOperations(mode);
  const secret = 'matrix-sweep-secret';
  const started = Date.now();
  const sb = await startSandbox({ port: 0, accountSecret: secret, drift: [mode.name], logLevel: 'silent' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'matrix-sweep-'));
  const onOp = (op: string) => !ops.length || ops.includes(op);
  try {
    const { result } = await sweepTarget({
      baseUrl: sb.baseUrl,
      accountKey: sb.credentials.accountKey,
      accountSecret: secret,
      sandbox: true,
      billableAllowed: true,
      seed: 1,
      budgetMs: 20_000,
      shrinkMs: 500,
      ledgerFile: path.join(dir, 'sweep-state.json'),
      stopWhen: (t) => t.list().some((r) => onOp(r.op) && r.findings.some((f) => f.severity === 'error')),
    });
    const hit = result.rows
      .filter((r) => onOp(r.op))
      .flatMap((r) => r.findings.filter((f) => f.severity === 'error').map((f) => `${r.op} ${f.check}: ${f.message}`));
    return {
      kind: 'drift',
      mode: mode.name,
      expectedItem: 'sweep',
      ran: ['sweep'],
      statuses: { sweep: hit.length ? 'failed' : 'passed' },
      ok: hit.length > 0,
      problems: hit.length ? [] : [`the sweep reported no finding on ${ops.join(', ') || 'any operation'}`],
      finding: hit[0]?.slice(0, 160),
      wallMs: Date.now() - started,
    };
  } finally {
    await sb.close();
  }
}

/** the semantic family a finding belongs to, when its check and its message both say so */
export function familyOf(f: { check?: string; message?: string }): string | undefined {
  const m = /^(readback|status|lifecycle|crosschannel)\./.exec(String(f.check ?? ''));
  if (!m) return undefined;
  const says: Record<string, RegExp> = { readback: /^read-back:/, status: /^status:/, lifecycle: /^lifecycle:/, crosschannel: /^cross-channel:/ };
  return says[m[1]].test(String(f.message ?? '')) ? m[1] : undefined;
}

/** benign modes on an add-on operation are certified with the add-on scope, their items judged too */
const addonBenign = (names: string): boolean => allBenignModes().some((b) => b.addon && names.split(',').includes(b.name));

export async function faultRow(fault: string, kind: 'fault' | 'benign' = 'fault', certifyRun: Certify = certify): Promise<MatrixRow> {
  const addon = kind === 'benign' && addonBenign(fault);
  const run = await certifyRun({
    CERT_REPORT_PDF: '0',
    CERT_REPORTERS: 'signoff',
    CERT_KEEP_WORKER_ON_FAILURE: '1',
    // a fault run's retries and latency stretch item 13's propagation probes: the embedded default (5 s) once ran out
    // under a loaded machine (5xx + latency + token storm: item 13 failed, each fault alone passed)
    ...(kind === 'fault' ? { SANDBOX_FAULTS: fault, CERT_PROPAGATION_WAIT_MS: '20000' } : { SANDBOX_BENIGN: fault }),
    ...(addon ? ADDON_ENV : {}),
  });
  const st = statusesOf(run);
  const bad = [...CHECKLIST_ORDER, ...(addon ? ADDON_ORDER : [])].filter((id) => st[id] !== 'passed');
  const leaked = cleanupFailures(run.stdout);
  let absorbed = 0;
  for (const i of run.signoff?.items ?? []) for (const e of i.evidence ?? []) if (e.kind === 'http' && e.attempts > 1) absorbed += e.attempts - 1;
  const dupNotes = (run.signoff?.items ?? []).flatMap((i: any) => (i.evidence ?? []).filter((e: any) => e.kind === 'note' && /de-duplicated/.test(e.text)));
  return {
    kind,
    mode: fault,
    ran: CHECKLIST_ORDER,
    statuses: st,
    ok: run.signoff?.verdict === 'PASS' && !bad.length && !leaked,
    problems: [...bad.map((id) => `item ${id} is ${st[id]}`), ...(leaked ? [`the run's cleanup left ${leaked} resource(s) on the target`] : [])],
    absorbed: absorbed + dupNotes.length,
    wallMs: run.wallMs,
  };
}

/** how many resources a run's teardown could not undo (its cleanup line; 0 when it printed none) */
export function cleanupFailures(stdout: string): number {
  return Number(/cleanup: \d+ resources? undone, (\d+) failed/.exec(stdout)?.[1] ?? 0);
}

/** benign (or fault) modes in one certification; when it does not pass, each mode again in a run of its own */
function modePackJob(names: string[], kind: 'fault' | 'benign', run: Certify): Job {
  return async () => {
    const row = await faultRow(names.join(','), kind, run);
    if (names.length === 1) return [row];
    if (!row.ok)
      return Object.assign(
        names.map((n) => modePackJob([n], kind, run)),
        { why: row.problems.join('; ') },
      );
    return names.map((n) => ({ ...row, mode: n, packedWith: names.filter((x) => x !== n) }));
  };
}

/**
 * A run's share of the pool (`--concurrency` is the sum of the shares in flight): a certification of every item is 1, a
 * drift pack its share of the checklist's items (not below a third). Small runs are mostly waits (a webhook, a
 * propagation, a SIP timer) and cost little CPU, so more of them run at a time — measured on 2 cores, the end of the
 * matrix (item 10 / 11 packs) kept the cores 40–60 % busy at one share each.
 */
function shareOf(pack: DriftPack): number {
  return Math.max(1 / 3, packItems(pack).size / CHECKLIST_ORDER.length);
}

function driftPackJob(pack: DriftPack, specs: SpecEntry[], run: Certify): Job {
  return withShare(shareOf(pack), async () => {
    const rows = await packRows(pack, specs, run);
    if (rows.every((r) => r.ok) || pack.modes.length === 1) return rows;
    const why = rows
      .filter((r) => !r.ok)
      .map((r) => `${r.mode}: ${r.problems.join(', ')}`)
      .join('; ');
    return Object.assign(
      pack.modes.map((m) => driftPackJob({ modes: [m], idsOf: new Map([[m.name, pack.idsOf.get(m.name)!]]) }, specs, run)),
      { why },
    );
  });
}

/** a job of the matrix: its rows, or (a pack that did not come out as expected) the jobs that replace it; `share`: shareOf */
type Job = (() => Promise<MatrixRow[] | Job[]>) & { share?: number };

const withShare = (share: number, job: () => Promise<MatrixRow[] | Job[]>): Job => Object.assign(job, { share });

/** runs whose shares sum to at most `n` at a time (one at least); a job that splits puts its replacements at the head of the queue */
async function pool(jobs: Job[], n: number, done: (r: MatrixRow) => void, split: (k: number, why: string) => void): Promise<MatrixRow[]> {
  const queue = [...jobs];
  const out: MatrixRow[] = [];
  let busy = 0;
  let load = 0;
  const shareOfJob = (j: Job) => j.share ?? 1;
  await new Promise<void>((resolve, reject) => {
    const next = () => {
      if (!queue.length && !busy) return resolve();
      while (queue.length && (busy === 0 || load + shareOfJob(queue[0]) <= n + 1e-9)) {
        const job = queue.shift()!;
        busy++;
        load += shareOfJob(job);
        job().then((r) => {
          busy--;
          load -= shareOfJob(job);
          if (r.length && typeof r[0] === 'function') {
            split(r.length, (r as Job[] & { why?: string }).why ?? '');
            queue.unshift(...(r as Job[]));
          } else
            for (const row of r as MatrixRow[]) {
              out.push(row);
              done(row);
            }
          next();
        }, reject);
      }
    };
    next();
  });
  return out;
}

/** the fault modes' packs: by the channel they disturb; 429-burst alone (it waits a second on every operation) */
const FAULT_GROUPS = [['429-burst'], ['5xx', 'latency:50', 'token-expiry-storm'], ['webhook-dup', 'webhook-reorder', 'webhook-drop-first']];

const SYM: Record<string, string> = { passed: 'P', failed: 'F', blocked: 'B', 'not-applicable': '-', pending: '?', manual: 'M' };

export function renderMatrix(rows: MatrixRow[]): string {
  const cols = CHECKLIST_ORDER;
  const w = Math.max(...rows.map((r) => r.mode.length), 10);
  const lines = [`${'mode'.padEnd(w)}  exp  ${cols.map((c) => c.padStart(3)).join('')}  result`];
  const rank = { drift: 0, fault: 1, benign: 2 } as const;
  const fam = (r: MatrixRow) => FAMILY_OF.get(r.mode) ?? '';
  const sorted = [...rows].sort(
    (a, b) =>
      rank[a.kind] - rank[b.kind] ||
      fam(a).localeCompare(fam(b)) ||
      CHECKLIST_ORDER.indexOf(a.expectedItem ?? '1') - CHECKLIST_ORDER.indexOf(b.expectedItem ?? '1'),
  );
  for (const r of sorted) {
    const cells = cols.map((c) => (r.ran.includes(c) ? (SYM[r.statuses[c]] ?? 'x') : '·').padStart(3)).join('');
    const result =
      r.kind === 'drift'
        ? r.ok
          ? `caught${fam(r) ? ` (${fam(r)})` : ''}`
          : `MISSED: ${r.problems.join('; ')}`
        : r.ok
          ? r.kind === 'benign'
            ? 'passed (benign)'
            : `survived (${r.absorbed} absorbed)`
          : `BROKE: ${r.problems.join('; ')}`;
    lines.push(`${r.mode.padEnd(w)}  ${(r.expectedItem ?? '—').padStart(3)}  ${cells}  ${result}`);
  }
  const drifts = rows.filter((r) => r.kind === 'drift');
  const faults = rows.filter((r) => r.kind === 'fault');
  const benign = rows.filter((r) => r.kind === 'benign');
  const perFamily = ['readback', 'status', 'lifecycle', 'crosschannel'].map((f) => {
    const of = drifts.filter((r) => fam(r) === f);
    return `${f} ${of.filter((r) => r.ok).length}/${of.length}`;
  });
  lines.push(
    '',
    `P passed  F failed  B blocked  · not run`,
    `drift modes: ${drifts.filter((r) => r.ok).length}/${drifts.length} caught at the expected item (semantic families: ${perFamily.join(', ')}); fault modes: ${faults.filter((r) => r.ok).length}/${faults.length} survived; benign modes: ${benign.filter((r) => r.ok).length}/${benign.length} passed`,
  );
  return lines.join('\n');
}

const FAMILY_OF = new Map(
  allDriftModes()
    .filter((m) => m.family)
    .map((m) => [m.name, m.family!]),
);

/** the machine's cores */
export function coreCount(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/**
 * default concurrency: two shares per core (a share: one certification of every item; a small drift pack counts its
 * share of the items, see shareOf). Each run is one certification with its own sandbox and workers, in a runner host
 * (scripts/matrix-hosts.ts) that has paid Playwright's start-up already; a run spends part of its time waiting on
 * webhooks, port-ins and propagation. Measured on 2 cores with hosts, one share per run (296 modes, 87 runs): 123 s at
 * 3, 112–114 s at 4, 110 s at 5, 116 s at 6 (a pack split under the load); without hosts, 161 s at 3. With shares
 * (364 modes, 92 runs): 106–109 s at 4, against 114 s at one share per run.
 */
export function defaultConcurrency(): number {
  return coreCount() * 2;
}

/**
 * The representative sample (`--sample`, the self-test's): every benign mode, and per family (the four semantic
 * ones and the schema/behaviour modes) the `perFamily` drift modes whose runs are cheapest (fewest specs), on
 * distinct items.
 */
export function sampleModes(specs: SpecEntry[], perFamily = 2): { drifts: DriftMode[]; benign: string[] } {
  const cost = (m: DriftMode) => 1 + [...prerequisites(specs, m.item)].length + [...dependents(specs, m.item)].length;
  const picked: DriftMode[] = [];
  for (const fam of ['readback', 'status', 'lifecycle', 'crosschannel', undefined]) {
    const seen = new Set<string>();
    for (const m of allDriftModes()
      // the sweep's modes and the add-on items' modes have their own self-tests (selftest/sweep, selftest/addons)
      .filter((x) => x.family === fam && x.area !== 'auth' && x.area !== 'http' && x.caughtBy !== 'sweep' && !x.item.startsWith('P7'))
      .sort((a, b) => cost(a) - cost(b) || a.name.localeCompare(b.name))) {
      if (seen.has(m.item) || seen.size >= perFamily) continue;
      seen.add(m.item);
      picked.push(m);
    }
  }
  return { drifts: picked, benign: allBenignModes().map((b) => b.name) };
}

export async function runMatrix(
  opts: {
    concurrency?: number;
    only?: string[];
    faults?: boolean;
    benign?: boolean;
    sample?: boolean;
    /** one mode per certification (no packs) */
    isolated?: boolean;
    /** runner hosts (scripts/matrix-hosts.ts; default) or, with false, a certify process per run */
    host?: boolean;
    log?: (s: string) => void;
    /** how many runs (certifications and sweeps) the matrix took */
    onRuns?: (n: number) => void;
  } = {},
): Promise<MatrixRow[]> {
  const specs = readSpecMetas();
  const log = opts.log ?? (() => undefined);
  const sample = opts.sample ? sampleModes(specs) : undefined;
  const drifts = (sample?.drifts ?? allDriftModes()).filter((m) => !opts.only || opts.only.includes(m.name));
  // latency at 50 ms per response (the default 150 ms only makes the run longer, not harder)
  const faults =
    opts.faults === false || sample
      ? []
      : (FAULT_NAMES as readonly string[]).map((f) => (f === 'latency' ? 'latency:50' : f)).filter((f) => !opts.only || opts.only.includes(f.split(':')[0]));
  const benign = opts.benign === false ? [] : (sample?.benign ?? allBenignModes().map((b) => b.name)).filter((b) => !opts.only || opts.only.includes(b));
  const packs = packDriftModes(
    specs,
    drifts.filter((m) => m.caughtBy !== 'sweep'),
    opts.isolated,
  );
  const hosts = opts.host === false ? undefined : new RunnerHosts();
  const run: Certify = hosts ? (env, files) => hosts.certify(env, files) : certify;
  const group = (names: string[], kind: 'fault' | 'benign') =>
    opts.isolated ? names.map((n) => modePackJob([n], kind, run)) : names.length ? [modePackJob(names, kind, run)] : [];
  // the add-on benign modes in a run of their own, with the add-on scope (faultRow)
  const addonBenignNames = benign.filter((b) => addonBenign(b));
  // the fault modes mostly wait (Retry-After, retry gaps, webhook retries): they run in a lane of their own beside the
  // pool, all at once (the lane's length is its longest run, not their sum), grouped by the channel they disturb (API
  // answers; webhooks), 429-burst alone (a 1 s Retry-After per operation: ~70 s)
  const grouped = FAULT_GROUPS.flat();
  const faultJobs = [...FAULT_GROUPS.map((g) => g.filter((f) => faults.includes(f))), ...faults.filter((f) => !grouped.includes(f)).map((f) => [f])].flatMap(
    (g) => group(g, 'fault'),
  );
  // the longest runs (full certifications, then the packs needing most items) first, so the pool does not end on one long job
  const jobs: Job[] = [
    ...group(
      benign.filter((b) => !addonBenignNames.includes(b)),
      'benign',
    ),
    ...group(addonBenignNames, 'benign'),
    ...packs.sort((a, b) => packItems(b).size - packItems(a).size).map((p) => driftPackJob(p, specs, run)),
    ...drifts.filter((m) => m.caughtBy === 'sweep').map((m) => withShare(1 / 3, async () => [await sweepRow(m)])),
  ];
  let runs = jobs.length + faultJobs.length;
  const done = (r: MatrixRow) =>
    log(
      `${r.ok ? '✓' : '✗'} ${r.kind} ${r.mode}${r.expectedItem ? ` (item ${r.expectedItem})` : ''} ${(r.wallMs / 1000).toFixed(1)} s${r.packedWith ? ` (packed with ${r.packedWith.length})` : ''}${r.ok ? '' : ` — ${r.problems.join('; ')}`}`,
    );
  const split = (k: number, why: string) => {
    runs += k;
    log(`  a pack did not come out exactly as expected (${why.slice(0, 300)}): its ${k} modes run again, each on its own`);
  };
  const lanes = await Promise.all([
    pool(jobs, opts.concurrency ?? defaultConcurrency(), done, split),
    pool(faultJobs, Math.max(1, faultJobs.length), done, split),
  ]).finally(() => hosts?.close());
  for (const why of hosts?.fallbacks ?? []) log(`  a runner host failed (${why.slice(0, 300)}): that certification ran in a certify process`);
  const rows = lanes.flat();
  opts.onRuns?.(runs);
  return rows;
}

async function main() {
  const args = process.argv.slice(2);
  const get = (k: string) => {
    const i = args.indexOf(k);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const started = Date.now();
  let runs = 0;
  const rows = await runMatrix({
    concurrency: Number(get('--concurrency') ?? defaultConcurrency()),
    only: get('--only')?.split(','),
    faults: !args.includes('--no-faults'),
    benign: !args.includes('--no-benign'),
    sample: args.includes('--sample'),
    isolated: args.includes('--isolated'),
    host: !args.includes('--no-host'),
    log: (s) => process.stdout.write(`${s}\n`),
    onRuns: (n) => (runs = n),
  });
  const table = renderMatrix(rows);
  process.stdout.write(`\n${table}\nmatrix wall time ${((Date.now() - started) / 1000).toFixed(0)} s, ${rows.length} modes in ${runs} runs\n`);
  const json = get('--json');
  if (json) fs.writeFileSync(json, JSON.stringify(rows, null, 1));
  process.exit(rows.every((r) => r.ok) ? 0 : 1);
}

if (require.main === module) void main();
