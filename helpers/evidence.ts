/**
 * Per-test evidence for the sign-off report: redacted HTTP excerpts, schema findings, port statuses,
 * message latency, SIP exchanges, CDR reconciliation. Attached to the test result as `evidence`.
 */
import { redact } from './redact';
import type { Finding } from './contract';

export type EvidenceEntry =
  | { kind: 'http'; op: string; method: string; url: string; status: number; durationMs: number; attempts: number; request?: unknown; response?: unknown; findings?: Finding[] }
  | { kind: 'finding'; finding: Finding }
  | { kind: 'port-status'; orderId: string; status: string; at: string; message?: string }
  | { kind: 'latency'; what: string; samplesMs: number[]; p95Ms: number }
  | { kind: 'sip'; what: string; exchange: unknown[]; metrics?: Record<string, number> }
  | { kind: 'cdr'; reconciliation: unknown }
  | { kind: 'note'; text: string; ruling?: string };

const EXCERPT = 2000;

function excerpt(v: unknown): unknown {
  const s = JSON.stringify(v);
  if (s === undefined || s.length <= EXCERPT) return v;
  return `${s.slice(0, EXCERPT)}… (${s.length} chars)`;
}

export class Evidence {
  readonly entries: EvidenceEntry[] = [];

  http(rec: { op: string; method: string; url: string; status: number; durationMs: number; attempts: number; request?: unknown; response?: unknown; findings?: Finding[] }): void {
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
  note(text: string, ruling?: string): void {
    this.entries.push({ kind: 'note', text: redact(text) as string, ruling });
  }
}
