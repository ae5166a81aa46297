/**
 * Sandbox CDR service: turns usage events (SMS/MMS both directions, voice legs from the SBC, data sessions)
 * into CDR records and delivers them on flush, by webhook (JSON batch or CSV body, one POST per record type)
 * and/or by e-mail (SMTP via nodemailer, one CSV attachment per record type: voice and SMS never share a file).
 *
 * Layout: provisional, from schemas/cdr/mapping.json (external column names) and schemas/cdr/*.schema.json
 * (canonical fields) — ruling R-cdr-layout; the vendor does not publish the layout.
 *
 * Drift modes (off by default, declared in sandbox/drift/modes-cdr.ts): cdr-drop-sms, cdr-dup-voice, cdr-merged-file.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import nodemailer from 'nodemailer';
import { stringify } from 'csv-stringify/sync';
import { redact, registerSecret } from '../../helpers/redact';

// ------------------------------------------------------------------------------------------------ types

export type CdrRecordKind = 'sms' | 'voice' | 'data';

export interface CdrEmailDelivery {
  smtpHost: string;
  smtpPort: number;
  /** recipient (the partner's CDR mailbox) */
  to: string;
  /** sender; default 'cdr@sandbox.telegent.invalid' */
  from?: string;
  /** implicit TLS (port 465 style); default false */
  secure?: boolean;
  /** SMTP AUTH; the password is registered as a secret and never logged */
  auth?: { user: string; pass: string };
}

export interface CdrDelivery {
  webhookUrl?: string;
  /** 'Bearer xyz' / 'Basic …' header value, or a structured form */
  webhookAuth?: string | { type: 'Basic' | 'Bearer'; username?: string; secret: string };
  email?: CdrEmailDelivery;
  /** webhook body format; e-mail attachments are always CSV. Default 'json'. */
  format?: 'json' | 'csv';
}

/**
 * One usage event. The sandbox core calls record() for every SMS/MMS (sent and received) and data session;
 * the SBC's voice legs are accepted either in this shape or as the SBC's own VoiceCdrLeg
 * ({ type: 'voice', sipCallId, legId, start, answer?, end, durationMs, disposition: 'answered'|… }).
 */
export interface UsageEvent {
  type: 'sms' | 'mms' | 'voice' | 'data';
  /** 'outbound' = sent/placed by the partner; 'inbound' = received by the partner. 'mo' is read as outbound, 'mt' as inbound. */
  direction?: 'inbound' | 'outbound' | 'mo' | 'mt';
  from?: string;
  to?: string;
  /** SMS/MMS: the TMID-… message id the API returned / the inbound webhook carried */
  messageId?: string;
  /** voice: the SIP Call-ID of the leg as the partner side sees it */
  callId?: string;
  /** voice: 'A' (caller side) or 'B' (callee side) */
  leg?: 'A' | 'B';
  /** data: session (charging) id; generated when absent */
  sessionId?: string;
  /** ISO 8601: message time / INVITE time / session start */
  startedAt: string;
  /** voice: ISO answer time (absent = not answered) */
  answeredAt?: string;
  /** voice/data: ISO end time; else startedAt + durationMs */
  endedAt?: string;
  durationMs?: number;
  /** voice: outcome; default ANSWERED when answeredAt is set, else NO_ANSWER */
  disposition?: 'ANSWERED' | 'NO_ANSWER' | 'BUSY' | 'FAILED' | 'CANCELLED';
  segments?: number;
  bytesUp?: number;
  bytesDown?: number;
  /** compat (sandbox/ports.ts): total octets, booked as downlink when bytesUp/bytesDown are absent */
  bytes?: number;
  apn?: string;
  iccid?: string;
  /** data: MSISDN; default `from` */
  number?: string;
  accountId?: string;
  numberId?: string;
}

/** The SBC's leg record (sandbox/sip VoiceCdrLeg), accepted as is. */
export interface SbcVoiceLeg {
  type: 'voice';
  callId: string;
  sipCallId?: string;
  legId?: string;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  accountId?: string;
  start: number;
  answer?: number;
  end: number;
  durationMs?: number;
  disposition: 'answered' | 'no-answer' | 'busy' | 'failed' | 'cancelled' | string;
}

export interface CanonicalCdr {
  recordId: string;
  type: 'sms' | 'mms' | 'voice' | 'data';
  [field: string]: unknown;
}

export interface CdrFileOut {
  name: string;
  kinds: CdrRecordKind[];
  records: number;
  bytes: number;
  contentType: string;
}

export interface FlushResult {
  batchId: string;
  /** records delivered in this flush (after drift) */
  delivered: number;
  counts: Record<CdrRecordKind, number>;
  files: CdrFileOut[];
  webhook?: { posts: Array<{ file: string; status?: number; error?: string }> };
  email?: { to: string; messageId?: string; attachments: string[]; error?: string };
  /** drift modes that changed this batch */
  drift: string[];
  /** nothing configured: records were kept */
  note?: string;
}

type DriftFn = (name: string) => boolean;
type LogFn = (msg: string, extra?: Record<string, unknown>) => void;

export interface CdrServiceOptions {
  delivery?: CdrDelivery;
  /** a function or the sandbox DriftRegistry ({ isDrift(name) }) */
  drift?: DriftFn | { isDrift(name: string): boolean };
  /** a function or the sandbox logger ({ info, warn }) */
  log?: LogFn | { info: LogFn; warn: LogFn };
  /** sandbox clock (epoch ms); default Date.now */
  now?: () => number;
  /** used when an event carries no accountId */
  defaultAccountId?: string;
  /** compat with sandbox/ports.ts CdrContext; unused */
  accountSettings?(accountId: string): Record<string, unknown> | undefined;
}

export interface CdrService {
  record(ev: UsageEvent | SbcVoiceLeg): void;
  flush(): Promise<FlushResult>;
  configure(delivery: CdrDelivery): void;
  /** records waiting for the next flush */
  pending(): number;
  /** a webhook or e-mail delivery is configured (else flushes keep the records) */
  deliveryConfigured(): boolean;
  /** the records waiting for the next delivery (a copy), for the sandbox's state file */
  pendingRecords(): CanonicalCdr[];
  /** put saved waiting records back (a restarted sandbox delivers them on its next cycle) */
  restorePending(records: CanonicalCdr[]): void;
  /** the last delivered records (up to 10,000), for sandbox diagnostics */
  history(): CanonicalCdr[];
  close(): Promise<void>;
}

// ------------------------------------------------------------------------------------------------ layout

interface Layout {
  columns: Record<CdrRecordKind, Array<[string, string]>>; // [external, canonical]
}

function loadLayout(): Layout {
  const file = path.resolve(__dirname, '..', '..', 'schemas', 'cdr', 'mapping.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  const columns = {} as Layout['columns'];
  for (const k of ['sms', 'voice', 'data'] as CdrRecordKind[]) columns[k] = Object.entries<string>(m.kinds[k].columns);
  return { columns };
}

const kindOf = (t: CanonicalCdr['type']): CdrRecordKind => (t === 'mms' ? 'sms' : (t as CdrRecordKind));
const newRecordId = () => 'CDR-' + crypto.randomBytes(12).toString('hex');
const iso = (v: string | number | undefined): string | undefined => (v === undefined || v === '' ? undefined : new Date(v).toISOString());

const SBC_DISPOSITION: Record<string, 'ANSWERED' | 'NO_ANSWER' | 'BUSY' | 'FAILED' | 'CANCELLED'> = {
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
export function sandboxIccid(number: string): string {
  const digits = number.replace(/\D/g, '').padStart(12, '0').slice(-12);
  return `8901990${digits}`;
}

/** Convert one event to the canonical CDR record (exported for the sandbox's tests). */
export function toCanonical(ev: UsageEvent | SbcVoiceLeg, defaultAccountId = 'unknown'): CanonicalCdr {
  const anyEv = ev as any;
  if (ev.type === 'voice' && typeof anyEv.start === 'number') {
    const l = ev as SbcVoiceLeg;
    const legChar = (l.legId ?? '').slice(-1).toUpperCase();
    const answered = typeof l.answer === 'number';
    return {
      recordId: newRecordId(),
      type: 'voice',
      callId: l.sipCallId ?? l.callId,
      leg: legChar === 'B' ? 'B' : 'A',
      direction: l.direction,
      from: l.from,
      to: l.to,
      startTime: iso(l.start),
      answerTime: answered ? iso(l.answer) : null,
      endTime: iso(l.end),
      durationSeconds: answered ? Math.ceil((l.end - l.answer!) / 1000) : 0,
      disposition: SBC_DISPOSITION[l.disposition] ?? (answered ? 'ANSWERED' : 'FAILED'),
      accountId: l.accountId || defaultAccountId,
    };
  }
  const e = { ...(ev as UsageEvent), type: String(ev.type).toLowerCase() } as UsageEvent;
  const direction = e.direction === 'mo' ? 'outbound' : e.direction === 'mt' ? 'inbound' : e.direction ?? 'outbound';
  const start = Date.parse(e.startedAt);
  const accountId = e.accountId || defaultAccountId;
  if (e.type === 'sms' || e.type === 'mms') {
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
  if (e.type === 'voice') {
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
  const end = e.endedAt ? Date.parse(e.endedAt) : start + (e.durationMs ?? 0);
  const split = e.bytesUp === undefined && e.bytesDown === undefined;
  return {
    recordId: newRecordId(),
    type: 'data',
    sessionId: e.sessionId ?? 'DS-' + crypto.randomBytes(8).toString('hex'),
    number: e.number ?? e.from,
    iccid: e.iccid || sandboxIccid(e.number ?? e.from ?? ''),
    apn: e.apn,
    bytesUp: split ? 0 : e.bytesUp ?? 0,
    bytesDown: split ? e.bytes ?? 0 : e.bytesDown ?? 0,
    startTime: iso(start),
    endTime: iso(end),
    accountId,
  };
}

/** Render records as CSV with the mapping's external column names (union of columns for a merged file). */
export function renderCsv(records: CanonicalCdr[], kinds: CdrRecordKind[], layout = loadLayout()): string {
  const cols: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const k of kinds) for (const c of layout.columns[k]) if (!seen.has(c[0])) (seen.add(c[0]), cols.push(c));
  const rows = records.map((r) => cols.map(([, canon]) => (r[canon] === null || r[canon] === undefined ? '' : String(r[canon]))));
  return stringify([cols.map(([ext]) => ext), ...rows], { record_delimiter: '\n' });
}

/** JSON batch records use the same external names as the CSV columns. */
export function renderJsonRecord(r: CanonicalCdr, layout = loadLayout()): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [ext, canon] of layout.columns[kindOf(r.type)]) if (r[canon] !== undefined) out[ext] = r[canon];
  return out;
}

// ------------------------------------------------------------------------------------------------ service

export function createCdrService(opts: CdrServiceOptions = {}): CdrService {
  const layout = loadLayout();
  const driftOn: DriftFn =
    typeof opts.drift === 'function' ? opts.drift : opts.drift && typeof opts.drift.isDrift === 'function' ? (n) => (opts.drift as any).isDrift(n) : () => false;
  const logFn: LogFn =
    typeof opts.log === 'function' ? opts.log : opts.log ? (m, x) => (opts.log as any).info(m, x) : () => undefined;
  const warnFn: LogFn = typeof opts.log === 'object' && opts.log ? (m, x) => (opts.log as any).warn(m, x) : logFn;
  const now = opts.now ?? Date.now;
  let delivery: CdrDelivery = {};
  let transporter: ReturnType<typeof nodemailer.createTransport> | undefined;
  let pending: CanonicalCdr[] = [];
  const hist: CanonicalCdr[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  let seq = 0;

  const configure = (d: CdrDelivery) => {
    delivery = { ...d };
    if (typeof d.webhookAuth === 'string') registerSecret(d.webhookAuth.replace(/^(Bearer|Basic)\s+/i, ''));
    else if (d.webhookAuth) registerSecret(d.webhookAuth.secret);
    if (d.email?.auth?.pass) registerSecret(d.email.auth.pass);
    if (transporter) transporter.close();
    transporter = undefined;
    logFn('cdr: delivery configured', {
      webhook: d.webhookUrl ? redact(d.webhookUrl) : undefined,
      email: d.email ? `${d.email.to} via ${d.email.smtpHost}:${d.email.smtpPort}` : undefined,
      format: d.format ?? 'json',
    });
  };
  if (opts.delivery) configure(opts.delivery);

  const authHeader = (): string | undefined => {
    const a = delivery.webhookAuth;
    if (!a) return undefined;
    if (typeof a === 'string') return a;
    if (a.type === 'Bearer') return `Bearer ${a.secret}`;
    return 'Basic ' + Buffer.from(`${a.username ?? ''}:${a.secret}`).toString('base64');
  };

  /** Webhook files not accepted yet: resent as they were (same name, same body) on the next cycle. */
  let undelivered: { name: string; headers: Record<string, string>; body: string }[] = [];

  async function postFile(f: { name: string; headers: Record<string, string>; body: string }, log: NonNullable<FlushResult['webhook']>['posts']): Promise<boolean> {
    try {
      const res = await fetch(delivery.webhookUrl!, { method: 'POST', headers: f.headers, body: f.body, signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer().catch(() => undefined);
      log.push({ file: f.name, status: res.status });
      if (res.status >= 300) warnFn(`cdr: webhook answered ${res.status} for ${f.name}`);
      return res.status < 300;
    } catch (e: any) {
      log.push({ file: f.name, error: redact(String(e?.cause?.message ?? e?.message ?? e)) as string });
      warnFn(`cdr: webhook delivery of ${f.name} failed`, { error: redact(String(e?.message ?? e)) });
      return false;
    }
  }

  async function resendUndelivered(log: NonNullable<FlushResult['webhook']>['posts']): Promise<void> {
    const queue = undelivered;
    undelivered = [];
    for (const f of queue) if (!(await postFile(f, log))) undelivered.push(f);
  }

  async function doFlush(): Promise<FlushResult> {
    const batchId = `${new Date(now()).toISOString().replace(/[-:]/g, '').slice(0, 15)}-${String(++seq).padStart(4, '0')}`;
    const counts: FlushResult['counts'] = { sms: 0, voice: 0, data: 0 };
    if (!delivery.webhookUrl && !delivery.email) {
      return { batchId, delivered: 0, counts, files: [], drift: [], note: `no CDR delivery configured; ${pending.length} record(s) kept` };
    }
    let batch = pending;
    pending = [];
    const drift: string[] = [];
    // ---- drift
    if (driftOn('cdr-drop-sms')) {
      const i = batch.findIndex((r) => kindOf(r.type) === 'sms');
      if (i >= 0) {
        batch = batch.filter((_, j) => j !== i);
        drift.push('cdr-drop-sms');
      }
    }
    if (driftOn('cdr-dup-voice')) {
      const v = batch.find((r) => r.type === 'voice');
      if (v) {
        batch = [...batch, { ...v }];
        drift.push('cdr-dup-voice');
      }
    }
    // drift: the mediation layer mixes up the parties / the direction of a record (the SIP dialog and the API disagree)
    batch = batch.map((r: any) => {
      if (r.type === 'voice' && driftOn('cdr-voice-numbers-swapped')) return { ...r, from: r.to, to: r.from };
      if (r.type === 'voice' && driftOn('cdr-voice-direction-swapped')) return { ...r, direction: r.direction === 'inbound' ? 'outbound' : 'inbound' };
      if (kindOf(r.type) === 'sms' && r.direction === 'outbound' && driftOn('cdr-sms-to-wrong')) return { ...r, to: r.from };
      return r;
    });
    for (const n of ['cdr-voice-numbers-swapped', 'cdr-voice-direction-swapped', 'cdr-sms-to-wrong']) if (driftOn(n)) drift.push(n);
    const merged = driftOn('cdr-merged-file');
    // ---- files
    const groups: Array<{ kinds: CdrRecordKind[]; records: CanonicalCdr[]; label: string }> = [];
    const by = (k: CdrRecordKind) => batch.filter((r) => kindOf(r.type) === k);
    if (merged && by('sms').length && by('voice').length) {
      groups.push({ kinds: ['sms', 'voice'], records: batch.filter((r) => kindOf(r.type) !== 'data'), label: 'usage' });
      drift.push('cdr-merged-file');
    } else {
      for (const k of ['sms', 'voice'] as CdrRecordKind[]) if (by(k).length) groups.push({ kinds: [k], records: by(k), label: k });
    }
    if (by('data').length) groups.push({ kinds: ['data'], records: by('data'), label: 'data' });
    for (const r of batch) counts[kindOf(r.type)]++;
    const result: FlushResult = { batchId, delivered: batch.length, counts, files: [], drift };
    if (delivery.webhookUrl && undelivered.length) {
      result.webhook = { posts: [] };
      await resendUndelivered(result.webhook.posts);
    }
    if (!batch.length) return { ...result, note: 'nothing to deliver' };

    const csvFiles = groups.map((g) => {
      const body = renderCsv(g.records, g.kinds, layout);
      return { name: `telegent-cdr-${g.label}-${batchId}.csv`, body, g };
    });

    // ---- webhook
    if (delivery.webhookUrl) {
      result.webhook ??= { posts: [] };
      const format = delivery.format ?? 'json';
      for (let i = 0; i < groups.length; i++) {
        const g = groups[i];
        const name = format === 'csv' ? csvFiles[i].name : csvFiles[i].name.replace(/\.csv$/, '.json');
        const type = g.kinds.length > 1 ? 'mixed' : g.kinds[0];
        const body = format === 'csv' ? csvFiles[i].body : JSON.stringify({ type, batchId, file: name, records: g.records.map((r) => renderJsonRecord(r, layout)) });
        const headers: Record<string, string> = {
          'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
          'content-disposition': `attachment; filename="${name}"`,
          'x-telegent-cdr-type': type,
          'x-telegent-cdr-batch': batchId,
        };
        const auth = authHeader();
        if (auth) headers.authorization = auth;
        // at-least-once (Phase 2 webhook delivery): a file the partner did not accept goes out again, identical, next cycle
        const post = { name, headers, body };
        if (!(await postFile(post, result.webhook.posts))) undelivered.push(post);
        result.files.push({ name, kinds: g.kinds, records: g.records.length, bytes: Buffer.byteLength(body), contentType: headers['content-type'] });
      }
    }

    // ---- e-mail
    if (delivery.email) {
      const em = delivery.email;
      const attachments = csvFiles.map((f) => ({ filename: f.name, content: f.body, contentType: 'text/csv; charset=utf-8' }));
      result.email = { to: em.to, attachments: attachments.map((a) => a.filename) };
      try {
        transporter ??= nodemailer.createTransport({
          host: em.smtpHost,
          port: em.smtpPort,
          secure: em.secure ?? false,
          auth: em.auth ? { user: em.auth.user, pass: em.auth.pass } : undefined,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
          logger: false,
        } as any);
        const info = await transporter.sendMail({
          from: em.from ?? 'Telegent CDR <cdr@sandbox.telegent.invalid>',
          to: em.to,
          subject: `Telegent CDR batch ${batchId}`,
          text:
            `Telegent CDR batch ${batchId}\n` +
            `SMS/MMS records: ${counts.sms}\nVoice records: ${counts.voice}\nData records: ${counts.data}\n` +
            `Files: ${attachments.map((a) => a.filename).join(', ')}\n`,
          headers: { 'X-Telegent-Cdr-Batch': batchId },
          attachments,
        });
        result.email.messageId = info.messageId;
      } catch (e: any) {
        result.email.error = redact(String(e?.message ?? e)) as string;
        warnFn('cdr: e-mail delivery failed', { error: result.email.error });
      }
      if (!delivery.webhookUrl)
        for (const f of csvFiles) result.files.push({ name: f.name, kinds: f.g.kinds, records: f.g.records.length, bytes: Buffer.byteLength(f.body), contentType: 'text/csv; charset=utf-8' });
    }
    hist.push(...batch);
    if (hist.length > 10_000) hist.splice(0, hist.length - 10_000);
    logFn(`cdr: batch ${batchId} delivered`, { counts, files: result.files.map((f) => f.name), drift });
    return result;
  }

  return {
    record(ev) {
      try {
        pending.push(toCanonical(ev, opts.defaultAccountId));
      } catch (e: any) {
        warnFn('cdr: usage event ignored', { error: String(e?.message ?? e) });
      }
    },
    flush() {
      const p = chain.then(doFlush, doFlush);
      chain = p.catch(() => undefined);
      return p;
    },
    configure,
    pending: () => pending.length,
    deliveryConfigured: () => !!(delivery.webhookUrl || delivery.email),
    pendingRecords: () => pending.map((r) => ({ ...r })),
    restorePending(records) {
      pending = [...records.filter((r) => r && typeof r.recordId === 'string' && typeof r.type === 'string'), ...pending];
    },
    history: () => hist.slice(),
    async close() {
      await chain.catch(() => undefined);
      transporter?.close();
      transporter = undefined;
    },
  };
}
