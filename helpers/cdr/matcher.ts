/**
 * The generic matcher of the reconciliation: expected items against delivered records of one kind, by a primary key
 * (exactly once), then by a loose key (the same id under another direction / leg: mismatched rather than
 * missing + unexpected); what is left is missing (expected) or unexpected / ignored (delivered).
 */
import type { CdrFinding, CdrKind, CdrRecord } from '../../protocol/cdr/types';
import type { ReconcileCounts, ReconcileOptions } from './expected';
import type { FindingCollector } from './findings';
import { belongsToRun, type RunScope } from './scope';

/** How one kind of traffic is matched: keys on both sides, a description for findings, the field comparison. */
export interface KindMatcher<E, R extends CdrRecord> {
  kind: CdrKind;
  primaryKey: (e: E) => string;
  /** one key, or several (a record indexed under each) */
  recordKey: (r: R) => string | string[];
  looseKeyE: (e: E) => string | undefined;
  looseKeyR: (r: R) => string | undefined;
  describe: (e: E) => string;
  compare: (e: E, r: R, key: string) => CdrFinding[];
}

/** What a match needs besides the matcher: where findings go, the options, the run's scope, the expected account. */
export interface MatchContext {
  findings: FindingCollector;
  opts: ReconcileOptions;
  scope: RunScope;
  accountId?: string;
}

export const zeroCounts = (expected: number): ReconcileCounts => ({
  expected,
  matched: 0,
  missing: 0,
  duplicate: 0,
  unexpected: 0,
  mismatched: 0,
  redelivered: 0,
  ignored: 0,
});

export function where(r: CdrRecord): string {
  return `${r.source.file}${r.source.line !== undefined ? `:${r.source.line}` : ''}`;
}

/** A field that differs between the expected item and its record. */
export function mismatch(kind: CdrKind, key: string, field: string, exp: string, act: string, r: CdrRecord, label: string): CdrFinding {
  return {
    check: 'cdr.reconcile.mismatch',
    severity: 'error',
    kind,
    file: r.source.file,
    line: r.source.line,
    pointer: `/${field}`,
    expected: exp,
    actual: act,
    message: `${kind} ${label} (${key}) at ${where(r)}: ${field} is ${act}, expected ${exp}`,
  };
}

/** One run of the matcher: the state of a single kind's match (counts, records used). */
interface MatchRun<E, R extends CdrRecord> {
  m: KindMatcher<E, R>;
  ctx: MatchContext;
  c: ReconcileCounts;
  used: Set<R>;
}

function indexBy<R>(recs: R[], keysOf: (r: R) => string | string[] | undefined, skip?: Set<R>): Map<string, R[]> {
  const idx = new Map<string, R[]>();
  for (const r of recs) {
    if (skip?.has(r)) continue;
    const ks = keysOf(r);
    if (!ks) continue;
    for (const k of Array.isArray(ks) ? ks : [ks]) {
      const l = idx.get(k);
      if (l) l.push(r);
      else idx.set(k, [r]);
    }
  }
  return idx;
}

/** An expected item and the records found for it: duplicates, then the field comparison (and the account). */
function judge<E, R extends CdrRecord>(run: MatchRun<E, R>, e: E, list: R[], key: string): void {
  const { m, ctx, c } = run;
  const label = key.replace(/\u0001/g, ' ');
  if (list.length > 1) {
    c.duplicate += list.length - 1;
    ctx.findings.add({
      check: 'cdr.reconcile.duplicate',
      severity: 'error',
      kind: m.kind,
      file: list[1].source.file,
      line: list[1].source.line,
      message: `${m.kind} ${label} delivered ${list.length} times: ${list.map(where).join(', ')}`,
      expected: '1 record',
      actual: `${list.length} records`,
    });
  }
  const diffs = m.compare(e, list[0], label);
  const account = (list[0].fields as any).accountId;
  if (ctx.accountId && account !== ctx.accountId) diffs.push(mismatch(m.kind, label, 'accountId', ctx.accountId, String(account), list[0], m.describe(e)));
  // a warning (a ruled, not documented, expectation) is reported without making the record mismatched
  if (diffs.some((d) => d.severity === 'error')) c.mismatched++;
  else c.matched++;
  diffs.forEach(ctx.findings.add);
}

/** First pass: by primary key, each key claimed once. Returns the expected items left unmatched. */
function matchByPrimaryKey<E, R extends CdrRecord>(run: MatchRun<E, R>, exp: E[], recs: R[]): E[] {
  const idx = indexBy(recs, run.m.recordKey);
  const missing: E[] = [];
  const claimed = new Set<string>();
  for (const e of exp) {
    const key = run.m.primaryKey(e);
    const list = idx.get(key)?.filter((r) => !run.used.has(r));
    if (!list || !list.length || claimed.has(key)) {
      missing.push(e);
      continue;
    }
    claimed.add(key);
    for (const r of list) run.used.add(r);
    judge(run, e, list, key);
  }
  return missing;
}

/** Second pass: a record with the same id but another direction / leg is mismatched rather than missing + unexpected. */
function matchByLooseKey<E, R extends CdrRecord>(run: MatchRun<E, R>, missing: E[], recs: R[]): void {
  const { m, ctx, c } = run;
  const loose = indexBy(recs, m.looseKeyR, run.used);
  for (const e of missing) {
    const lk = m.looseKeyE(e);
    const list = lk ? loose.get(lk)?.filter((r) => !run.used.has(r)) : undefined;
    if (list && list.length) {
      for (const r of list) run.used.add(r);
      judge(run, e, list, m.primaryKey(e));
    } else {
      c.missing++;
      ctx.findings.add({
        check: 'cdr.reconcile.missing',
        severity: 'error',
        kind: m.kind,
        message: `no ${m.kind} CDR for ${m.describe(e)}`,
        expected: m.describe(e),
        actual: 'no record',
      });
    }
  }
}

/** Records matched to nothing: this run's are unexpected, other runs' / users' ignored (unless `foreign: 'unexpected'`). */
function reportUnmatched<E, R extends CdrRecord>(run: MatchRun<E, R>, recs: R[]): void {
  const { m, ctx, c } = run;
  for (const r of recs) {
    if (run.used.has(r)) continue;
    if (ctx.opts.foreign !== 'unexpected' && !belongsToRun(r, ctx.scope)) {
      c.ignored++;
      continue;
    }
    c.unexpected++;
    const rk0 = m.recordKey(r);
    const rk = (Array.isArray(rk0) ? rk0[0] : rk0).replace(/\u0001/g, ' ');
    ctx.findings.add({
      check: 'cdr.reconcile.unexpected',
      severity: ctx.opts.unexpectedSeverity ?? 'error',
      kind: m.kind,
      file: r.source.file,
      line: r.source.line,
      message: `${m.kind} CDR at ${where(r)} (${rk}) matches no traffic of this run`,
      actual: rk,
    });
  }
}

/** Match one kind's expected items against its delivered records; findings go to `ctx.findings`. */
export function matchKind<E, R extends CdrRecord>(m: KindMatcher<E, R>, io: { expected: E[]; records: R[] }, ctx: MatchContext): ReconcileCounts {
  const run: MatchRun<E, R> = { m, ctx, c: zeroCounts(io.expected.length), used: new Set<R>() };
  const missing = matchByPrimaryKey(run, io.expected, io.records);
  matchByLooseKey(run, missing, io.records);
  reportUnmatched(run, io.records);
  return run.c;
}
