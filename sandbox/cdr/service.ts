/**
 * The sandbox CDR service: turns usage events (SMS/MMS both directions, voice legs from the SBC, data sessions)
 * into CDR records and delivers them on flush, by webhook (./webhook.ts) and/or by e-mail (./email.ts).
 * Drift modes (off by default, declared in sandbox/drift/modes-cdr.ts): cdr-drop-sms, cdr-dup-voice, cdr-merged-file.
 */
import { redact, registerSecret } from '../../protocol/redact';
import { applyDrift, batchIdOf, csvFilesOf, groupBatch, spellGroups, type CsvFile } from './batch';
import { CdrMailer } from './email';
import { kindOf, loadLayout, type Layout } from './layout';
import { toCanonical } from './records';
import type { CanonicalCdr, CdrDelivery, CdrService, CdrServiceOptions, DriftFn, FlushResult, LogFn } from './types';
import { postFile, webhookFileOf, type WebhookFile } from './webhook';

const HISTORY = 10_000;

/** what a flush works on: the service's state and dependencies */
interface CdrState {
  layout: Layout;
  driftOn: DriftFn;
  log: LogFn;
  warn: LogFn;
  now: () => number;
  delivery: CdrDelivery;
  mailer: CdrMailer;
  pending: CanonicalCdr[];
  hist: CanonicalCdr[];
  seq: number;
  /** webhook files not accepted yet: resent as they were (same name, same body) on the next cycle */
  undelivered: WebhookFile[];
}

function configure(st: CdrState, d: CdrDelivery): void {
  st.delivery = { ...d };
  if (typeof d.webhookAuth === 'string') registerSecret(d.webhookAuth.replace(/^(Bearer|Basic)\s+/i, ''));
  else if (d.webhookAuth) registerSecret(d.webhookAuth.secret);
  if (d.email?.auth?.pass) registerSecret(d.email.auth.pass);
  st.mailer.close();
  st.log('cdr: delivery configured', {
    webhook: d.webhookUrl ? redact(d.webhookUrl) : undefined,
    email: d.email ? `${d.email.to} via ${d.email.smtpHost}:${d.email.smtpPort}` : undefined,
    format: d.format ?? 'json',
  });
}

async function resendUndelivered(st: CdrState, log: NonNullable<FlushResult['webhook']>['posts']): Promise<void> {
  const queue = st.undelivered;
  st.undelivered = [];
  for (const f of queue) if (!(await postFile(st.delivery.webhookUrl!, f, log, st.warn))) st.undelivered.push(f);
}

async function deliverByWebhook(st: CdrState, files: CsvFile[], batchId: string, result: FlushResult): Promise<void> {
  result.webhook ??= { posts: [] };
  for (const f of files) {
    const { post, out } = webhookFileOf(f, batchId, st.delivery, st.layout);
    if (!(await postFile(st.delivery.webhookUrl!, post, result.webhook.posts, st.warn))) st.undelivered.push(post);
    result.files.push(out);
  }
}

async function deliverByEmail(st: CdrState, files: CsvFile[], batchId: string, result: FlushResult): Promise<void> {
  result.email = await st.mailer.send(st.delivery.email!, { batchId, counts: result.counts, variant: st.driftOn('cdr-wire-variants') }, files, st.warn);
  if (!st.delivery.webhookUrl)
    for (const f of files)
      result.files.push({
        name: f.name,
        kinds: f.g.kinds,
        records: f.g.records.length,
        bytes: Buffer.byteLength(f.body),
        contentType: 'text/csv; charset=utf-8',
      });
}

async function doFlush(st: CdrState): Promise<FlushResult> {
  const batchId = batchIdOf(st.now(), ++st.seq);
  const counts: FlushResult['counts'] = { sms: 0, voice: 0, data: 0 };
  if (!st.delivery.webhookUrl && !st.delivery.email) {
    return { batchId, delivered: 0, counts, files: [], drift: [], note: `no CDR delivery configured; ${st.pending.length} record(s) kept` };
  }
  const { batch, drift } = applyDrift(st.pending, st.driftOn);
  st.pending = [];
  const groups = spellGroups(groupBatch(batch, st.driftOn('cdr-merged-file'), drift), st.driftOn);
  for (const r of batch) counts[kindOf(r.type)]++;
  const result: FlushResult = { batchId, delivered: batch.length, counts, files: [], drift };
  if (st.delivery.webhookUrl && st.undelivered.length) {
    result.webhook = { posts: [] };
    await resendUndelivered(st, result.webhook.posts);
  }
  if (!batch.length) return { ...result, note: 'nothing to deliver' };
  const files = csvFilesOf(groups, batchId, st.layout, st.driftOn('cdr-wire-variants'));
  if (st.delivery.webhookUrl) await deliverByWebhook(st, files, batchId, result);
  if (st.delivery.email) await deliverByEmail(st, files, batchId, result);
  st.hist.push(...batch);
  if (st.hist.length > HISTORY) st.hist.splice(0, st.hist.length - HISTORY);
  st.log(`cdr: batch ${batchId} delivered`, { counts, files: result.files.map((f) => f.name), drift });
  return result;
}

export function createCdrService(opts: CdrServiceOptions = {}): CdrService {
  const log: LogFn = opts.log ?? (() => undefined);
  const st: CdrState = {
    layout: loadLayout(),
    driftOn: opts.drift ?? (() => false),
    log,
    warn: opts.warn ?? log,
    now: opts.now ?? Date.now,
    delivery: {},
    mailer: new CdrMailer(),
    pending: [],
    hist: [],
    seq: 0,
    undelivered: [],
  };
  if (opts.delivery) configure(st, opts.delivery);
  let chain: Promise<unknown> = Promise.resolve();
  const flushNow = () => doFlush(st);
  return {
    record(ev) {
      try {
        st.pending.push(toCanonical(ev, opts.defaultAccountId));
      } catch (e: any) {
        st.warn('cdr: usage event ignored', { error: String(e?.message ?? e) });
      }
    },
    flush() {
      const p = chain.then(flushNow, flushNow);
      chain = p.catch(() => undefined);
      return p;
    },
    configure: (d) => configure(st, d),
    pending: () => st.pending.length,
    deliveryConfigured: () => !!(st.delivery.webhookUrl || st.delivery.email),
    pendingRecords: () => st.pending.map((r) => ({ ...r })),
    restorePending(records) {
      st.pending = [...records.filter((r) => r && typeof r.recordId === 'string' && typeof r.type === 'string'), ...st.pending];
    },
    history: () => st.hist.slice(),
    async close() {
      await chain.catch(() => undefined);
      st.mailer.close();
    },
  };
}
