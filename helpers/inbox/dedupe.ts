/**
 * At-least-once webhook delivery: Telegent may post the same DLR or inbound message twice. A repeat with the
 * same ID AND the same payload is a redelivery — absorbed, counted. The same ID with a DIFFERENT payload is
 * not absorbed (a status progression of a DLR, or a defect for an inbound message): both stay, and the
 * caller decides. Events without an ID are never merged.
 */
import { createHash } from 'node:crypto';
import type { InboxEvent } from './server';

export interface DedupeResult {
  /** every distinct (ID, payload) once, in arrival order */
  unique: InboxEvent[];
  /** redeliveries absorbed (same ID, same payload) — also reported as `redelivered` */
  duplicates: number;
  redelivered: number;
  /** IDs that came with more than one distinct payload */
  conflicting: string[];
}

function stable(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  return `{${Object.keys(v as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/** Digest of a webhook's payload: the parsed body (key order ignored), else the raw text. */
export function payloadDigest(e: Pick<InboxEvent, 'body' | 'raw'>): string {
  const basis = e.body !== undefined && typeof e.body === 'object' ? stable(e.body) : String(e.raw ?? e.body ?? '');
  return createHash('sha256').update(basis).digest('hex');
}

export function dedupeDeliveries(events: InboxEvent[], idOf: (e: InboxEvent) => string): DedupeResult {
  const seen = new Map<string, Set<string>>();
  const unique: InboxEvent[] = [];
  let redelivered = 0;
  for (const e of events) {
    const id = idOf(e);
    if (!id) {
      unique.push(e);
      continue;
    }
    const digests = seen.get(id) ?? new Set<string>();
    const d = payloadDigest(e);
    if (digests.has(d)) {
      redelivered++;
      continue;
    }
    digests.add(d);
    seen.set(id, digests);
    unique.push(e);
  }
  const conflicting = [...seen].filter(([, ds]) => ds.size > 1).map(([id]) => id);
  return { unique, duplicates: redelivered, redelivered, conflicting };
}
