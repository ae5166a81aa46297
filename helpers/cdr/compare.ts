/** The per-kind matchers of the reconciliation: keys and field comparisons for SMS, call legs and data sessions. */
import { normalizeE164 } from '../../protocol/e164';
import type { CdrFinding, CdrKind, CdrRecord, DataCdr, SmsCdr, VoiceCdr } from '../../protocol/cdr/types';
import type { ExpectedCallLeg, ExpectedDataSession, ExpectedSms } from './expected';
import { mismatch, type KindMatcher } from './matcher';

export type SmsRecord = Extract<CdrRecord, { kind: 'sms' }>;
export type VoiceRecord = Extract<CdrRecord, { kind: 'voice' }>;
export type DataRecord = Extract<CdrRecord, { kind: 'data' }>;

/** The tolerances the comparisons use. */
export interface Tolerances {
  /** clock difference allowed on times (ms) */
  toleranceMs: number;
  /** difference allowed on durationSeconds */
  durationToleranceS: number;
}

/** The comparison of one expected item with its record: where mismatches go and how they are labelled. */
interface Diff {
  kind: CdrKind;
  key: string;
  label: string;
  r: CdrRecord;
  d: CdrFinding[];
}

function ms(iso: string | null | undefined): number {
  return iso ? Date.parse(iso) : NaN;
}

function differs(x: Diff, field: string, exp: string, act: string): void {
  x.d.push(mismatch(x.kind, x.key, field, exp, act, x.r, x.label));
}

/** A time within the tolerance; `null` expected = must be absent (not answered); `undefined` = not checked. */
function compareTime(x: Diff, tol: number, field: string, exp: string | null | undefined, got: string | null | undefined): void {
  if (exp === undefined) return;
  if (exp === null) {
    if (got) differs(x, field, 'absent (not answered)', String(got));
    return;
  }
  const d = Math.abs(ms(exp) - ms(got));
  if (!(d <= tol)) differs(x, field, `${exp} ± ${tol} ms`, `${got ?? 'absent'}${Number.isFinite(d) ? ` (off by ${d} ms)` : ''}`);
}

function compareNumber(x: Diff, field: string, exp: string, got: unknown): void {
  if (normalizeE164(got as string) !== normalizeE164(exp)) differs(x, field, exp, String(got));
}

export function smsMatcher(t: Tolerances): KindMatcher<ExpectedSms, SmsRecord> {
  return {
    kind: 'sms',
    primaryKey: (e) => `${e.messageId}\u0001${e.direction}`,
    recordKey: (r) => `${r.fields.messageId}\u0001${r.fields.direction}`,
    looseKeyE: (e) => e.messageId,
    looseKeyR: (r) => r.fields.messageId,
    describe: (e) => `${e.direction} ${e.type ?? 'sms'} ${e.messageId} ${e.from} -> ${e.to}`,
    compare: (e, r, key) => {
      const f: SmsCdr = r.fields;
      const x: Diff = { kind: 'sms', key, label: `${e.direction} message`, r, d: [] };
      if (f.direction !== e.direction) differs(x, 'direction', e.direction, String(f.direction));
      compareNumber(x, 'from', e.from, f.from);
      compareNumber(x, 'to', e.to, f.to);
      compareTime(x, t.toleranceMs, 'timestamp', e.at, f.timestamp);
      if (e.segments !== undefined && f.segments !== e.segments) differs(x, 'segments', String(e.segments), String(f.segments));
      if (e.type !== undefined && f.type !== e.type) differs(x, 'type', e.type, String(f.type));
      return x.d;
    },
  };
}

/**
 * A leg whose SIP dialog the suite saw answered (200 OK, ACK): the CDR says ANSWERED and carries an answerTime (the
 * canonical voice record: "null or absent when the call was not answered"); a zero billable duration is a warning,
 * its rounding being ruled, not documented (R-cdr-duration: a call lasting under a second may round to 0 elsewhere).
 */
function compareAnswered(x: Diff, e: ExpectedCallLeg, f: VoiceCdr): void {
  if (!e.answered) return;
  const sip = 'the SIP dialog was answered: 200 OK, ACK';
  if (e.disposition === undefined && f.disposition !== 'ANSWERED') differs(x, 'disposition', `ANSWERED (${sip})`, String(f.disposition));
  if (e.answeredAt === undefined && !f.answerTime) differs(x, 'answerTime', `present (${sip})`, String(f.answerTime ?? 'absent'));
  if (e.durationSeconds === undefined && f.durationSeconds === 0) {
    const m = mismatch(x.kind, x.key, 'durationSeconds', `> 0 (${sip})`, '0', x.r, x.label);
    x.d.push({ ...m, check: 'cdr.reconcile.answered-zero-duration', severity: 'warning', basis: 'R-cdr-duration' });
  }
}

/**
 * A leg the platform refused (a final failure to the suite's INVITE: ≥ 300, 487 after a CANCEL) was never answered:
 * its CDR must not say ANSWERED, carry an answerTime or bill a duration — the canonical voice record's own meaning
 * (answerTime "null or absent when the call was not answered") and R-cdr-duration (0 when not answered).
 */
function compareRefused(x: Diff, e: ExpectedCallLeg, f: VoiceCdr): void {
  if (!e.refusedStatus) return;
  const sip = `the SIP dialog was refused ${e.refusedStatus}: never answered`;
  if (f.disposition === 'ANSWERED') differs(x, 'disposition', `not ANSWERED (${sip})`, String(f.disposition));
  if (f.answerTime) differs(x, 'answerTime', `absent (${sip})`, String(f.answerTime));
  if (f.durationSeconds > 0) differs(x, 'durationSeconds', `0 (${sip})`, String(f.durationSeconds));
}

export function voiceMatcher(t: Tolerances): KindMatcher<ExpectedCallLeg, VoiceRecord> {
  return {
    kind: 'voice',
    primaryKey: (e) => (e.leg ? `${e.callId}\u0001leg ${e.leg}` : `${e.callId}\u0001${e.direction}`),
    // records are indexed under both keys: by leg when the expectation names one, else by direction
    recordKey: (r) => [`${r.fields.callId}\u0001leg ${r.fields.leg}`, `${r.fields.callId}\u0001${r.fields.direction}`],
    looseKeyE: (e) => e.callId,
    looseKeyR: (r) => r.fields.callId,
    describe: (e) => `${e.direction} call ${e.callId}${e.leg ? ` leg ${e.leg}` : ''} ${e.from} -> ${e.to}`,
    compare: (e, r, key) => {
      const f: VoiceCdr = r.fields;
      const x: Diff = { kind: 'voice', key, label: 'call leg', r, d: [] };
      if (f.direction !== e.direction) differs(x, 'direction', e.direction, String(f.direction));
      if (e.leg && f.leg !== e.leg) differs(x, 'leg', e.leg, String(f.leg));
      compareNumber(x, 'from', e.from, f.from);
      compareNumber(x, 'to', e.to, f.to);
      compareTime(x, t.toleranceMs, 'startTime', e.startedAt, f.startTime);
      compareTime(x, t.toleranceMs, 'answerTime', e.answeredAt, f.answerTime);
      compareTime(x, t.toleranceMs, 'endTime', e.endedAt, f.endTime);
      compareAnswered(x, e, f);
      compareRefused(x, e, f);
      if (e.durationSeconds !== undefined && !(Math.abs(f.durationSeconds - e.durationSeconds) <= t.durationToleranceS))
        differs(x, 'durationSeconds', `${e.durationSeconds} ± ${t.durationToleranceS} s`, String(f.durationSeconds));
      if (e.disposition !== undefined && f.disposition !== e.disposition) differs(x, 'disposition', e.disposition, String(f.disposition));
      return x.d;
    },
  };
}

const sessionKey = (e: ExpectedDataSession) => e.sessionId ?? `${normalizeE164(e.number)}\u0001${e.apn ?? ''}`;

export function dataMatcher(t: Tolerances): KindMatcher<ExpectedDataSession, DataRecord> {
  return {
    kind: 'data',
    primaryKey: (e) => (e.sessionId ? `sid\u0001${e.sessionId}` : `num\u0001${sessionKey(e)}`),
    recordKey: (r) => `sid\u0001${r.fields.sessionId}`,
    looseKeyE: (e) => `num\u0001${normalizeE164(e.number)}\u0001${e.apn ?? ''}`,
    looseKeyR: (r) => `num\u0001${normalizeE164(r.fields.number)}\u0001${r.fields.apn ?? ''}`,
    describe: (e) => `data session ${e.sessionId ?? ''} ${e.number} on ${e.apn ?? '?'} from ${e.startedAt}`,
    compare: (e, r, key) => {
      const f: DataCdr = r.fields;
      const x: Diff = { kind: 'data', key, label: 'data session', r, d: [] };
      compareNumber(x, 'number', e.number, f.number);
      if (e.iccid !== undefined && f.iccid !== e.iccid) differs(x, 'iccid', e.iccid, String(f.iccid));
      if (e.apn !== undefined && f.apn !== e.apn) differs(x, 'apn', e.apn, String(f.apn));
      compareTime(x, t.toleranceMs, 'startTime', e.startedAt, f.startTime);
      compareTime(x, t.toleranceMs, 'endTime', e.endedAt, f.endTime);
      if (e.bytesUp !== undefined && f.bytesUp !== e.bytesUp) differs(x, 'bytesUp', String(e.bytesUp), String(f.bytesUp));
      if (e.bytesDown !== undefined && f.bytesDown !== e.bytesDown) differs(x, 'bytesDown', String(e.bytesDown), String(f.bytesDown));
      return x.d;
    },
  };
}
