/**
 * At-least-once delivery is not a defect. Telegent retries a CDR webhook (or resends a mail) it believes
 * failed, so the same file can arrive twice. Such a redelivery — the same file (same name, or the same
 * content digest) delivered again — is absorbed: its records are counted as "redelivered", not duplicates.
 *
 * What stays a duplicate (error): the same record twice inside one delivered file, or the same record in two
 * DIFFERENT files (different name and different content).
 */
import type { CdrKind, CdrRecord } from '../../protocol/cdr/types';

export interface Redelivery {
  /** records to reconcile: every record once (first delivery wins) */
  fresh: CdrRecord[];
  /** records absorbed as redelivered copies, per kind */
  redelivered: Partial<Record<CdrKind, number>>;
  /** redelivered file → the file it repeats */
  files: Array<{ file: string; of: string }>;
}

function stable(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  return `{${Object.keys(v as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/**
 * Files are "the same file" when they share a name or a content digest (union of both). Within the same
 * file, a record at the same line with the same fields seen in another delivery (or, without a delivery
 * position, seen before at all) is a redelivered copy.
 */
export function absorbRedeliveries(delivered: CdrRecord[]): Redelivery {
  const groupOf = new Map<string, string>(); // 'name:…' / 'digest:…' → group id (first file name)
  const group = (r: CdrRecord): string => {
    const keys = [`name:${r.source.file}`, ...(r.source.digest ? [`digest:${r.source.digest}`] : [])];
    const g = keys.map((k) => groupOf.get(k)).find(Boolean) ?? r.source.redeliveryOf ?? r.source.file;
    for (const k of keys) if (!groupOf.has(k)) groupOf.set(k, g);
    return g;
  };
  const firstDelivery = new Map<string, number | undefined>(); // record signature → delivery that first carried it
  const out: Redelivery = { fresh: [], redelivered: {}, files: [] };
  const seenFiles = new Set<string>();
  for (const r of delivered) {
    const g = group(r);
    const sig = `${g}\u0001${r.kind}\u0001${r.source.line ?? ''}\u0001${stable(r.fields)}`;
    const isCopy = firstDelivery.has(sig) && (r.source.delivery === undefined || firstDelivery.get(sig) !== r.source.delivery);
    if (!isCopy) {
      if (!firstDelivery.has(sig)) firstDelivery.set(sig, r.source.delivery);
      out.fresh.push(r);
      continue;
    }
    out.redelivered[r.kind] = (out.redelivered[r.kind] ?? 0) + 1;
    const fk = `${r.source.file}\u0001${r.source.delivery ?? ''}`;
    if (!seenFiles.has(fk)) {
      seenFiles.add(fk);
      out.files.push({ file: r.source.file, of: r.source.redeliveryOf ?? g });
    }
  }
  return out;
}
