/**
 * Builds the sign-off document from Playwright's test tree (+ the run ledger, rulings, attestation).
 * Everything returned by `buildSignoff` has been through the redactor.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { ITEM_IDS } from './checklist';
import {
  aggregateStatus,
  blankItems,
  canonicalJson,
  computeVerdict,
  countStatuses,
  evidenceBundle,
  findingsOf,
  findRegressions,
  latencyChanges,
  headline,
  propagateBlocked,
  rulingRefs,
  sha256,
  technicalStatus,
  testStatus,
  type EvidenceRecord,
  type FindingRecord,
  type HistoryLike,
  type ItemReport,
  type ItemStatus,
  type Regression,
  type TestRecord,
  type Verdict,
} from './model';
import { createRedactor, helperRedactionStatus, type Redactor } from './redaction';
import { applyAttestations } from './attestations';
import { isProductionTarget } from './checklist';

export const REPO_ROOT = path.resolve(__dirname, '..');

/** One team's signature as the document shows it (from reports/attestations/<team>.json, checked against this run). */
export interface SignatureLine {
  team: 'partner' | 'telegent';
  name: string;
  role: string;
  date: string;
}

/** Where the run's target sits: the Telegent sandbox (a rehearsal), a partner/dev environment, or production. */
export type Environment = 'sandbox' | 'dev' | 'production';

export interface RulingEntry {
  id: string;
  [k: string]: unknown;
}

export interface SignoffDocument {
  schemaVersion: 1;
  verdict: Verdict;
  /** a run against the Telegent sandbox (embedded or standalone): a rehearsal, not a certification of an integration */
  rehearsal: boolean;
  /** the verdict as the document reads it: `REHEARSAL PASS` on a sandbox, `PASS` against a real Telegent */
  verdictLabel: string;
  runId: string;
  ledgerRunId?: string;
  target: string;
  /** sandbox (embedded or standalone: a rehearsal) / dev / production */
  environment: Environment;
  /** the base URL's host (or "embedded") */
  targetHost: string;
  profile: string;
  suiteVersion: string;
  openapiSha256: string | null;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  operator: string;
  playwright: { version: string; status: string; shard: string | null; workers: number };
  counts: Record<ItemStatus, number>;
  items: ItemReport[];
  regressions: Regression[];
  /** Latency changes against the baseline beyond the noise threshold: information, never a regression. */
  latencyNotes: string[];
  /** A complete run (ran to its end): only such runs serve as a regression baseline. */
  complete: boolean;
  previousRunId: string | null;
  rulings: RulingEntry[];
  signoff: {
    items: { id: string; title: string; status: ItemStatus }[];
    /** valid attestations of THIS run (same run id and evidence digest) */
    signatures: SignatureLine[];
    /** teams whose attestation is still missing */
    awaiting: ('partner' | 'telegent')[];
    attestationNote: string;
  };
  evidenceSha256: string;
  evidenceDigestOf: string;
  pdf: { rendered: boolean; note: string };
  redaction: { helper: string; envValuesScrubbed: number };
  runErrors: string[];
  notes: string[];
}

export interface RawTest {
  test: TestCase;
}

export interface BuildContext {
  outputDir: string;
  startedAt: Date;
  endedAt: Date;
  runStatus: string;
  playwrightVersion: string;
  shard: string | null;
  workers: number;
  runStateFile?: string;
  historyDir: string;
  pdfNote: { rendered: boolean; note: string };
  /** Errors reported outside tests (global setup…). */
  runErrors?: string[];
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const ITEM_FILE = /(?:^|[\\/])(\d{1,2}[a-f]?)-[^\\/]*\.(?:spec|test)\.[cm]?[tj]s$/;

function itemIdFromFile(file: string): string | undefined {
  const m = ITEM_FILE.exec(file);
  if (!m) return undefined;
  const id = m[1].replace(/^0+(?=\d)/, '');
  return ITEM_IDS.includes(id) ? id : undefined;
}

/** "describe › test" without the project and file parts of the title path. */
function describePath(test: TestCase): string {
  const parts = [test.title];
  for (let s: Suite | undefined = test.parent; s && s.type === 'describe'; s = s.parent) parts.unshift(s.title);
  return parts.join(' › ');
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function attachmentJson(a: TestResult['attachments'][number]): unknown {
  try {
    if (a.body) return JSON.parse(a.body.toString('utf8'));
    if (a.path) return JSON.parse(fs.readFileSync(a.path, 'utf8'));
  } catch (e) {
    return { kind: 'note', text: `unreadable ${a.name} attachment: ${(e as Error).message}` };
  }
  return undefined;
}

/** Target base URL without credentials, query or fragment. */
export function sanitizeTarget(url: string | undefined): string {
  if (!url) return 'embedded sandbox (base URL not recorded)';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url.trim())) {
    // A label such as "embedded sandbox (http://127.0.0.1:41445)": strip credentials and queries of any URL inside.
    return url.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1').replace(/(:\/\/[^\s?#)]*)[?#][^\s)]*/g, '$1').slice(0, 300);
  }
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '[unparseable base URL]';
  }
}

function environmentOf(rehearsal: boolean, baseUrl: string | undefined): Environment {
  if (rehearsal) return 'sandbox';
  return isProductionTarget(baseUrl) ? 'production' : 'dev';
}

function hostOf(target: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#\s]+)/i.exec(target);
  return m ? m[1] : /embedded/i.test(target) ? 'embedded' : target.slice(0, 80);
}

function suiteVersion(): string {
  const pkg = readJson(path.join(REPO_ROOT, 'package.json')) as { version?: string; name?: string } | undefined;
  return pkg?.version ? `${pkg.name ?? 'suite'}@${pkg.version}` : 'unknown';
}

function openapiHash(): string | null {
  try {
    return sha256(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'telegent.openapi.json')));
  } catch {
    return null;
  }
}

function operatorName(): string {
  if (process.env.CERT_OPERATOR) return process.env.CERT_OPERATOR;
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** Normalises the ruling register (array, `{ rulings: [] }` or an id-keyed map). */
export function loadRulings(file = path.join(REPO_ROOT, 'schemas', 'rulings.json')): RulingEntry[] {
  const raw = readJson(file) as unknown;
  if (!raw) return [];
  const list: unknown[] = Array.isArray(raw)
    ? raw
    : Array.isArray((raw as { rulings?: unknown[] }).rulings)
      ? (raw as { rulings: unknown[] }).rulings
      : Object.entries(raw as Record<string, unknown>)
          .filter(([k, v]) => !k.startsWith('$') && v && typeof v === 'object')
          .map(([k, v]) => ({ id: k, ...(v as object) }));
  return list.filter((r): r is RulingEntry => !!r && typeof r === 'object' && typeof (r as RulingEntry).id === 'string');
}

/** The most recent earlier history entry for the same target and profile. */
export function previousRun(historyDir: string, cur: { runId: string; target: string; profile: string; startedAt: string }): (HistoryLike & { runId: string }) | undefined {
  let files: string[] = [];
  try {
    files = fs.readdirSync(historyDir).filter((f) => f.endsWith('.json'));
  } catch {
    return undefined;
  }
  const runs = files
    .map((f) => readJson(path.join(historyDir, f)) as (HistoryLike & { runId: string; target?: string; profile?: string }) | undefined)
    .filter((h): h is HistoryLike & { runId: string; target?: string; profile?: string } => !!h && Array.isArray(h.items) && typeof h.runId === 'string')
    .filter((h) => h.runId !== cur.runId && h.target === cur.target && h.profile === cur.profile && (h.startedAt ?? '') <= cur.startedAt)
    .filter((h) => (h as { complete?: boolean }).complete !== false) // only complete runs are a baseline (older entries had no flag)
    .sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
  return runs.at(-1);
}

/**
 * A run that ran to its end (not interrupted or timed out, no run error, some item ran): its statuses can serve as the
 * next run's baseline. A crashed or aborted run never does — its blocked items would read as regressions next time.
 */
function isComplete(doc: Pick<SignoffDocument, 'playwright' | 'runErrors' | 'items'>): boolean {
  const ran = doc.items.some((i) => i.status !== 'not-applicable' && i.status !== 'blocked');
  return ['passed', 'failed'].includes(doc.playwright.status) && !doc.runErrors.length && ran;
}

/** p50 of a message-latency sample set (the trends page plots it beside the p95); undefined without samples. */
export function median(samples: number[] | undefined): number | undefined {
  if (!samples?.length) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

function newRunId(startedAt: Date): string {
  const ts = startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${ts}-${Math.random().toString(16).slice(2, 8)}`;
}

function dedupeFindings(list: FindingRecord[]): FindingRecord[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const k = canonicalJson({ c: f.check, o: f.op, p: f.pointer, e: f.expected, a: f.actual, m: f.message, s: f.severity });
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function buildSignoff(tests: TestCase[], ctx: BuildContext): { doc: SignoffDocument; redactor: Redactor; history: unknown } {
  const redactor = createRedactor();
  const notes: string[] = [];
  const items = blankItems();
  const byId = new Map(items.map((i) => [i.id, i]));
  const latency = new Map<string, number>();
  const latencySamples = new Map<string, number[]>();
  const rulingIds = new Map<string, Set<string>>();
  const unassigned: string[] = [];

  for (const test of tests) {
    const results = test.results;
    const last = results.at(-1);
    const annotations = [...test.annotations, ...(last?.annotations ?? [])].filter(
      (a, i, all) => all.findIndex((b) => b.type === a.type && b.description === a.description) === i,
    );
    let meta: Record<string, unknown> | undefined;
    const itemAnn = annotations.find((a) => a.type === 'item');
    if (itemAnn?.description) {
      try {
        meta = JSON.parse(itemAnn.description);
      } catch {
        notes.push(`unparseable item annotation on "${test.title}"`);
      }
    }
    const id = (typeof meta?.id === 'string' && ITEM_IDS.includes(meta.id) ? meta.id : undefined) ?? itemIdFromFile(test.location.file);
    if (!id) {
      unassigned.push(`${path.basename(test.location.file)}: ${test.title}`);
      continue;
    }
    const item = byId.get(id)!;
    if (meta) {
      if (Array.isArray(meta.scope)) item.scope = meta.scope.map(String);
      if (Array.isArray(meta.dependsOn)) item.dependsOn = meta.dependsOn.map(String);
      if (typeof meta.description === 'string') item.description = meta.description;
    }
    const st = testStatus(test.outcome(), annotations, results.length > 0);
    const durationMs = results.reduce((s, r) => s + r.duration, 0);
    const errors = (last?.errors ?? []).map((e) => (e.message ?? e.value ?? '').replace(ANSI, '').slice(0, 4000)).filter(Boolean);
    const rec: TestRecord = {
      title: describePath(test),
      file: path.relative(REPO_ROOT, test.location.file),
      line: test.location.line,
      status: st.status,
      outcome: test.outcome(),
      reason: st.reason ?? (st.status === 'failed' && errors[0] ? headline(errors[0]) : undefined),
      durationMs,
      retries: Math.max(0, results.length - 1),
      annotations: annotations.filter((a) => a.type !== 'item').map((a) => ({ type: a.type, description: a.description })),
      errors,
    };
    item.tests.push(rec);
    item.durationMs += durationMs;

    for (const a of annotations) {
      if (a.type === 'saved-id' && a.description?.includes('=')) {
        const [k, v] = a.description.split('=', 2);
        item.ids[k] = v;
      }
    }
    for (const att of last?.attachments ?? []) {
      if (att.name === 'ids') {
        const v = attachmentJson(att);
        if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) if (x !== undefined && x !== null) item.ids[k] = String(x);
      } else if (att.name === 'evidence') {
        const v = attachmentJson(att);
        const entries = (Array.isArray(v) ? v : [v]).filter((e): e is Record<string, unknown> => !!e && typeof e === 'object');
        for (const e of entries) {
          const ev: EvidenceRecord = { kind: typeof e.kind === 'string' ? e.kind : 'note', test: rec.title, ...e };
          item.evidence.push(ev);
          for (const f of findingsOf(e)) item.findings.push({ ...f, test: rec.title });
          if (ev.kind === 'latency' && typeof e.p95Ms === 'number') latency.set(id, Math.max(latency.get(id) ?? 0, e.p95Ms));
          if (ev.kind === 'latency' && Array.isArray(e.samplesMs)) latencySamples.set(id, [...(latencySamples.get(id) ?? []), ...e.samplesMs.filter((x): x is number => typeof x === 'number')]);
          const refs = rulingIds.get(id) ?? new Set<string>();
          rulingRefs(e, refs);
          rulingIds.set(id, refs);
        }
      }
    }
  }
  if (unassigned.length) notes.push(`tests not attributed to a checklist item: ${unassigned.join('; ')}`);

  // Ledger (optional): run id, target, profile, saved IDs.
  const runStateFile = ctx.runStateFile ?? path.join(ctx.outputDir, 'run-state.json');
  const ledger = readJson(runStateFile) as
    | { runId?: string; target?: string; profile?: string; startedAt?: string; items?: Record<string, { ids?: Record<string, string> }> }
    | undefined;
  if (ledger?.items) {
    for (const [id, li] of Object.entries(ledger.items)) {
      const item = byId.get(id);
      if (item && li?.ids) for (const [k, v] of Object.entries(li.ids)) if (!(k in item.ids)) item.ids[k] = String(v);
    }
  }

  for (const item of items) {
    const agg = aggregateStatus(item.tests);
    item.status = agg.status;
    item.reason = agg.reason;
    item.findings = dedupeFindings(item.findings);
    for (const f of item.findings) if (f.ruling) (rulingIds.get(item.id) ?? rulingIds.set(item.id, new Set()).get(item.id)!).add(f.ruling);
    item.rulings = [...(rulingIds.get(item.id) ?? [])].sort();
    if (latency.has(item.id)) item.latencyP95Ms = latency.get(item.id);
  }
  propagateBlocked(items);

  // The run died before any test ran (e.g. global setup failed): say so instead of "no spec".
  const runErrors = ctx.runErrors ?? [];
  if (runErrors.length) notes.push(...runErrors.map((e) => `run error: ${e}`));
  if (!tests.length && (runErrors.length || ctx.runStatus !== 'passed')) {
    const first = (runErrors[0] ?? `run status ${ctx.runStatus}`).split('\n')[0].slice(0, 200);
    for (const item of items) {
      item.status = 'blocked';
      item.reason = `not run: the run failed before any test started (${first})`;
    }
  }

  const register = loadRulings();
  const applied = new Set(items.flatMap((i) => i.rulings));
  const rulings: RulingEntry[] = [...applied].sort().map((id) => register.find((r) => r.id === id) ?? { id, note: 'referenced by evidence but not in schemas/rulings.json' });

  const startedAt = ledger?.startedAt && ledger.startedAt < ctx.startedAt.toISOString() ? ledger.startedAt : ctx.startedAt.toISOString();
  const runTarget = readJson(path.join(ctx.outputDir, 'run-target.json')) as { target?: string; profile?: string; rehearsal?: boolean } | undefined;
  const rehearsal = runTarget?.rehearsal ?? /sandbox/i.test(runTarget?.target ?? '');
  const target = sanitizeTarget(runTarget?.target || ledger?.target || process.env.TELEGENT_BASE_URL);
  const profile = runTarget?.profile || ledger?.profile || process.env.CERT_PROFILE || 'mvno-full';
  const runId = newRunId(ctx.startedAt);

  let doc: SignoffDocument = {
    schemaVersion: 1,
    verdict: computeVerdict(items),
    rehearsal,
    verdictLabel: `${rehearsal ? 'REHEARSAL ' : ''}${computeVerdict(items)}`,
    runId,
    ledgerRunId: ledger?.runId,
    target,
    environment: environmentOf(rehearsal, runTarget?.target || ledger?.target || process.env.TELEGENT_BASE_URL),
    targetHost: hostOf(target),
    profile,
    suiteVersion: suiteVersion(),
    openapiSha256: openapiHash(),
    startedAt,
    endedAt: ctx.endedAt.toISOString(),
    durationMs: ctx.endedAt.getTime() - new Date(startedAt).getTime(),
    operator: operatorName(),
    playwright: { version: ctx.playwrightVersion, status: ctx.runStatus, shard: ctx.shard, workers: ctx.workers },
    counts: countStatuses(items),
    items,
    regressions: [],
    latencyNotes: [],
    complete: false,
    previousRunId: null,
    rulings,
    signoff: { items: [], signatures: [], awaiting: [], attestationNote: '' },
    evidenceSha256: '',
    evidenceDigestOf: 'SHA-256 of the canonical JSON (sorted keys, no whitespace) of [{ id, findings, evidence }] for the 25 items in checklist order, after redaction',
    pdf: ctx.pdfNote,
    redaction: { helper: helperRedactionStatus() ?? 'helpers/redact.ts redact() applied', envValuesScrubbed: redactor.secrets.length },
    runErrors,
    notes,
  };
  doc = redactor.value(doc);
  doc.evidenceSha256 = sha256(canonicalJson(evidenceBundle(doc.items)));
  applyAttestations(doc, ctx.outputDir); // Joint items: pending until both teams attest THIS run (R-signoff-attestation)

  const prev = previousRun(ctx.historyDir, { runId: doc.runId, target: doc.target, profile: doc.profile, startedAt: doc.startedAt });
  doc.previousRunId = prev?.runId ?? null;
  doc.regressions = findRegressions(prev, { runId: doc.runId, items: doc.items });
  doc.latencyNotes = latencyChanges(prev, { runId: doc.runId, items: doc.items });
  doc.complete = isComplete(doc);

  const history = {
    schemaVersion: 1,
    runId: doc.runId,
    ledgerRunId: doc.ledgerRunId,
    verdict: doc.verdict,
    target: doc.target,
    profile: doc.profile,
    suiteVersion: doc.suiteVersion,
    startedAt: doc.startedAt,
    endedAt: doc.endedAt,
    evidenceSha256: doc.evidenceSha256,
    items: doc.items.map((i) => ({ id: i.id, status: technicalStatus(i), attestation: i.attestation, reason: i.reason, durationMs: i.durationMs, latencyP95Ms: i.latencyP95Ms, latencyP50Ms: median(latencySamples.get(i.id)), findings: i.findings.length, ids: i.ids })),
    regressions: doc.regressions,
    complete: doc.complete,
  };
  return { doc, redactor, history };
}
