/**
 * Issue 8: the suite's detection power. Every drift mode of the sandbox (≥ 30 realistic defects) is caught
 * at its expected item with a finding, its dependents blocked, its prerequisites passing; every fault mode
 * (429 bursts, 5xx, latency, duplicated / reordered / dropped webhooks, token expiry storms) is survived.
 * Prints the matrix and its totals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMatrix, renderMatrix } from '../../scripts/matrix';
import { allDriftModes } from '../../sandbox/drift/catalogue';

test('drift modes are caught at the expected item; fault modes are survived', { timeout: 900_000 }, async () => {
  assert.ok(allDriftModes().length >= 30, `at least 30 drift modes (${allDriftModes().length})`);
  const rows = await runMatrix({ concurrency: Number(process.env.CERT_MATRIX_CONCURRENCY ?? 4) });
  const table = renderMatrix(rows);
  console.log(table);
  const missed = rows.filter((r) => !r.ok).map((r) => `${r.kind} ${r.mode}: ${r.problems.join('; ')}`);
  assert.deepEqual(missed, [], table);
});
