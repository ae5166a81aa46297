/**
 * CDR delivery by webhook: one POST per file (JSON batch or CSV body), the route's authorization, at-least-once —
 * a file the partner did not accept goes out again, identical, on the next cycle (Phase 2 webhook delivery).
 */
import { redact } from '../../protocol/redact';
import { renderJsonRecord, type Layout } from './layout';
import type { CsvFile } from './batch';
import type { CdrDelivery, CdrFileOut, LogFn, WebhookPostLog } from './types';

export interface WebhookFile {
  name: string;
  headers: Record<string, string>;
  body: string;
}

export function authHeader(a: CdrDelivery['webhookAuth']): string | undefined {
  if (!a) return undefined;
  if (typeof a === 'string') return a;
  if (a.type === 'Bearer') return `Bearer ${a.secret}`;
  return 'Basic ' + Buffer.from(`${a.username ?? ''}:${a.secret}`).toString('base64');
}

export async function postFile(url: string, f: WebhookFile, log: WebhookPostLog, warn: LogFn): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'POST', headers: f.headers, body: f.body, signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer().catch(() => undefined);
    log.push({ file: f.name, status: res.status });
    if (res.status >= 300) warn(`cdr: webhook answered ${res.status} for ${f.name}`);
    return res.status < 300;
  } catch (e: any) {
    log.push({ file: f.name, error: redact(String(e?.cause?.message ?? e?.message ?? e)) as string });
    warn(`cdr: webhook delivery of ${f.name} failed`, { error: redact(String(e?.message ?? e)) });
    return false;
  }
}

/** the webhook file of one group of the batch (JSON with external field names, or the CSV file) */
export function webhookFileOf(f: CsvFile, batchId: string, delivery: CdrDelivery, layout: Layout): { post: WebhookFile; out: CdrFileOut } {
  const format = delivery.format ?? 'json';
  const g = f.g;
  const name = format === 'csv' ? f.name : f.name.replace(/\.csv$/, '.json');
  const type = g.kinds.length > 1 ? 'mixed' : g.kinds[0];
  const body = format === 'csv' ? f.body : JSON.stringify({ type, batchId, file: name, records: g.records.map((r) => renderJsonRecord(r, layout)) });
  const headers: Record<string, string> = {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
    'content-disposition': `attachment; filename="${name}"`,
    'x-telegent-cdr-type': type,
    'x-telegent-cdr-batch': batchId,
  };
  const auth = authHeader(delivery.webhookAuth);
  if (auth) headers.authorization = auth;
  return {
    post: { name, headers, body },
    out: { name, kinds: g.kinds, records: g.records.length, bytes: Buffer.byteLength(body), contentType: headers['content-type'] },
  };
}
