/**
 * Every checklist item has exactly one spec file, named NN-slug.spec.ts, opening with its metadata block;
 * the metadata agrees with the checklist (seed 001). The specs are the ONE registry (issue 15): the report's
 * checklist, the item order and the prerequisite scopes equal what the specs declare, and no other file of the
 * project carries an item's title.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECKLIST_ORDER } from '../../helpers/item';
import { ALL_TAGS } from '../../helpers/profiles';
import { itemScopes, readSpecMetas } from '../../helpers/spec-registry';
import { ADDON_CHECKLIST, CHECKLIST } from '../../reporter/checklist';
import { blankItems } from '../../reporter/model';

const ROOT = path.resolve(__dirname, '..', '..');
const SPECS = path.join(ROOT, 'specs');
const SEED = path.resolve(ROOT, '..', 'shared', 'reference', 'seeds', '001_7b5af2c749f01547.txt');

const metas = new Map(readSpecMetas().map((e) => [path.basename(e.file), e.meta]));
function metaOf(file: string): any {
  return metas.get(path.basename(file));
}

const files = fs
  .readdirSync(SPECS)
  .filter((f) => f.endsWith('.spec.ts') && !f.startsWith('p7-'))
  .sort();

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
    assert.ok(
      meta.scope.includes('core') && meta.scope.every((t: string) => (ALL_TAGS as string[]).includes(t)),
      `${f}: scope tags are known and include core`,
    );
  }
});

test("titles and owners are the checklist's own words (seed 001)", (t) => {
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

test("one registry: the report's checklist, item order and prerequisite scopes are what the specs declare", () => {
  const declared = readSpecMetas().map((e) => e.meta);
  const rows = [...CHECKLIST, ...ADDON_CHECKLIST];
  assert.deepEqual(
    rows.map((c) => ({ id: c.id, title: c.title, owner: c.owner, section: c.section, dependsOn: c.dependsOn })),
    declared.map((m) => ({ id: m.id, title: m.title, owner: m.owner, section: m.section, dependsOn: m.dependsOn })),
    'reporter/checklist.ts rows',
  );
  assert.deepEqual(
    CHECKLIST_ORDER,
    declared.filter((m) => !m.addon).map((m) => m.id),
    "item order = the specs' order",
  );
  assert.deepEqual(
    blankItems().map((i) => [i.id, i.title, i.dependsOn]),
    declared.filter((m) => !m.addon).map((m) => [m.id, m.title, m.dependsOn]),
    "the sign-off's rows",
  );
  assert.deepEqual(itemScopes(), Object.fromEntries(declared.map((m) => [m.id, { scope: m.scope }])), 'prerequisite scopes');
  for (const m of declared) assert.ok(m.section, `item ${m.id} names its section`);
});

test('item titles live in the specs only (grep)', () => {
  const titles = readSpecMetas().map((e) => e.meta.title);
  const hits: string[] = [];
  const walk = (dir: string): void => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', 'reports', '.git', 'specs', 'test-results'].includes(d.name)) continue;
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (/\.(ts|md|json|yml|html)$/.test(d.name)) {
        const text = fs.readFileSync(p, 'utf8');
        for (const t of titles) if (text.includes(t)) hits.push(`${path.relative(ROOT, p)}: ${t.slice(0, 50)}`);
      }
    }
  };
  walk(ROOT);
  assert.deepEqual(hits, [], 'an item title outside specs/');
});
