/**
 * Builds the sign-off document from Playwright's test tree (+ the run ledger, rulings, attestation).
 * Everything returned by `buildSignoff` has been through the redactor.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { ADDON_ITEM_IDS, checklistEntry, ITEM_IDS } from './checklist';
import {
  aggregateStatus,
  blankItem,
  blankItems,
  canonicalJson,
  computeVerdict,
  countStatuses,
  evidenceBundle,
  findingsOf,
  DID_NOT_RUN,
  findRegressions,
  latencyChanges,
  headline,
  propagateBlocked,
  rulingRefs,
  sha256,
  stoppedBeforeStart,
  technicalStatus,
  testStatus,
  type EvidenceRecord,
  type FindingRecord,
  type HistoryLike,
  type ItemReport,
  type TestRecord,
} from './model';
import { createRedactor, helperRedactionStatus, type Redactor } from './redaction';
import type { Environment, RulingEntry, SignoffDocument } from './types';
import { applyAttestations } from './attestations';
import { isProductionTarget } from '../helpers/production';

export const REPO_ROOT = path.resolve(__dirname, '..');

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
    return url
      .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1')
      .replace(/(:\/\/[^\s?#)]*)[?#][^\s)]*/g, '$1')
      .slice(0, 300);
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
export function previousRun(
  historyDir: string,
  cur: { runId: string; target: string; profile: string; startedAt: string },
): (HistoryLike & { runId: string }) | undefined {
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
  const ts = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
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

/** What the tests and their attachments tell, per item, before statuses are decided. */
interface Collected {
  items: ItemReport[];
  notes: string[];
  latency: Map<string, number>;
  latencySamples: Map<string, number[]>;
  rulingIds: Map<string, Set<string>>;
}

function uniqueAnnotations(test: TestCase, last: TestResult | undefined): { type: string; description?: string }[] {
  return [...test.annotations, ...(last?.annotations ?? [])].filter(
    (a, i, all) => all.findIndex((b) => b.type === a.type && b.description === a.description) === i,
  );
}

function itemMetaOf(annotations: { type: string; description?: string }[], title: string, notes: string[]): Record<string, unknown> | undefined {
  const itemAnn = annotations.find((a) => a.type === 'item');
  if (!itemAnn?.description) return undefined;
  try {
    return JSON.parse(itemAnn.description);
  } catch {
    notes.push(`unparseable item annotation on "${title}"`);
    return undefined;
  }
}

function testRecord(test: TestCase, annotations: { type: string; description?: string }[], runStatus: string | undefined): TestRecord {
  const results = test.results;
  const last = results.at(-1);
  const interrupted = last?.status === 'interrupted' || stoppedBeforeStart(last?.status, annotations, runStatus);
  // a failure Playwright was told to expect (CERT_KEEP_WORKER_ON_FAILURE) is still a failure of the item
  // an interrupted test (the run was stopped: SIGINT / SIGTERM) reads `skipped` in Playwright's outcome — it is not
  const outcome = last?.status === 'failed' ? 'unexpected' : interrupted ? 'interrupted' : test.outcome();
  const st = testStatus(outcome, annotations, results.length > 0);
  const errors = (last?.errors ?? []).map((e) => (e.message ?? e.value ?? '').replace(ANSI, '').slice(0, 4000)).filter(Boolean);
  return {
    title: describePath(test),
    file: path.relative(REPO_ROOT, test.location.file),
    line: test.location.line,
    status: st.status,
    outcome: test.outcome(),
    reason: st.reason ?? (st.status === 'failed' && errors[0] ? headline(errors[0]) : undefined),
    durationMs: results.reduce((s, r) => s + r.duration, 0),
    retries: Math.max(0, results.length - 1),
    annotations: annotations.filter((a) => a.type !== 'item').map((a) => ({ type: a.type, description: a.description })),
    errors,
  };
}

/** IDs (saved-id annotations, `ids` attachments) and evidence (with its findings, latency and rulings) of one test. */
function absorbAttachments(
  item: ItemReport,
  rec: TestRecord,
  annotations: { type: string; description?: string }[],
  last: TestResult | undefined,
  c: Collected,
): void {
  for (const a of annotations) {
    if (a.type !== 'saved-id' || !a.description?.includes('=')) continue;
    const [k, v] = a.description.split('=', 2);
    item.ids[k] = v;
  }
  for (const att of last?.attachments ?? []) {
    const v = att.name === 'ids' || att.name === 'evidence' ? attachmentJson(att) : undefined;
    if (att.name === 'ids' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) if (x !== undefined && x !== null) item.ids[k] = String(x);
    }
    if (att.name !== 'evidence') continue;
    const entries = (Array.isArray(v) ? v : [v]).filter((e): e is Record<string, unknown> => !!e && typeof e === 'object');
    for (const e of entries) absorbEvidence(item, rec, e, c);
  }
}

function absorbEvidence(item: ItemReport, rec: TestRecord, e: Record<string, unknown>, c: Collected): void {
  const ev: EvidenceRecord = { kind: typeof e.kind === 'string' ? e.kind : 'note', test: rec.title, ...e };
  item.evidence.push(ev);
  for (const f of findingsOf(e)) item.findings.push({ ...f, test: rec.title });
  if (ev.kind === 'latency' && typeof e.p95Ms === 'number') c.latency.set(item.id, Math.max(c.latency.get(item.id) ?? 0, e.p95Ms));
  if (ev.kind === 'latency' && Array.isArray(e.samplesMs)) {
    c.latencySamples.set(item.id, [...(c.latencySamples.get(item.id) ?? []), ...e.samplesMs.filter((x): x is number => typeof x === 'number')]);
  }
  const refs = c.rulingIds.get(item.id) ?? new Set<string>();
  rulingRefs(e, refs);
  c.rulingIds.set(item.id, refs);
}

/** An add-on item's record, created when one of its tests shows up (the 25 checklist rows always exist). */
function addAddonItem(items: ItemReport[], byId: Map<string, ItemReport>, id: string): ItemReport {
  const item = blankItem(checklistEntry(id)!);
  items.push(item);
  byId.set(id, item);
  return item;
}

/** Step 1 — collect: every test into its item (by its metadata annotation, else by its file name). */
function collect(tests: TestCase[], runStatus: string | undefined): Collected {
  const c: Collected = { items: blankItems(), notes: [], latency: new Map(), latencySamples: new Map(), rulingIds: new Map() };
  const byId = new Map(c.items.map((i) => [i.id, i]));
  const unassigned: string[] = [];
  for (const test of tests) {
    const last = test.results.at(-1);
    const annotations = uniqueAnnotations(test, last);
    const meta = itemMetaOf(annotations, test.title, c.notes);
    const id = (typeof meta?.id === 'string' && checklistEntry(meta.id) ? meta.id : undefined) ?? itemIdFromFile(test.location.file);
    if (!id) {
      unassigned.push(`${path.basename(test.location.file)}: ${test.title}`);
      continue;
    }
    const item = byId.get(id) ?? addAddonItem(c.items, byId, id);
    if (Array.isArray(meta?.scope)) item.scope = meta.scope.map(String);
    if (Array.isArray(meta?.dependsOn)) item.dependsOn = meta.dependsOn.map(String);
    if (typeof meta?.description === 'string') item.description = meta.description;
    const rec = testRecord(test, annotations, runStatus);
    item.tests.push(rec);
    item.durationMs += rec.durationMs;
    absorbAttachments(item, rec, annotations, last, c);
  }
  if (unassigned.length) c.notes.push(`tests not attributed to a checklist item: ${unassigned.join('; ')}`);
  return c;
}

type LedgerView = { runId?: string; target?: string; profile?: string; startedAt?: string; items?: Record<string, { ids?: Record<string, string> }> };

/** Step 2 — merge: the run ledger's saved IDs (a resumed run's earlier IDs too). */
function mergeLedger(items: ItemReport[], ledger: LedgerView | undefined): void {
  for (const [id, li] of Object.entries(ledger?.items ?? {})) {
    const item = items.find((i) => i.id === id);
    if (item && li?.ids) for (const [k, v] of Object.entries(li.ids)) if (!(k in item.ids)) item.ids[k] = String(v);
  }
}

/** Step 3 — finalise: statuses from the tests, findings de-duplicated, rulings, latency; blocked dependents. */
function finaliseItems(c: Collected, tests: TestCase[], ctx: BuildContext): string[] {
  for (const item of c.items) {
    const agg = aggregateStatus(item.tests);
    item.status = agg.status;
    item.reason = agg.reason;
    item.findings = dedupeFindings(item.findings);
    const refs = c.rulingIds.get(item.id) ?? new Set<string>();
    for (const f of item.findings) if (f.ruling) refs.add(f.ruling);
    item.rulings = [...refs].sort();
    if (c.latency.has(item.id)) item.latencyP95Ms = c.latency.get(item.id);
  }
  propagateBlocked(c.items);
  // an add-on out of the run's scope is not listed at all: it never changes the document of a profile without it
  c.items = c.items.filter((i) => !ADDON_ITEM_IDS.includes(i.id) || i.status !== 'not-applicable');
  // The run died before any test ran (e.g. global setup failed): say so instead of "no spec".
  const runErrors = ctx.runErrors ?? [];
  if (runErrors.length) c.notes.push(...runErrors.map((e) => `run error: ${e}`));
  if (!tests.length && (runErrors.length || ctx.runStatus !== 'passed')) {
    const first = (runErrors[0] ?? `run status ${ctx.runStatus}`).split('\n')[0].slice(0, 200);
    for (const item of c.items) {
      item.status = 'blocked';
      item.reason = `not run: the run failed before any test started (${first})`;
    }
  }
  return runErrors;
}

function appliedRulings(items: ItemReport[]): RulingEntry[] {
  const register = loadRulings();
  const applied = new Set(items.flatMap((i) => i.rulings));
  return [...applied].sort().map((id) => register.find((r) => r.id === id) ?? { id, note: 'referenced by evidence but not in schemas/rulings.json' });
}

/** Step 4 — assemble: the document around the items (target, profile, versions, digests), redacted. */
function assemble(c: Collected, ctx: BuildContext, ledger: LedgerView | undefined, runErrors: string[], redactor: Redactor): SignoffDocument {
  const startedAt = ledger?.startedAt && ledger.startedAt < ctx.startedAt.toISOString() ? ledger.startedAt : ctx.startedAt.toISOString();
  const runTarget = readJson(path.join(ctx.outputDir, 'run-target.json')) as { target?: string; profile?: string; rehearsal?: boolean } | undefined;
  const rehearsal = runTarget?.rehearsal ?? /sandbox/i.test(runTarget?.target ?? '');
  const rawTarget = runTarget?.target || ledger?.target || process.env.TELEGENT_BASE_URL;
  const target = sanitizeTarget(rawTarget);
  const verdict = computeVerdict(c.items);
  const doc: SignoffDocument = {
    schemaVersion: 1,
    verdict,
    rehearsal,
    verdictLabel: `${rehearsal ? 'REHEARSAL ' : ''}${verdict}`,
    runId: newRunId(ctx.startedAt),
    ledgerRunId: ledger?.runId,
    target,
    environment: environmentOf(rehearsal, rawTarget),
    targetHost: hostOf(target),
    profile: runTarget?.profile || ledger?.profile || process.env.CERT_PROFILE || 'mvno-full',
    suiteVersion: suiteVersion(),
    openapiSha256: openapiHash(),
    startedAt,
    endedAt: ctx.endedAt.toISOString(),
    durationMs: ctx.endedAt.getTime() - new Date(startedAt).getTime(),
    operator: operatorName(),
    playwright: { version: ctx.playwrightVersion, status: ctx.runStatus, shard: ctx.shard, workers: ctx.workers },
    counts: countStatuses(c.items),
    items: c.items,
    regressions: [],
    latencyNotes: [],
    complete: false,
    previousRunId: null,
    rulings: appliedRulings(c.items),
    signoff: { items: [], signatures: [], awaiting: [], attestationNote: '' },
    evidenceSha256: '',
    evidenceDigestOf:
      'SHA-256 of the canonical JSON (sorted keys, no whitespace) of [{ id, findings, evidence }] for the 25 items in checklist order, after redaction',
    pdf: ctx.pdfNote,
    redaction: { helper: helperRedactionStatus() ?? 'protocol/redact.ts redact() applied', envValuesScrubbed: redactor.secrets.length },
    runErrors,
    notes: c.notes,
  };
  return redactor.value(doc);
}

function historyEntry(doc: SignoffDocument, samples: Map<string, number[]>): unknown {
  return {
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
    items: doc.items.map((i) => ({
      id: i.id,
      status: technicalStatus(i),
      attestation: i.attestation,
      reason: i.reason,
      durationMs: i.durationMs,
      latencyP95Ms: i.latencyP95Ms,
      latencyP50Ms: median(samples.get(i.id)),
      findings: i.findings.length,
      ids: i.ids,
    })),
    regressions: doc.regressions,
    complete: doc.complete,
  };
}

/** The sign-off of a run: collect → merge → finalise → assemble, then digest, attestations and the history baseline. */
export function buildSignoff(tests: TestCase[], ctx: BuildContext): { doc: SignoffDocument; redactor: Redactor; history: unknown } {
  const redactor = createRedactor();
  const c = collect(tests, ctx.runStatus);
  const ledger = readJson(ctx.runStateFile ?? path.join(ctx.outputDir, 'run-state.json')) as LedgerView | undefined;
  mergeLedger(c.items, ledger);
  const runErrors = finaliseItems(c, tests, ctx);
  const doc = assemble(c, ctx, ledger, runErrors, redactor);
  doc.evidenceSha256 = sha256(canonicalJson(evidenceBundle(doc.items)));
  applyAttestations(doc, ctx.outputDir); // Joint items: pending until both teams attest THIS run (R-signoff-attestation)
  const prev = previousRun(ctx.historyDir, { runId: doc.runId, target: doc.target, profile: doc.profile, startedAt: doc.startedAt });
  doc.previousRunId = prev?.runId ?? null;
  // a stopped run: what it never reached did not regress
  const reached = doc.items.filter((i) => !DID_NOT_RUN.test(i.reason ?? ''));
  doc.regressions = findRegressions(prev, { runId: doc.runId, items: reached });
  doc.latencyNotes = latencyChanges(prev, { runId: doc.runId, items: doc.items });
  doc.complete = isComplete(doc);
  return { doc, redactor, history: historyEntry(doc, c.latencySamples) };
}
