/**
 * Reconciliation of delivered CDRs against the traffic the run actually produced (checklist item 18).
 *
 * Every expected SMS (sent and received) and every expected call leg must appear exactly once, keyed by
 * message id / call id (+ direction / leg), with matching numbers, direction, timestamps within `toleranceMs`
 * and durations within `durationToleranceS`. Voice and SMS must arrive in separate files.
 *
 * At-least-once delivery is absorbed: a file delivered again (same name, or same content digest) counts as
 * "redelivered" (info), never as duplicate (helpers/cdr/redelivery). Records of other runs / other users of a
 * shared account (not this run's numbers, or outside its time window) are ignored and reported as info
 * (helpers/cdr/scope); only unmatched records of this run's own numbers and window are "unexpected".
 */
import type { CdrFinding, CdrKind, CdrRecord, DataCdr, Direction, SmsCdr, VoiceCdr } from '../../protocol/cdr/types';
import { absorbRedeliveries } from './redelivery';
import { belongsToRun, normalizeNumber, runScope, type RunScope } from './scope';

export interface ExpectedSms {
  /** TMID-… from the send response (outbound) or Message_ID of the inbound webhook (inbound). */
  messageId: string;
  direction: Direction;
  from: string;
  to: string;
  /** ISO time the suite sent / received the message. */
  at: string;
  segments?: number;
  type?: 'sms' | 'mms';
}

export interface ExpectedCallLeg {
  /** SIP Call-ID as seen by the partner-side SIP agent. */
  callId: string;
  /** 'A' or 'B'; omitted = match on callId + direction. */
  leg?: 'A' | 'B';
  direction: Direction;
  from: string;
  to: string;
  startedAt: string;
  /** null = the leg was not answered; undefined = not checked. */
  answeredAt?: string | null;
  endedAt?: string;
  durationSeconds?: number;
  disposition?: VoiceCdr['disposition'];
}

export interface ExpectedDataSession {
  /** When known; otherwise matched on number + apn + start time within tolerance. */
  sessionId?: string;
  number: string;
  iccid?: string;
  apn?: string;
  startedAt: string;
  endedAt?: string;
  bytesUp?: number;
  bytesDown?: number;
}

export interface ExpectedTraffic {
  sms: ExpectedSms[];
  voice: ExpectedCallLeg[];
  data?: ExpectedDataSession[];
  /** When set, every matched record must carry this accountId. */
  accountId?: string;
  /** The run's own (Telegent-side) numbers, beyond those in the traffic above. */
  numbers?: string[];
  /** The run's time window (ISO); default: the span of the expected traffic. Widened by `toleranceMs`. */
  window?: { from: string; to: string };
}

export interface ReconcileCounts {
  /** expected items (messages, call legs, sessions) */
  expected: number;
  /** found exactly with every checked field in agreement */
  matched: number;
  /** expected but no record */
  missing: number;
  /** extra copies of a record beyond the first (a record delivered twice counts 1) */
  duplicate: number;
  /** delivered records that match nothing expected */
  unexpected: number;
  /** found, but a checked field differs (numbers, direction, time, duration, disposition, segments…) */
  mismatched: number;
  /** records absorbed as redeliveries of a file already received (at-least-once delivery; info) */
  redelivered: number;
  /** records of other runs / other users (not this run's numbers or outside its window): ignored (info) */
  ignored: number;
}

export interface ReconcileOptions {
  /** Allowed difference between the suite's clock and the CDR timestamps. */
  toleranceMs: number;
  /** Allowed difference on durationSeconds. Default 1 (the CDR rounds up to whole seconds). */
  durationToleranceS?: number;
  /** Severity of 'unexpected' records — unmatched records of this run's numbers and window (default 'error'). */
  unexpectedSeverity?: 'error' | 'warning';
  /** Records outside the run's numbers / window: 'ignore' (default: counted, one info finding) or 'unexpected'. */
  foreign?: 'ignore' | 'unexpected';
  /** Require voice and SMS records to come in separate files (default true). */
  requireSplit?: boolean;
  /** Max detailed findings per check (default 50); the counts are always complete. */
  maxFindingsPerCheck?: number;
}

export interface ReconcileResult {
  /** true when there is no 'error' finding */
  ok: boolean;
  sms: ReconcileCounts;
  voice: ReconcileCounts;
  data?: ReconcileCounts;
  /** per delivered file: which record types it held (`redeliveryOf`: a redelivered copy of that file) */
  files: Array<{ file: string; kinds: Partial<Record<CdrKind, number>>; redeliveryOf?: string }>;
  findings: CdrFinding[];
}

const zero = (expected: number): ReconcileCounts => ({ expected, matched: 0, missing: 0, duplicate: 0, unexpected: 0, mismatched: 0, redelivered: 0, ignored: 0 });

/** One E.164 normalisation for the CDR layer: the run scope's (helpers/cdr/scope.ts). */
export const normalizeE164 = normalizeNumber;

function ms(iso: string | null | undefined): number {
  return iso ? Date.parse(iso) : NaN;
}

function where(r: CdrRecord): string {
  return `${r.source.file}${r.source.line !== undefined ? `:${r.source.line}` : ''}`;
}

export function reconcile(expected: ExpectedTraffic, allDelivered: CdrRecord[], opts: ReconcileOptions): ReconcileResult {
  const tol = opts.toleranceMs;
  const durTol = opts.durationToleranceS ?? 1;
  const max = opts.maxFindingsPerCheck ?? 50;
  const findings: CdrFinding[] = [];
  const perCheck = new Map<string, number>();
  const add = (f: CdrFinding) => {
    const n = (perCheck.get(f.check) ?? 0) + 1;
    perCheck.set(f.check, n);
    if (n <= max) findings.push(f);
  };

  // ---- at-least-once delivery: a redelivered file is absorbed before anything is counted
  const redelivery = absorbRedeliveries(allDelivered);
  const delivered = redelivery.fresh;
  for (const f of redelivery.files) {
    add({ check: 'cdr.reconcile.redelivered', severity: 'info', file: f.file, message: `${f.file} repeats ${f.file === f.of ? 'an earlier delivery of the same file' : f.of} (at-least-once delivery): its records are counted once`, actual: f.of });
  }
  const scope: RunScope = runScope(expected, opts.toleranceMs);

  // ---- split check (on the fresh records: a redelivered copy is not a second finding)
  const files = filesOf(allDelivered, redelivery.files);
  if (opts.requireSplit !== false) {
    for (const f of files.filter((x) => !x.redeliveryOf)) {
      const ks = Object.keys(f.kinds);
      if (ks.length > 1) {
        add({
          check: 'cdr.mixed-file',
          severity: 'error',
          file: f.file,
          message: `${f.file} mixes ${ks.map((k) => `${f.kinds[k as CdrKind]} ${k}`).join(' and ')} records; voice and SMS must arrive in separate files`,
          expected: 'one record type per file',
          actual: ks.join('+'),
        });
      }
    }
  }

  const compareTime = (label: string, kind: CdrKind, key: string, field: string, exp: string | null | undefined, got: string | null | undefined, r: CdrRecord, diffs: CdrFinding[]) => {
    if (exp === undefined) return;
    if (exp === null) {
      if (got) diffs.push(mm(kind, key, field, 'absent (not answered)', String(got), r, label));
      return;
    }
    const d = Math.abs(ms(exp) - ms(got));
    if (!(d <= tol)) diffs.push(mm(kind, key, field, `${exp} ± ${tol} ms`, `${got ?? 'absent'}${Number.isFinite(d) ? ` (off by ${d} ms)` : ''}`, r, label));
  };
  const mm = (kind: CdrKind, key: string, field: string, exp: string, act: string, r: CdrRecord, label: string): CdrFinding => ({
    check: 'cdr.reconcile.mismatch',
    severity: 'error',
    kind,
    file: r.source.file,
    line: r.source.line,
    pointer: `/${field}`,
    expected: exp,
    actual: act,
    message: `${kind} ${label} (${key}) at ${where(r)}: ${field} is ${act}, expected ${exp}`,
  });

  // generic matcher ------------------------------------------------------------------------------------
  function run<E, R extends CdrRecord>(
    kind: CdrKind,
    exp: E[],
    recs: R[],
    primaryKey: (e: E) => string,
    recordKey: (r: R) => string | string[],
    looseKeyE: (e: E) => string | undefined,
    looseKeyR: (r: R) => string | undefined,
    describe: (e: E) => string,
    compare: (e: E, r: R, key: string) => CdrFinding[],
  ): ReconcileCounts {
    const c = zero(exp.length);
    const idx = new Map<string, R[]>();
    for (const r of recs) {
      const ks = recordKey(r);
      for (const k of Array.isArray(ks) ? ks : [ks]) {
        const l = idx.get(k);
        if (l) l.push(r);
        else idx.set(k, [r]);
      }
    }
    const used = new Set<R>();
    const missing: E[] = [];
    const claimed = new Set<string>();
    for (const e of exp) {
      const key = primaryKey(e);
      const list = idx.get(key)?.filter((r) => !used.has(r));
      if (!list || !list.length || claimed.has(key)) {
        missing.push(e);
        continue;
      }
      claimed.add(key);
      for (const r of list) used.add(r);
      judge(e, list, key);
    }
    // second pass: a record with the same id but another direction / leg -> mismatched rather than missing+unexpected
    const loose = new Map<string, R[]>();
    for (const r of recs) {
      if (used.has(r)) continue;
      const k = looseKeyR(r);
      if (!k) continue;
      const l = loose.get(k);
      if (l) l.push(r);
      else loose.set(k, [r]);
    }
    for (const e of missing) {
      const lk = looseKeyE(e);
      const list = lk ? loose.get(lk)?.filter((r) => !used.has(r)) : undefined;
      if (list && list.length) {
        for (const r of list) used.add(r);
        judge(e, list, primaryKey(e));
      } else {
        c.missing++;
        add({ check: 'cdr.reconcile.missing', severity: 'error', kind, message: `no ${kind} CDR for ${describe(e)}`, expected: describe(e), actual: 'no record' });
      }
    }
    for (const r of recs) {
      if (used.has(r)) continue;
      if (opts.foreign !== 'unexpected' && !belongsToRun(r, scope)) {
        c.ignored++;
        continue;
      }
      c.unexpected++;
      const rk0 = recordKey(r);
      const rk = (Array.isArray(rk0) ? rk0[0] : rk0).replace(/\u0001/g, ' ');
      add({ check: 'cdr.reconcile.unexpected', severity: opts.unexpectedSeverity ?? 'error', kind, file: r.source.file, line: r.source.line, message: `${kind} CDR at ${where(r)} (${rk}) matches no traffic of this run`, actual: rk });
    }
    return c;

    function judge(e: E, list: R[], key: string) {
      const label = key.replace(/\u0001/g, ' ');
      if (list.length > 1) {
        c.duplicate += list.length - 1;
        add({
          check: 'cdr.reconcile.duplicate',
          severity: 'error',
          kind,
          file: list[1].source.file,
          line: list[1].source.line,
          message: `${kind} ${label} delivered ${list.length} times: ${list.map(where).join(', ')}`,
          expected: '1 record',
          actual: `${list.length} records`,
        });
      }
      const diffs = compare(e, list[0], label);
      if (expected.accountId && (list[0].fields as any).accountId !== expected.accountId) {
        diffs.push(mm(kind, label, 'accountId', expected.accountId, String((list[0].fields as any).accountId), list[0], describe(e)));
      }
      if (diffs.length) {
        c.mismatched++;
        diffs.forEach(add);
      } else c.matched++;
    }
  }

  const smsRecs = delivered.filter((r): r is Extract<CdrRecord, { kind: 'sms' }> => r.kind === 'sms');
  const voiceRecs = delivered.filter((r): r is Extract<CdrRecord, { kind: 'voice' }> => r.kind === 'voice');
  const dataRecs = delivered.filter((r): r is Extract<CdrRecord, { kind: 'data' }> => r.kind === 'data');

  const sms = run<ExpectedSms, Extract<CdrRecord, { kind: 'sms' }>>(
    'sms',
    expected.sms,
    smsRecs,
    (e) => `${e.messageId}\u0001${e.direction}`,
    (r) => `${r.fields.messageId}\u0001${r.fields.direction}`,
    (e) => e.messageId,
    (r) => r.fields.messageId,
    (e) => `${e.direction} ${e.type ?? 'sms'} ${e.messageId} ${e.from} -> ${e.to}`,
    (e, r, key) => {
      const f: SmsCdr = r.fields;
      const d: CdrFinding[] = [];
      const label = `${e.direction} message`;
      if (f.direction !== e.direction) d.push(mm('sms', key, 'direction', e.direction, String(f.direction), r, label));
      if (normalizeE164(f.from) !== normalizeE164(e.from)) d.push(mm('sms', key, 'from', e.from, String(f.from), r, label));
      if (normalizeE164(f.to) !== normalizeE164(e.to)) d.push(mm('sms', key, 'to', e.to, String(f.to), r, label));
      compareTime(label, 'sms', key, 'timestamp', e.at, f.timestamp, r, d);
      if (e.segments !== undefined && f.segments !== e.segments) d.push(mm('sms', key, 'segments', String(e.segments), String(f.segments), r, label));
      if (e.type !== undefined && f.type !== e.type) d.push(mm('sms', key, 'type', e.type, String(f.type), r, label));
      return d;
    },
  );

  const voice = run<ExpectedCallLeg, Extract<CdrRecord, { kind: 'voice' }>>(
    'voice',
    expected.voice,
    voiceRecs,
    (e) => (e.leg ? `${e.callId}\u0001leg ${e.leg}` : `${e.callId}\u0001${e.direction}`),
    // records are indexed under both keys: by leg when the expectation names one, else by direction
    (r) => [`${r.fields.callId}\u0001leg ${r.fields.leg}`, `${r.fields.callId}\u0001${r.fields.direction}`],
    (e) => e.callId,
    (r) => r.fields.callId,
    (e) => `${e.direction} call ${e.callId}${e.leg ? ` leg ${e.leg}` : ''} ${e.from} -> ${e.to}`,
    (e, r, key) => {
      const f: VoiceCdr = r.fields;
      const d: CdrFinding[] = [];
      const label = `call leg`;
      if (f.direction !== e.direction) d.push(mm('voice', key, 'direction', e.direction, String(f.direction), r, label));
      if (e.leg && f.leg !== e.leg) d.push(mm('voice', key, 'leg', e.leg, String(f.leg), r, label));
      if (normalizeE164(f.from) !== normalizeE164(e.from)) d.push(mm('voice', key, 'from', e.from, String(f.from), r, label));
      if (normalizeE164(f.to) !== normalizeE164(e.to)) d.push(mm('voice', key, 'to', e.to, String(f.to), r, label));
      compareTime(label, 'voice', key, 'startTime', e.startedAt, f.startTime, r, d);
      compareTime(label, 'voice', key, 'answerTime', e.answeredAt, f.answerTime, r, d);
      compareTime(label, 'voice', key, 'endTime', e.endedAt, f.endTime, r, d);
      if (e.durationSeconds !== undefined && !(Math.abs(f.durationSeconds - e.durationSeconds) <= durTol))
        d.push(mm('voice', key, 'durationSeconds', `${e.durationSeconds} ± ${durTol} s`, String(f.durationSeconds), r, label));
      if (e.disposition !== undefined && f.disposition !== e.disposition) d.push(mm('voice', key, 'disposition', e.disposition, String(f.disposition), r, label));
      return d;
    },
  );
  let data: ReconcileCounts | undefined;
  if (expected.data && (expected.data.length || dataRecs.length)) {
    const sessionKey = (e: ExpectedDataSession) => e.sessionId ?? `${normalizeE164(e.number)}\u0001${e.apn ?? ''}`;
    data = run<ExpectedDataSession, Extract<CdrRecord, { kind: 'data' }>>(
      'data',
      expected.data,
      dataRecs,
      (e) => (e.sessionId ? `sid\u0001${e.sessionId}` : `num\u0001${sessionKey(e)}`),
      (r) => `sid\u0001${r.fields.sessionId}`,
      (e) => `num\u0001${normalizeE164(e.number)}\u0001${e.apn ?? ''}`,
      (r) => `num\u0001${normalizeE164(r.fields.number)}\u0001${r.fields.apn ?? ''}`,
      (e) => `data session ${e.sessionId ?? ''} ${e.number} on ${e.apn ?? '?'} from ${e.startedAt}`,
      (e, r, key) => {
        const f: DataCdr = r.fields;
        const d: CdrFinding[] = [];
        const label = 'data session';
        if (normalizeE164(f.number) !== normalizeE164(e.number)) d.push(mm('data', key, 'number', e.number, String(f.number), r, label));
        if (e.iccid !== undefined && f.iccid !== e.iccid) d.push(mm('data', key, 'iccid', e.iccid, String(f.iccid), r, label));
        if (e.apn !== undefined && f.apn !== e.apn) d.push(mm('data', key, 'apn', e.apn, String(f.apn), r, label));
        compareTime(label, 'data', key, 'startTime', e.startedAt, f.startTime, r, d);
        compareTime(label, 'data', key, 'endTime', e.endedAt, f.endTime, r, d);
        if (e.bytesUp !== undefined && f.bytesUp !== e.bytesUp) d.push(mm('data', key, 'bytesUp', String(e.bytesUp), String(f.bytesUp), r, label));
        if (e.bytesDown !== undefined && f.bytesDown !== e.bytesDown) d.push(mm('data', key, 'bytesDown', String(e.bytesDown), String(f.bytesDown), r, label));
        return d;
      },
    );
  }

  for (const [kind, c] of [['sms', sms], ['voice', voice], ['data', data]] as const) {
    if (!c) continue;
    c.redelivered = redelivery.redelivered[kind] ?? 0;
    if (c.ignored) {
      add({
        check: 'cdr.reconcile.other-runs',
        severity: 'info',
        kind,
        message: `${c.ignored} ${kind} record(s) of other runs/users ignored (not this run's numbers, or outside its time window)`,
        actual: String(c.ignored),
      });
    }
  }
  for (const [check, n] of perCheck) {
    if (n > max) findings.push({ check: 'cdr.findings-capped', severity: 'info', message: `${n - max} more '${check}' finding(s) not listed (${n} in total)`, actual: String(n) });
  }
  return { ok: !findings.some((f) => f.severity === 'error'), sms, voice, data, files, findings };
}

/** Per delivered file: its record types; a redelivered copy names the file it repeats. */
function filesOf(records: CdrRecord[], copies: Array<{ file: string; of: string }>): ReconcileResult['files'] {
  const byFile = new Map<string, Partial<Record<CdrKind, number>>>();
  for (const r of records) {
    const k = byFile.get(r.source.file) ?? {};
    k[r.kind] = (k[r.kind] ?? 0) + 1;
    byFile.set(r.source.file, k);
  }
  const copyOf = new Map(copies.filter((c) => c.file !== c.of).map((c) => [c.file, c.of]));
  return [...byFile].map(([file, kinds]) => (copyOf.has(file) ? { file, kinds, redeliveryOf: copyOf.get(file) } : { file, kinds }));
}

/** One-line summary for logs and evidence: "sms expected 4 matched 4 missing 0 duplicate 0 unexpected 0 mismatched 0; voice …". */
export function formatReconcile(r: ReconcileResult): string {
  const one = (name: string, c?: ReconcileCounts) =>
    c
      ? `${name}: expected ${c.expected}, matched ${c.matched}, missing ${c.missing}, duplicate ${c.duplicate}, unexpected ${c.unexpected}, mismatched ${c.mismatched}` +
        `${c.redelivered ? `, redelivered ${c.redelivered}` : ''}${c.ignored ? `, ${c.ignored} of other runs/users ignored` : ''}`
      : '';
  return [one('sms', r.sms), one('voice', r.voice), one('data', r.data)].filter(Boolean).join('; ');
}
