/**
 * CDR toolkit for the suite (checklist item 18): SMTP receiver, streaming parser driven by
 * schemas/cdr/mapping.json, schema validation, reconciliation against the run's traffic.
 */
export * from './types';
export { parseCdrStream, parseCdrBatches, parseCdr, parseCdrFiles, type CdrFile, type CdrInput, type CdrStreamItem } from './parse';
export { reconcile, formatReconcile, normalizeE164, type ExpectedTraffic, type ExpectedSms, type ExpectedCallLeg, type ExpectedDataSession, type ReconcileCounts, type ReconcileOptions, type ReconcileResult } from './reconcile';
export { absorbRedeliveries, type Redelivery } from './redelivery';
export { runScope, belongsToRun, type RunScope } from './scope';
export { startSmtpReceiver, mailToCdrFiles, type ReceivedMail, type ReceivedAttachment, type SmtpReceiver, type SmtpReceiverOptions } from './smtp-receiver';
export { loadCdrMapping, validateCdrRecord, makeDateParser, type CdrMapping, type LoadedMapping } from './mapping';
import type { CdrFile } from './parse';

/**
 * A webhook delivery (as stored by the inbox or seen by any HTTP handler) as parser input.
 * `body` may be the raw text, a Buffer, or an already-parsed JSON object.
 */
export function webhookToCdrFile(ev: { headers?: Record<string, string | string[] | undefined>; contentType?: string; body?: unknown; raw?: string }, index = 0): CdrFile {
  const h = (n: string) => {
    const v = ev.headers?.[n] ?? ev.headers?.[n.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const contentType = ev.contentType ?? h('content-type') ?? '';
  const disp = h('content-disposition') ?? '';
  const m = /filename="?([^";]+)"?/i.exec(disp);
  const isJson = /json/i.test(contentType);
  const name = m?.[1] ?? `webhook-${index + 1}.${isJson ? 'json' : 'csv'}`;
  let content: Buffer | string;
  if (Buffer.isBuffer(ev.body)) content = ev.body;
  else if (typeof ev.body === 'string') content = ev.body;
  else if (ev.raw) content = ev.raw;
  else content = JSON.stringify(ev.body ?? '');
  return { name, content, contentType, via: 'webhook' };
}
