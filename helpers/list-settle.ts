/**
 * A list read again until it names what the run just wrote (ruling R-read-after-write): a distributed platform may
 * list a new resource a moment after the write answered. Read within the client's read settle window (backoff from
 * 250 ms); listed only after the first read is a warning (readback.list-lag), never listed fails in the caller's words.
 */
import { expect } from '@playwright/test';
import type { ApiClient } from './client';
import { DEFAULT_READ_SETTLE_MS, repeatWithin } from './client/settle';
import { warnUnless } from './runtime/checks';

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
