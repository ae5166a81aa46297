/**
 * The sign-off model: item aggregation, dependency propagation, verdict, regressions, canonical digest.
 * Pure functions (no Playwright, no fs) so the gate and the self-tests can use them directly.
 */
import * as crypto from 'node:crypto';
import { CHECKLIST, checklistEntry, type ChecklistEntry, type Owner } from './checklist';

export type ItemStatus = 'passed' | 'failed' | 'blocked' | 'not-applicable' | 'pending' | 'manual';
/** PENDING: nothing failed, and the outside world has not answered yet (a port-in, a CDR cycle): resume later. */
export type Verdict = 'PASS' | 'FAIL' | 'PENDING' | 'INCOMPLETE';
export const STATUSES: readonly ItemStatus[] = ['passed', 'failed', 'blocked', 'not-applicable', 'pending', 'manual'];
/** Outcome annotations in precedence order (after `failed`). */
export const OUTCOME_ANNOTATIONS = ['blocked', 'not-applicable', 'pending', 'manual'] as const;

export interface FindingRecord {
  check?: string;
  severity?: string;
  op?: string;
  pointer?: string;
  expected?: string;
  actual?: string;
  message?: string;
  ruling?: string;
  /** what the rule rests on: seed + section, OpenAPI field, ruling id, or "inferred" (protocol/contract Finding.basis) */
  basis?: string;
  test?: string;
}

/** Warnings (inferred or provisional rules, tolerated forms): their own section, never a failure. */
export function isWarning(f: Pick<FindingRecord, 'severity'>): boolean {
  return f.severity === 'warning';
}

export interface TestRecord {
  title: string;
  file: string;
  line?: number;
  status: ItemStatus;
  /** Playwright's own outcome: expected / unexpected / flaky / skipped. */
  outcome: string;
  reason?: string;
  durationMs: number;
  retries: number;
  annotations: { type: string; description?: string }[];
  errors: string[];
}

export interface EvidenceRecord {
  kind: string;
  test?: string;
  [k: string]: unknown;
}

export interface ItemReport {
  id: string;
  title: string;
  owner: Owner;
  section: string;
  status: ItemStatus;
  reason?: string;
  /** Status the tests produced before dependency propagation (when different). */
  observedStatus?: ItemStatus;
  ids: Record<string, string>;
  durationMs: number;
  scope: string[];
  dependsOn: string[];
  description?: string;
  findings: FindingRecord[];
  evidence: EvidenceRecord[];
  latencyP95Ms?: number;
  rulings: string[];
  tests: TestRecord[];
  /**
   * Joint items (14, 19): their technical checks passed and they wait for both teams' attestations
   * (`npm run attest`): status `pending` until then (R-signoff-attestation). 'attested' once both bind to this run.
   */
  attestation?: 'awaiting' | 'attested';
}

/** What the platform proved for an item: an item that only awaits the teams' attestations counts as passed. */
export function technicalStatus(item: Pick<ItemReport, 'status' | 'attestation'>): ItemStatus {
  return item.attestation === 'awaiting' && item.status === 'pending' ? 'passed' : item.status;
}

export interface Regression {
  item: string;
  kind: 'status';
  from: string;
  to: string;
  line: string;
}

/** The headline of an error message: its first line, plus the next one when the first ends with ':'. */
export function headline(msg: string, max = 240): string {
  const lines = msg
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  let h = lines[0] ?? '';
  if (h.endsWith(':') && lines[1]) h = `${h} ${lines[1]}`;
  return h.length > max ? `${h.slice(0, max - 1)}…` : h;
}

/** The reason of a test the run never reached or interrupted (its `blocked` is no regression of the target). */
export const DID_NOT_RUN = /^did not run/;

/** annotation types that say why a test was skipped on purpose (a gate, the scope, a check that could not be made) */
const DELIBERATE_SKIPS = new Set<string>([...OUTCOME_ANNOTATIONS, 'resumed', 'skip', 'fixme', 'not-configured', 'check-skipped']);

/**
 * A test a stopped run (SIGINT / SIGTERM) skipped with no reason of ours: it never started — the stop came between two
 * tests of its item, and Playwright reports the next one `skipped` — so it did not run, and its item did not end.
 */
export function stoppedBeforeStart(resultStatus: string | undefined, annotations: { type: string }[], runStatus: string | undefined): boolean {
  return runStatus === 'interrupted' && resultStatus === 'skipped' && !annotations.some((a) => DELIBERATE_SKIPS.has(a.type));
}

/** Per-test status from Playwright's outcome plus our annotations. */
export function testStatus(outcome: string, annotations: { type: string; description?: string }[], ran: boolean): { status: ItemStatus; reason?: string } {
  if (!ran) return { status: 'blocked', reason: 'did not run (run interrupted or stopped early)' };
  if (outcome === 'unexpected') return { status: 'failed' };
  if (outcome === 'interrupted') return { status: 'blocked', reason: 'did not run to its end (interrupted: the run was stopped)' };
  for (const t of OUTCOME_ANNOTATIONS) {
    const a = annotations.find((x) => x.type === t);
    if (a) return { status: t, reason: a.description };
  }
  const resumed = annotations.find((a) => a.type === 'resumed');
  if (resumed) return { status: 'passed', reason: resumed.description ?? 'passed in an earlier run of this ledger' };
  if (outcome === 'skipped') {
    // one extra check the run could not make (its data not configured, a wait longer than allowed): the item stands
    // on its other proofs — the reason says what was not checked
    const extra = annotations.find((a) => a.type === 'not-configured' || a.type === 'check-skipped');
    if (extra) return { status: 'passed', reason: `not checked: ${extra.description ?? 'skipped'}` };
    const skip = annotations.find((a) => a.type === 'skip' || a.type === 'fixme');
    return { status: 'not-applicable', reason: skip?.description ? `skipped: ${skip.description}` : 'skipped' };
  }
  return { status: 'passed' };
}

/**
 * Item status = aggregate of its tests: any failed → failed; else any blocked → blocked; else
 * not-applicable; pending; manual; all passed → passed. No test at all → not-applicable ("no spec").
 */
export function aggregateStatus(tests: Pick<TestRecord, 'status' | 'reason'>[]): { status: ItemStatus; reason?: string } {
  if (!tests.length) return { status: 'not-applicable', reason: 'no spec' };
  for (const s of ['failed', ...OUTCOME_ANNOTATIONS] as ItemStatus[]) {
    const hit = tests.filter((t) => t.status === s);
    if (hit.length) {
      const reasons = [...new Set(hit.map((t) => t.reason).filter(Boolean))];
      return { status: s, reason: s === 'failed' ? (reasons[0] ?? `${hit.length} test(s) failed`) : reasons.join('; ') || undefined };
    }
  }
  // Tests skipped without one of our annotations inside an item that otherwise passed: the item passed.
  return { status: 'passed' };
}

/**
 * Dependents of a failed or blocked item are shown blocked (transitively). An item that itself failed
 * keeps `failed`; out-of-scope (not-applicable) items are left alone and do not block others.
 */
export function propagateBlocked(items: ItemReport[]): void {
  const byId = new Map(items.map((i) => [i.id, i]));
  let changed = true;
  for (let guard = 0; changed && guard < 50; guard++) {
    changed = false;
    for (const it of items) {
      if (it.status === 'failed' || it.status === 'not-applicable' || it.status === 'blocked') continue;
      const bad = it.dependsOn.map((d) => byId.get(d)).find((d) => d && (d.status === 'failed' || d.status === 'blocked'));
      if (bad) {
        it.observedStatus = it.status;
        it.status = 'blocked';
        it.reason = `prerequisite item ${bad.id} is ${bad.status}`;
        changed = true;
      }
    }
  }
}

/**
 * The technical verdict: what the platform proved (R-signoff-attestation). An item that only awaits the teams'
 * attestations counts as passed here; the document shows it `pending` and the gate requires the attestations.
 */
export function computeVerdict(items: Pick<ItemReport, 'status' | 'attestation'>[]): Verdict {
  const st = items.map((i) => technicalStatus(i));
  if (st.includes('failed')) return 'FAIL';
  if (st.includes('pending')) return 'PENDING';
  const inScope = st.filter((s) => s !== 'not-applicable');
  if (inScope.length && inScope.every((s) => s === 'passed')) return 'PASS';
  return 'INCOMPLETE';
}

export function countStatuses(items: Pick<ItemReport, 'status'>[]): Record<ItemStatus, number> {
  const c = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ItemStatus, number>;
  for (const i of items) c[i.status]++;
  return c;
}

/**
 * How bad a status is, for regressions. not-applicable is a scope change, pending is the outside world not having
 * answered yet and manual is an operator step: none of them is a regression of the platform.
 */
const RANK: Record<ItemStatus, number | undefined> = { passed: 0, manual: undefined, pending: undefined, blocked: 3, failed: 4, 'not-applicable': undefined };

export interface HistoryLike {
  runId?: string;
  startedAt?: string;
  items: { id: string; status: ItemStatus; latencyP95Ms?: number }[];
}

/** Latency moves this much (ratio AND absolute) before it is worth a line; below that it is network noise. */
export const LATENCY_NOTE_FACTOR = 1.5;
export const LATENCY_NOISE_MS = 500;

/** Items whose status got worse than in the baseline run (the last complete run of the same target and profile). */
export function findRegressions(prev: HistoryLike | undefined, cur: HistoryLike): Regression[] {
  if (!prev) return [];
  const before = new Map(prev.items.map((i) => [i.id, i]));
  const out: Regression[] = [];
  for (const it of cur.items) {
    const p = before.get(it.id);
    const rp = p && RANK[p.status];
    const rc = RANK[it.status];
    if (p && rp !== undefined && rc !== undefined && rc > rp) {
      out.push({
        item: it.id,
        kind: 'status',
        from: p.status,
        to: it.status,
        line: `REGRESSION item ${it.id}: status ${p.status} → ${it.status} (previous complete run ${prev.runId ?? '?'})`,
      });
    }
  }
  return out;
}

/** Latency changes beyond the noise threshold, as information (a slow network is not a platform regression). */
export function latencyChanges(prev: HistoryLike | undefined, cur: HistoryLike): string[] {
  if (!prev) return [];
  const before = new Map(prev.items.map((i) => [i.id, i.latencyP95Ms]));
  const out: string[] = [];
  for (const it of cur.items) {
    const p = before.get(it.id);
    const c = it.latencyP95Ms;
    if (typeof p !== 'number' || typeof c !== 'number' || p <= 0) continue;
    if (c > p * LATENCY_NOTE_FACTOR && c - p > LATENCY_NOISE_MS) {
      out.push(`info: item ${it.id} message latency p95 ${p} ms → ${c} ms (+${Math.round((c / p - 1) * 100)}%; noted above +50% and +${LATENCY_NOISE_MS} ms)`);
    }
  }
  return out;
}

/** Canonical JSON: object keys sorted, no whitespace; undefined dropped (as JSON.stringify does). */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const keys = Object.keys(v as object)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function sha256(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** The evidence bundle: every item's evidence and findings, in checklist order. */
export function evidenceBundle(items: ItemReport[]): { id: string; findings: FindingRecord[]; evidence: EvidenceRecord[] }[] {
  return items.map((i) => ({ id: i.id, findings: i.findings, evidence: i.evidence }));
}

/** Extract findings from one evidence entry (`{kind:'finding', finding}`, a bare finding, or `findings: []`). */
export function findingsOf(e: Record<string, unknown>): FindingRecord[] {
  const out: FindingRecord[] = [];
  if (e.kind === 'finding') {
    if (e.finding && typeof e.finding === 'object') out.push(e.finding as FindingRecord);
    else if ('pointer' in e || 'expected' in e) {
      const { kind: _k, ...rest } = e;
      out.push(rest as FindingRecord);
    }
  }
  if (Array.isArray(e.findings)) for (const f of e.findings) if (f && typeof f === 'object') out.push(f as FindingRecord);
  return out;
}

/** Ruling ids referenced anywhere in a value through `ruling` / `rulings` fields. */
export function rulingRefs(v: unknown, acc: Set<string> = new Set(), depth = 0): Set<string> {
  if (depth > 20 || v === null || typeof v !== 'object') return acc;
  if (Array.isArray(v)) {
    for (const x of v) rulingRefs(x, acc, depth + 1);
    return acc;
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k === 'ruling' || k === 'rulings' || k === 'rulingId') {
      for (const r of Array.isArray(x) ? x : [x]) if (typeof r === 'string' && r) acc.add(r);
    } else rulingRefs(x, acc, depth + 1);
  }
  return acc;
}

/** Empty item records for the 25 checklist ids. */
/** An empty item record for one registry entry (its status until a test says otherwise: "no spec"). */
export function blankItem(c: ChecklistEntry): ItemReport {
  return {
    id: c.id,
    title: c.title,
    owner: c.owner,
    section: c.section,
    status: 'not-applicable' as ItemStatus,
    reason: 'no spec',
    ids: {},
    durationMs: 0,
    scope: [],
    dependsOn: [...c.dependsOn],
    findings: [],
    evidence: [],
    rulings: [],
    tests: [],
  };
}

/** Empty item records for the 25 checklist ids. */
export function blankItems(): ItemReport[] {
  return CHECKLIST.map(blankItem);
}

export { checklistEntry };
