/**
 * Per-test evidence for the sign-off report: redacted HTTP excerpts, schema findings, port statuses,
 * message latency, SIP exchanges, CDR reconciliation. Attached to the test result as `evidence`.
 */
import { redact } from '../protocol/redact';
import type { Finding } from '../protocol/contract';

/** One API call as evidence (request and response excerpted, redacted). */
export interface HttpExchange {
  op: string;
  method: string;
  url: string;
  status: number;
  durationMs: number;
  attempts: number;
  request?: unknown;
  response?: unknown;
  findings?: Finding[];
}

export type EvidenceEntry =
  | ({ kind: 'http' } & HttpExchange)
  | { kind: 'finding'; finding: Finding }
  | { kind: 'port-status'; orderId: string; status: string; at: string; message?: string }
  | { kind: 'latency'; what: string; samplesMs: number[]; p95Ms: number }
  | { kind: 'sip'; what: string; exchange: unknown[]; metrics?: Record<string, number> }
  | { kind: 'cdr'; reconciliation: unknown }
  | { kind: 'note'; text: string; ruling?: string }
  | { kind: 'webhook'; what: string; method: string; path: string; receivedAt: string; headers: Record<string, string>; body: unknown };

/** Headers worth keeping as evidence of a webhook received (the auth scheme stays visible, its credential never). */
const WEBHOOK_HEADERS = ['authorization', 'content-type', 'user-agent', 'x-telegent-signature', 'x-request-id'];

function webhookHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of WEBHOOK_HEADERS) {
    const v = h[k];
    if (v === undefined) continue;
    out[k] = k === 'authorization' ? `${String(v).split(/\s+/)[0]} [redacted]` : String(v);
  }
  return out;
}

const EXCERPT = 2000;

function excerpt(v: unknown): unknown {
  const s = JSON.stringify(v);
  if (s === undefined || s.length <= EXCERPT) return v;
  return `${s.slice(0, EXCERPT)}… (${s.length} chars)`;
}

export class Evidence {
  readonly entries: EvidenceEntry[] = [];

  http(rec: HttpExchange): void {
    this.entries.push(redact({ kind: 'http', ...rec, request: excerpt(rec.request), response: excerpt(rec.response) }) as EvidenceEntry);
  }
  finding(f: Finding): void {
    this.entries.push({ kind: 'finding', finding: redact(f) as Finding });
  }
  portStatus(orderId: string, status: string, message?: string): void {
    this.entries.push({ kind: 'port-status', orderId, status, at: new Date().toISOString(), message });
  }
  latency(what: string, samplesMs: number[]): void {
    const sorted = [...samplesMs].sort((a, b) => a - b);
    const p95Ms = sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] : 0;
    this.entries.push({ kind: 'latency', what, samplesMs, p95Ms });
  }
  sip(what: string, exchange: unknown[], metrics?: Record<string, number>): void {
    this.entries.push(redact({ kind: 'sip', what, exchange, metrics }) as EvidenceEntry);
  }
  cdr(reconciliation: unknown): void {
    this.entries.push(redact({ kind: 'cdr', reconciliation }) as EvidenceEntry);
  }
  /** A webhook the suite received (delivery report, inbound message…): payload and headers, credentials redacted. */
  webhook(what: string, e: { method: string; path: string; receivedAt: string; headers: Record<string, string>; body: unknown }): void {
    const rec = {
      kind: 'webhook' as const,
      what,
      method: e.method,
      path: e.path,
      receivedAt: e.receivedAt,
      headers: webhookHeaders(e.headers),
      body: excerpt(e.body),
    };
    this.entries.push(redact(rec) as EvidenceEntry);
  }
  note(text: string, ruling?: string): void {
    this.entries.push({ kind: 'note', text: redact(text) as string, ruling });
  }
}
