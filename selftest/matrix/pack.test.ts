/**
 * Issue 16: the matrix's packs (scripts/matrix-pack.ts). Every mode lands in exactly one pack; two modes share a pack
 * only when their items are independent (neither is the other's item, prerequisite or dependent), neither is
 * cross-cutting, both are checklist or both add-on modes, and the operations they name do not overlap; `isolated`
 * gives every mode its own pack. Pure: no certification runs here (the sample in matrix.test.ts runs packs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSpecMetas, prerequisites, dependents } from '../../helpers/spec-registry';
import { allDriftModes, type DriftMode } from '../../sandbox/drift/catalogue';
import { canShare, modeItems, packDriftModes, packItems, CROSS_CUTTING } from '../../scripts/matrix-pack';

const specs = readSpecMetas();
const modes = allDriftModes().filter((m) => m.caughtBy !== 'sweep');
const mode = (name: string) => modes.find((m) => m.name === name)!;

test('every drift mode is in exactly one pack, and a pack holds only modes that may share a run', () => {
  const packs = packDriftModes(specs, modes);
  const names = packs.flatMap((p) => p.modes.map((m) => m.name));
  assert.deepEqual([...names].sort(), modes.map((m) => m.name).sort());
  for (const p of packs)
    for (const a of p.modes)
      for (const b of p.modes) {
        if (a === b) continue;
        assert.notEqual(a.item, b.item, `${a.name} / ${b.name}: one item`);
        assert.ok(!prerequisites(specs, a.item).has(b.item) && !dependents(specs, a.item).has(b.item), `${a.name} / ${b.name}: related items`);
        assert.ok(!CROSS_CUTTING.has(a.area), `${a.name} is cross-cutting`);
      }
  assert.ok(packs.length < modes.length, `packing saves runs (${packs.length} packs for ${modes.length} modes)`);
  // each mode keeps the items a run of its own would have (and the pack runs at least those)
  for (const p of packs) for (const m of p.modes) for (const id of modeItems(specs, m)) assert.ok(packItems(p).has(id), `${m.name}: ${id}`);
});

test('canShare refuses related items, cross-cutting modes, mixed add-on scope and overlapping operations', () => {
  const at = (item: string, extra: Partial<DriftMode> = {}): DriftMode =>
    ({ name: `x-${item}`, area: 'messaging', item, description: 'test mode', ...extra }) as DriftMode;
  assert.equal(canShare(specs, at('2'), at('17')), true, 'independent items');
  assert.equal(canShare(specs, at('7'), at('10')), false, 'item 10 depends on item 7');
  assert.equal(canShare(specs, at('10'), at('10')), false, 'the same item');
  assert.equal(canShare(specs, at('2', { area: 'auth' }), at('17')), false, 'cross-cutting');
  assert.equal(canShare(specs, at('P7-10.1'), at('2')), false, 'add-on scope differs');
  const a = at('2', { description: 'GET /v1.0/numbers answers stale data' });
  const b = at('17', { description: 'GET /v1.0/numbers drops a field' });
  assert.equal(canShare(specs, a, b), false, 'both name GET /v1.0/numbers');
  assert.equal(canShare(specs, at('2', { spill: 'everywhere' }), at('17')), false, 'a defect every reader meets shares no run');
  assert.equal(canShare(specs, at('8', { spill: 'traffic' }), at('18', { area: 'cdr' })), false, 'unexpected traffic beside a CDR mode');
  assert.equal(canShare(specs, at('2', { spill: 'traffic' }), at('17')), true, 'unexpected traffic beside a non-CDR mode');
  assert.ok(mode('number-status-unprompted'), 'catalogue mode present');
});

test('isolated: one mode per pack', () => {
  const packs = packDriftModes(specs, modes, true);
  assert.equal(packs.length, modes.length);
  assert.ok(packs.every((p) => p.modes.length === 1));
});
