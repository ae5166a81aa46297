/**
 * Issues 8 and 12: the suite's detection power. The catalogue holds ≥ 100 drift modes (≥ 40 of them in the four
 * semantic families, ≥ 10 each) and ≥ 8 benign modes. `npm test` runs a representative sample (`--sample`: every
 * benign mode, all at once in one certification that must PASS (those on an add-on operation in a second one, with the
 * add-on scope) — and the two cheapest drift modes of each family — caught at the expected item
 * by a finding of that family); CERT_MATRIX_FULL=1 (or `npm run matrix`) runs all of them, faults included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runMatrix, renderMatrix, coreCount } from '../../scripts/matrix';
import { allBenignModes, allDriftModes, SEMANTIC_DRIFTS } from '../../sandbox/drift/catalogue';

test('the catalogue: ≥ 100 drift modes, ≥ 10 per semantic family, ≥ 8 benign modes', () => {
  const all = allDriftModes();
  assert.ok(all.length >= 100, `at least 100 drift modes (${all.length})`);
  for (const f of ['readback', 'status', 'lifecycle', 'crosschannel'] as const) {
    const n = all.filter((m) => m.family === f).length;
    assert.ok(n >= 10, `at least 10 ${f} drift modes (${n})`);
  }
  assert.ok(allBenignModes().length >= 8, `at least 8 benign modes (${allBenignModes().length})`);
  assert.equal(new Set([...all, ...allBenignModes()].map((m) => m.name)).size, all.length + allBenignModes().length, 'mode names are unique');
  // every semantic and benign mode is implemented in the sandbox code (not only catalogued)
  const root = path.resolve(__dirname, '..', '..', 'sandbox');
  const code = (function read(dir: string): string {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .map((d) =>
        d.isDirectory()
          ? read(path.join(dir, d.name))
          : d.name.endsWith('.ts') && d.name !== 'catalogue.ts'
            ? fs.readFileSync(path.join(dir, d.name), 'utf8')
            : '',
      )
      .join('\n');
  })(root);
  assert.deepEqual(
    [...SEMANTIC_DRIFTS, ...allBenignModes()].map((m) => m.name).filter((n) => !code.includes(`'${n}'`)),
    [],
    'unwired modes',
  );
});

test('drift modes are caught at the expected item; benign (and, in a full run, fault) modes leave it passing', { timeout: 900_000 }, async () => {
  const full = process.env.CERT_MATRIX_FULL === '1';
  // one run per core: npm test runs other self-test files beside this one
  const rows = await runMatrix({ sample: !full, concurrency: Number(process.env.CERT_MATRIX_CONCURRENCY ?? coreCount()) });
  const table = renderMatrix(rows);
  console.log(table);
  const missed = rows.filter((r) => !r.ok).map((r) => `${r.kind} ${r.mode}: ${r.problems.join('; ')}`);
  assert.deepEqual(missed, [], table);
});
