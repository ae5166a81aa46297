/**
 * A list read again until it names what the run just wrote (ruling R-read-after-write): a distributed platform may
 * list a new resource a moment after the write answered. Read within the client's read settle window (backoff from
 * 250 ms); listed only after the first read is a warning (readback.list-lag), never listed fails in the caller's words.
 */
import { expect } from '@playwright/test';
import type { ApiClient } from './client';
import { DEFAULT_READ_SETTLE_MS, repeatWithin } from './client/settle';
import { warnUnless } from './runtime/checks';
import { semantics } from '../protocol/contract';

export interface Listed<T> {
  /** the last list read */
  list: T[];
  /** the entry `has` picked, when listed */
  found?: T;
  reads: number;
  ms: number;
}

export async function readUntilListed<T>(api: ApiClient, read: () => Promise<T[]>, has: (x: T) => boolean): Promise<Listed<T>> {
  // the read settle's own loop (helpers/client/settle.ts): waits from 250 ms, doubling, the last read at the window's end
  const r = await repeatWithin(read, (list) => list.some(has), { windowMs: api.settle?.readMs ?? DEFAULT_READ_SETTLE_MS, firstMs: 250 });
  return { list: r.value, found: r.value.find(has), reads: r.looks, ms: r.ms };
}

/** A late listing (after more than one read) as the warning readback.list-lag names it. */
export function warnListLag(listed: Pick<Listed<unknown>, 'reads' | 'ms'>, op: string, what: string, after: string): void {
  warnUnless(listed.reads <= 1, {
    check: 'readback.list-lag',
    expected: `${what} listed at the first read after ${after}`,
    actual: `listed after ${listed.reads} reads (${listed.ms} ms)`,
    message: `${op} listed ${what} only ${listed.ms} ms after ${after} answered`,
    basis: 'R-read-after-write',
  });
}

/**
 * A list read (`read`) must name the entry `has` picks, within the read settle window (R-read-after-write): listed late
 * is a warning (readback.list-lag), never listed fails with `what`. Returns the entry.
 */
export async function expectListed<T>(
  api: ApiClient,
  o: { op: string; read: () => Promise<T[]>; has: (x: T) => boolean; id: string; after: string; what: string },
): Promise<T> {
  const listed = await readUntilListed(api, o.read, o.has);
  expect(listed.found, `${o.what} (${o.op}, ${listed.reads} read(s) in ${listed.ms} ms)`).toBeTruthy();
  warnListLag(listed, o.op, o.id, o.after);
  return listed.found as T;
}

/**
 * A read right after a write that may still show the resource as before it (reads trail writes, R-read-after-write):
 * `read(false)` is probed — unjudged by the semantic observer (CallOptions observe:false) — until `shows` holds or the
 * read settle window has passed; read late, a warning (read-after-write) names the delay. Then `read(true)` reads it
 * once more, judged as every read: still stale at the window's end, that read fails as any stale read-back.
 */
export async function readAfterWrite<T>(
  api: ApiClient,
  o: { op: string; read: (observe: boolean) => Promise<T>; shows: (x: T) => boolean; what: string; basis: string },
): Promise<T> {
  const got = await repeatWithin(() => o.read(false), o.shows, { windowMs: api.settle?.readMs ?? DEFAULT_READ_SETTLE_MS, firstMs: 100 });
  warnUnless(got.looks <= 1 || !o.shows(got.value), {
    check: 'read-after-write',
    expected: `${o.op} reads ${o.what} as written at once`,
    actual: `${got.looks - 1} read(s) showed it as before the write over ${got.ms} ms`,
    message: `${o.op} read ${o.what} as before the write for ${got.ms} ms (read again within the read settle window)`,
    basis: o.basis,
  });
  return o.read(true);
}

/** `read` carries every field of `written` (any key casing) with the value written, in a spelling the rulings accept */
export function showsWritten(written: Record<string, unknown>, read: unknown): boolean {
  if (!read || typeof read !== 'object' || Array.isArray(read)) return false;
  const r = read as Record<string, unknown>;
  return Object.keys(written).every((k) => semantics.getCi(r, k) !== undefined) && semantics.diffValues(written, r).every((d) => d.tolerated);
}
