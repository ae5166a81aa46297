/**
 * A list read again until it names what the run just wrote (ruling R-read-after-write): a distributed platform may
 * list a new resource a moment after the write answered. Read within the client's read settle window, 250 ms apart;
 * listed only after the first read is a warning (readback.list-lag), never listed fails in the caller's own words.
 */
import type { ApiClient } from './client';
import { pollUntil } from './progress';
import { warnUnless } from './runtime/checks';

export interface Listed<T> {
  /** the last list read */
  list: T[];
  /** the entry `has` picked, when listed */
  found?: T;
  reads: number;
  ms: number;
}

export async function readUntilListed<T>(api: ApiClient, read: () => Promise<T[]>, has: (x: T) => boolean, label: string): Promise<Listed<T>> {
  const started = Date.now();
  const out: Listed<T> = { list: [], reads: 0, ms: 0 };
  await pollUntil(
    async () => {
      out.reads++;
      out.list = await read();
      out.found = out.list.find(has);
      return out.found === undefined ? undefined : true;
    },
    { timeoutMs: api.settle?.readMs ?? 3_000, intervalMs: 250, label },
  );
  out.ms = Date.now() - started;
  return out;
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
