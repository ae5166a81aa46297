/**
 * R-read-after-write for lists (helpers/list-settle.ts): a list that names the new resource only at a later read is
 * read again within the read settle window (found, the reads counted for the list-lag warning); one that never names
 * it is given up at the window's end, the entry not found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readUntilListed } from '../../helpers/list-settle';
import type { ApiClient } from '../../helpers/client';

const api = (readMs: number) => ({ settle: { readMs, reconcileMs: 0 } }) as unknown as ApiClient;

test('a list naming the new entry at its third read: found after 3 reads; never named: not found once the window ends', async () => {
  let reads = 0;
  const late = await readUntilListed(
    api(3_000),
    async () => (++reads >= 3 ? [{ id: 'old' }, { id: 'new' }] : [{ id: 'old' }]),
    (x) => x.id === 'new',
  );
  assert.deepEqual([late.found, late.reads], [{ id: 'new' }, 3]);
  const never = await readUntilListed(
    api(600),
    async () => [{ id: 'old' }],
    (x) => x.id === 'new',
  );
  assert.equal(never.found, undefined);
  assert.ok(never.reads >= 2 && never.ms >= 500, `read again until the window ended (${never.reads} reads, ${never.ms} ms)`);
});
