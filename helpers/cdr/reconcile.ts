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
import type { CdrKind, CdrRecord } from '../../protocol/cdr/types';
import { dataMatcher, smsMatcher, voiceMatcher, type DataRecord, type SmsRecord, type Tolerances, type VoiceRecord } from './compare';
import type { ExpectedTraffic, ReconcileCounts, ReconcileOptions, ReconcileResult } from './expected';
import { collectFindings, type FindingCollector } from './findings';
import { matchKind, type MatchContext } from './matcher';
import { absorbRedeliveries, type Redelivery } from './redelivery';
import { runScope } from './scope';

export type { ExpectedCallLeg, ExpectedDataSession, ExpectedSms, ExpectedTraffic, ReconcileCounts, ReconcileOptions, ReconcileResult } from './expected';

/** One E.164 normalisation for the CDR layer (the run scope and the matchers use it too). */
export { normalizeE164 } from '../../protocol/e164';

/** At-least-once delivery: a redelivered file is absorbed before anything is counted (one info finding per copy). */
function absorb(allDelivered: CdrRecord[], findings: FindingCollector): Redelivery {
  const redelivery = absorbRedeliveries(allDelivered);
  for (const f of redelivery.files) {
    findings.add({
      check: 'cdr.reconcile.redelivered',
      severity: 'info',
      file: f.file,
      message: `${f.file} repeats ${f.file === f.of ? 'an earlier delivery of the same file' : f.of} (at-least-once delivery): its records are counted once`,
      actual: f.of,
    });
  }
  return redelivery;
}

/** Voice and SMS in separate files (on the fresh files: a redelivered copy is not a second finding). */
function checkSplit(files: ReconcileResult['files'], findings: FindingCollector): void {
  for (const f of files.filter((x) => !x.redeliveryOf)) {
    const ks = Object.keys(f.kinds);
    if (ks.length > 1) {
      findings.add({
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

/** SMS, voice and (when expected or delivered) data, each through its matcher. */
function matchAll(expected: ExpectedTraffic, delivered: CdrRecord[], t: Tolerances, ctx: MatchContext): Pick<ReconcileResult, 'sms' | 'voice' | 'data'> {
  const smsRecs = delivered.filter((r): r is SmsRecord => r.kind === 'sms');
  const voiceRecs = delivered.filter((r): r is VoiceRecord => r.kind === 'voice');
  const dataRecs = delivered.filter((r): r is DataRecord => r.kind === 'data');
  const sms = matchKind(smsMatcher(t), { expected: expected.sms, records: smsRecs }, ctx);
  const voice = matchKind(voiceMatcher(t), { expected: expected.voice, records: voiceRecs }, ctx);
  const data =
    expected.data && (expected.data.length || dataRecs.length) ? matchKind(dataMatcher(t), { expected: expected.data, records: dataRecs }, ctx) : undefined;
  return { sms, voice, data };
}

/** Redelivered counts per kind, and one info finding per kind with records of other runs / users. */
function summarise(counts: Pick<ReconcileResult, 'sms' | 'voice' | 'data'>, redelivery: Redelivery, findings: FindingCollector): void {
  for (const [kind, c] of [
    ['sms', counts.sms],
    ['voice', counts.voice],
    ['data', counts.data],
  ] as const) {
    if (!c) continue;
    c.redelivered = redelivery.redelivered[kind] ?? 0;
    if (c.ignored) {
      findings.add({
        check: 'cdr.reconcile.other-runs',
        severity: 'info',
        kind,
        message: `${c.ignored} ${kind} record(s) of other runs/users ignored (not this run's numbers, or outside its time window)`,
        actual: String(c.ignored),
      });
    }
  }
}

export function reconcile(expected: ExpectedTraffic, allDelivered: CdrRecord[], opts: ReconcileOptions): ReconcileResult {
  const findings = collectFindings(opts.maxFindingsPerCheck ?? 50);
  const redelivery = absorb(allDelivered, findings);
  const scope = runScope(expected, opts.toleranceMs);
  const files = filesOf(allDelivered, redelivery.files);
  if (opts.requireSplit !== false) checkSplit(files, findings);
  const tolerances: Tolerances = { toleranceMs: opts.toleranceMs, durationToleranceS: opts.durationToleranceS ?? 1 };
  const counts = matchAll(expected, redelivery.fresh, tolerances, { findings, opts, scope, accountId: expected.accountId });
  summarise(counts, redelivery, findings);
  const all = findings.close();
  return { ok: !all.some((f) => f.severity === 'error'), ...counts, files, findings: all };
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
