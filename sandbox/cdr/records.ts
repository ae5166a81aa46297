/**
 * Usage events → canonical CDR records (schemas/cdr/*.schema.json fields). A voice leg of the SBC becomes a usage
 * event in exactly one place (`voiceLegToUsage`), whoever hands it over (the SBC adapter, or a test recording the
 * leg as is); every usage event becomes a record in exactly one place (`toCanonical`).
 */
import * as crypto from 'node:crypto';
import type { CanonicalCdr, SbcVoiceLeg, UsageEvent, VoiceDisposition } from './types';

const newRecordId = () => 'CDR-' + crypto.randomBytes(12).toString('hex');
const iso = (v: string | number | undefined): string | undefined => (v === undefined || v === '' ? undefined : new Date(v).toISOString());

const SBC_DISPOSITION: Record<string, VoiceDisposition> = {
  answered: 'ANSWERED',
  'no-answer': 'NO_ANSWER',
  busy: 'BUSY',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
};

/**
 * A data session always runs on a SIM; when the sandbox number has no ICCID on file, the CDR carries a
 * deterministic sandbox ICCID derived from the number: '8901990' + the number's last 12 digits (19 digits).
 */
function sandboxIccid(number: string): string {
  const digits = number.replace(/\D/g, '').padStart(12, '0').slice(-12);
  return `8901990${digits}`;
}

/** the SBC's leg record (epoch ms, lower-case disposition, legId '…a' / '…b') as a voice usage event */
export function voiceLegToUsage(l: SbcVoiceLeg): UsageEvent {
  const answered = typeof l.answer === 'number';
  const legChar = (l.legId ?? '').slice(-1).toUpperCase();
  return {
    type: 'voice',
    direction: l.direction,
    from: l.from,
    to: l.to,
    callId: l.sipCallId ?? l.callId,
    leg: l.leg ?? (legChar === 'B' ? 'B' : 'A'),
    startedAt: iso(l.start)!,
    answeredAt: answered ? iso(l.answer) : undefined,
    endedAt: iso(l.end),
    durationMs: l.durationMs,
    disposition: SBC_DISPOSITION[l.disposition] ?? (answered ? 'ANSWERED' : 'FAILED'),
    accountId: l.accountId,
    numberId: l.numberId || undefined,
  };
}

const isSbcLeg = (ev: UsageEvent | SbcVoiceLeg): ev is SbcVoiceLeg => ev.type === 'voice' && typeof (ev as SbcVoiceLeg).start === 'number';

type Direction = 'inbound' | 'outbound';

function messageRecord(e: UsageEvent, direction: Direction, accountId: string): CanonicalCdr {
  return {
    recordId: newRecordId(),
    type: e.type,
    messageId: e.messageId ?? 'TMID-' + crypto.randomBytes(8).toString('hex'),
    direction,
    from: e.from,
    to: e.to,
    timestamp: iso(e.startedAt),
    segments: e.type === 'mms' ? 1 : Math.max(1, e.segments ?? 1),
    accountId,
  };
}

function voiceRecord(e: UsageEvent, direction: Direction, accountId: string): CanonicalCdr {
  const start = Date.parse(e.startedAt);
  const answer = e.answeredAt ? Date.parse(e.answeredAt) : undefined;
  const end = e.endedAt ? Date.parse(e.endedAt) : start + (e.durationMs ?? 0);
  return {
    recordId: newRecordId(),
    type: 'voice',
    callId: e.callId,
    leg: e.leg ?? 'A',
    direction,
    from: e.from,
    to: e.to,
    startTime: iso(start),
    answerTime: answer !== undefined ? iso(answer) : null,
    endTime: iso(end),
    durationSeconds: answer !== undefined ? Math.ceil((end - answer) / 1000) : 0,
    disposition: e.disposition ?? (answer !== undefined ? 'ANSWERED' : 'NO_ANSWER'),
    accountId,
  };
}

function dataRecord(e: UsageEvent, accountId: string): CanonicalCdr {
  const start = Date.parse(e.startedAt);
  const end = e.endedAt ? Date.parse(e.endedAt) : start + (e.durationMs ?? 0);
  const split = e.bytesUp === undefined && e.bytesDown === undefined;
  return {
    recordId: newRecordId(),
    type: 'data',
    sessionId: e.sessionId ?? 'DS-' + crypto.randomBytes(8).toString('hex'),
    number: e.number ?? e.from,
    iccid: e.iccid || sandboxIccid(e.number ?? e.from ?? ''),
    apn: e.apn,
    bytesUp: split ? 0 : (e.bytesUp ?? 0),
    bytesDown: split ? (e.bytes ?? 0) : (e.bytesDown ?? 0),
    startTime: iso(start),
    endTime: iso(end),
    accountId,
  };
}

/** Convert one event to the canonical CDR record (exported for the sandbox's tests). */
export function toCanonical(ev: UsageEvent | SbcVoiceLeg, defaultAccountId = 'unknown'): CanonicalCdr {
  const usage = isSbcLeg(ev) ? voiceLegToUsage(ev) : ev;
  const e = { ...usage, type: String(usage.type).toLowerCase() } as UsageEvent;
  const direction: Direction = e.direction === 'mo' ? 'outbound' : e.direction === 'mt' ? 'inbound' : (e.direction ?? 'outbound');
  const accountId = e.accountId || defaultAccountId;
  if (e.type === 'sms' || e.type === 'mms') return messageRecord(e, direction, accountId);
  if (e.type === 'voice') return voiceRecord(e, direction, accountId);
  return dataRecord(e, accountId);
}
