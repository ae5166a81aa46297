/**
 * Every checklist item has exactly one spec file, named NN-slug.spec.ts, opening with its metadata block;
 * the metadata agrees with the checklist (seed 001) and with the scope table used for prerequisites.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECKLIST_ORDER } from '../../helpers/item';
import { ALL_TAGS } from '../../helpers/profiles';
import { readSpecMetas } from '../../helpers/spec-registry';

const ROOT = path.resolve(__dirname, '..', '..');
const SPECS = path.join(ROOT, 'specs');
const SEED = path.resolve(ROOT, '..', 'shared', 'reference', 'seeds', '001_7b5af2c749f01547.txt');

const metas = new Map(readSpecMetas().map((e) => [path.basename(e.file), e.meta]));
function metaOf(file: string): any {
  return metas.get(path.basename(file));
}

const files = fs.readdirSync(SPECS).filter((f) => f.endsWith('.spec.ts')).sort();

test('one spec file per checklist item, in checklist order, named NN-slug.spec.ts', () => {
  const ids = files.map((f) => {
    const m = /^(\d\d)([a-f]?)-[a-z0-9-]+\.spec\.ts$/.exec(f);
    assert.ok(m, `${f} is named NN-slug.spec.ts`);
    return String(Number(m![1])) + m![2];
  });
  assert.deepEqual(ids, CHECKLIST_ORDER);
});

test('each metadata block names its item, title, owner, scope and saved IDs', () => {
  for (const f of files) {
    const meta = metaOf(path.join(SPECS, f));
    const id = String(Number(f.slice(0, 2))) + (/^\d\d([a-f])/.exec(f)?.[1] ?? '');
    assert.equal(meta.id, id, `${f}: meta.id`);
    assert.ok(['Partner', 'Joint'].includes(meta.owner), `${f}: owner`);
    assert.ok(meta.title.length > 10 && meta.description.length > 20, `${f}: title and description`);
    assert.ok(Array.isArray(meta.saves) && Array.isArray(meta.dependsOn), `${f}: saves / dependsOn`);
    assert.ok(meta.scope.includes('core') && meta.scope.every((t: string) => (ALL_TAGS as string[]).includes(t)), `${f}: scope tags are known and include core`);
  }
});

test('titles and owners are the checklist\'s own words (seed 001)', (t) => {
  if (!fs.existsSync(SEED)) return t.skip('seed 001 not beside the repository');
  const seed = fs.readFileSync(SEED, 'utf8');
  const rows = new Map<string, { task: string; owner: string }>();
  for (const line of seed.split('\n')) {
    const m = /^\|\s*(\d+[a-f]?)\s*\|\s*(.+?)\s*\|\s*(Partner|Joint)\s*\|/.exec(line);
    if (m) rows.set(m[1], { task: m[2], owner: m[3] });
  }
  for (const f of files) {
    const meta = metaOf(path.join(SPECS, f));
    const row = rows.get(meta.id);
    assert.ok(row, `item ${meta.id} is in the checklist`);
    assert.equal(meta.title, row!.task, `item ${meta.id} title`);
    assert.equal(meta.owner, row!.owner, `item ${meta.id} owner`);
  }
});
