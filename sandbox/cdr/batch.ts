/**
 * One CDR batch: the drift modes applied to it (sandbox/drift/modes-cdr.ts and the cross-channel CDR modes of
 * SEMANTIC_DRIFTS), then its files — SMS/MMS, voice and data each in their own file (unless cdr-merged-file).
 */
import { kindOf, renderCsv, type Layout } from './layout';
import type { CanonicalCdr, CdrRecordKind, DriftFn } from './types';

const CROSS_CHANNEL = ['cdr-voice-numbers-swapped', 'cdr-voice-direction-swapped', 'cdr-sms-to-wrong'];

/** drift cdr-end-at-session-timer: RFC 4028's common Session-Expires (1800 s) */
const SESSION_TIMER_MS = 1_800_000;

/**
 * drift cdr-unanswered-billed: mediation takes the INVITE for the answer — a leg never answered (refused, cancelled
 * while ringing) is written ANSWERED, answered at its start and billed its ringing time.
 */
function billedFromInvite(r: any): CanonicalCdr {
  const seconds = Math.max(1, Math.ceil((Date.parse(r.endTime) - Date.parse(r.startTime)) / 1000) || 1);
  return { ...r, disposition: 'ANSWERED', answerTime: r.startTime, durationSeconds: seconds };
}

/** the batch as the (drifting) mediation layer delivers it, and the drift modes that changed it */
export function applyDrift(records: CanonicalCdr[], driftOn: DriftFn): { batch: CanonicalCdr[]; drift: string[] } {
  let batch = records;
  const drift: string[] = [];
  if (driftOn('cdr-drop-sms')) {
    const i = batch.findIndex((r) => kindOf(r.type) === 'sms');
    if (i >= 0) {
      batch = batch.filter((_, j) => j !== i);
      drift.push('cdr-drop-sms');
    }
  }
  if (driftOn('cdr-mms-dropped') && batch.some((r) => r.type === 'mms')) {
    batch = batch.filter((r) => r.type !== 'mms');
    drift.push('cdr-mms-dropped');
  }
  if (driftOn('cdr-dup-voice')) {
    const v = batch.find((r) => r.type === 'voice');
    if (v) {
      batch = [...batch, { ...v }];
      drift.push('cdr-dup-voice');
    }
  }
  // the mediation layer mixes up the parties / the direction of a record (the SIP dialog and the API disagree)
  batch = batch.map((r: any) => {
    // mediation never sees the hang-up: an answered leg is closed by the 30-minute session timer and billed to it
    if (r.type === 'voice' && r.disposition === 'ANSWERED' && r.answerTime && driftOn('cdr-end-at-session-timer')) {
      const end = Date.parse(r.answerTime) + SESSION_TIMER_MS;
      return { ...r, endTime: new Date(end).toISOString(), durationSeconds: SESSION_TIMER_MS / 1000 };
    }
    if (r.type === 'voice' && !r.answerTime && driftOn('cdr-unanswered-billed')) return billedFromInvite(r);
    if (r.type === 'voice' && r.disposition === 'ANSWERED' && driftOn('cdr-answered-as-no-answer'))
      return { ...r, disposition: 'NO_ANSWER', answerTime: null, durationSeconds: 0 };
    if (r.type === 'voice' && driftOn('cdr-voice-numbers-swapped')) return { ...r, from: r.to, to: r.from };
    if (r.type === 'voice' && driftOn('cdr-voice-direction-swapped')) return { ...r, direction: r.direction === 'inbound' ? 'outbound' : 'inbound' };
    if (kindOf(r.type) === 'sms' && r.direction === 'outbound' && driftOn('cdr-sms-to-wrong')) return { ...r, to: r.from };
    // the rating step bills every message as one segment: a concatenated SMS is under-billed
    if (r.type === 'sms' && r.segments > 1 && driftOn('cdr-sms-segments-one')) return { ...r, segments: 1 };
    return r;
  });
  if (driftOn('cdr-sms-segments-one') && records.some((r: any) => r.type === 'sms' && r.segments > 1)) drift.push('cdr-sms-segments-one');
  for (const n of CROSS_CHANNEL) if (driftOn(n)) drift.push(n);
  if (driftOn('cdr-unanswered-billed') && records.some((r: any) => r.type === 'voice' && !r.answerTime)) drift.push('cdr-unanswered-billed');
  if (driftOn('cdr-end-at-session-timer')) drift.push('cdr-end-at-session-timer');
  if (driftOn('cdr-time-mountain-no-offset')) drift.push('cdr-time-mountain-no-offset');
  return { batch, drift };
}

/** the groups' records as the platform spells them in its files (the batch itself stays canonical) */
export function spellGroups(groups: CdrGroup[], driftOn: DriftFn): CdrGroup[] {
  // benign cdr-rows-newest-first: each file lists its records newest first (no record order is documented)
  const order = (rs: CanonicalCdr[]) => (driftOn('cdr-rows-newest-first') ? [...rs].reverse() : rs);
  return groups.map((g) => ({ ...g, records: order(g.records.map((r) => spelled(r, driftOn))) }));
}

const TIME_FIELDS = ['timestamp', 'startTime', 'answerTime', 'endTime'];
const MST_MS = 7 * 3600_000;

/**
 * A record's words and times as the platform spells them: benign cdr-api-spellings writes Direction and RecordType in
 * upper case (message/details "Direction": "OUTBOUND") and times without an offset, two fractional digits, in UTC
 * (GET /v1.0/numbers/order "OrderDate": "2025-12-08T00:12:08.89"); drift cdr-time-mountain-no-offset writes the times
 * without an offset in Mountain time (UTC-7), hours from the UTC the layout declares.
 */
function spelled(r: CanonicalCdr, driftOn: DriftFn): CanonicalCdr {
  const api = driftOn('cdr-api-spellings');
  const mountain = driftOn('cdr-time-mountain-no-offset');
  if (!api && !mountain) return r;
  const out: Record<string, unknown> = { ...r };
  if (api) {
    out.type = r.type.toUpperCase();
    if (typeof r.direction === 'string') out.direction = r.direction.toUpperCase();
  }
  for (const f of TIME_FIELDS) {
    const v = r[f];
    if (typeof v !== 'string' || !v) continue;
    const ms = Date.parse(v) - (mountain ? MST_MS : 0);
    out[f] = new Date(ms).toISOString().slice(0, 22);
  }
  return out as CanonicalCdr;
}

export interface CdrGroup {
  kinds: CdrRecordKind[];
  records: CanonicalCdr[];
  label: string;
}

/** the batch's files: one per record kind, or SMS and voice merged into one (cdr-merged-file, pushed onto `drift`) */
export function groupBatch(batch: CanonicalCdr[], merged: boolean, drift: string[]): CdrGroup[] {
  const groups: CdrGroup[] = [];
  const by = (k: CdrRecordKind) => batch.filter((r) => kindOf(r.type) === k);
  if (merged && by('sms').length && by('voice').length) {
    groups.push({ kinds: ['sms', 'voice'], records: batch.filter((r) => kindOf(r.type) !== 'data'), label: 'usage' });
    drift.push('cdr-merged-file');
  } else {
    for (const k of ['sms', 'voice'] as CdrRecordKind[]) if (by(k).length) groups.push({ kinds: [k], records: by(k), label: k });
  }
  if (by('data').length) groups.push({ kinds: ['data'], records: by('data'), label: 'data' });
  return groups;
}

export interface CsvFile {
  name: string;
  body: string;
  g: CdrGroup;
}

/** the batch's CSV files (`variant`: benign cdr-wire-variants, see renderCsv) */
export function csvFilesOf(groups: CdrGroup[], batchId: string, layout: Layout, variant = false): CsvFile[] {
  return groups.map((g) => ({ name: `telegent-cdr-${g.label}-${batchId}.csv`, body: renderCsv(g.records, g.kinds, layout, variant), g }));
}

export function batchIdOf(now: number, seq: number): string {
  return `${new Date(now).toISOString().replace(/[-:]/g, '').slice(0, 15)}-${String(seq).padStart(4, '0')}`;
}
