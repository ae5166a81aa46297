/**
 * The Phase 7 add-on items' registry (no certification run): one spec file each, named p7-<item>-slug.spec.ts, opening
 * with its metadata block; the three places that list items agree (specs, helpers/item.ts ADDON_ORDER,
 * reporter/checklist.ts ADDON_CHECKLIST) and leave the 25 checklist rows as they are; no profile includes an add-on tag.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ADDON_ORDER, CHECKLIST_ORDER, ITEM_ORDER, defineItem, gateItem } from '../../helpers/item';
import { ALL_TAGS, PHASE7_ADDON_TAGS, PROFILES, resolveScope } from '../../helpers/profiles';
import { ADDON_CHECKLIST, ADDON_SECTION, CHECKLIST, FULL_CHECKLIST, ITEM_IDS, checklistEntry } from '../../reporter/checklist';
import { readSpecMetas } from '../../helpers/spec-registry';

const metas = readSpecMetas();
const addonSpecs = metas.filter((e) => path.basename(e.file).startsWith('p7-'));

test('the checklist stays 25 rows; the add-ons come after it, in the same order in both registries', () => {
  assert.equal(CHECKLIST.length, 25);
  assert.equal(CHECKLIST_ORDER.length, 25);
  assert.deepEqual([...ITEM_IDS], [...CHECKLIST_ORDER]);
  assert.deepEqual(
    ADDON_CHECKLIST.map((c) => c.id),
    ADDON_ORDER,
  );
  assert.deepEqual(ITEM_ORDER, [...CHECKLIST_ORDER, ...ADDON_ORDER]);
  assert.deepEqual(
    FULL_CHECKLIST.map((c) => c.id),
    ITEM_ORDER,
  );
  for (const c of ADDON_CHECKLIST) {
    assert.equal(c.addon, true, `${c.id} is marked as an add-on`);
    assert.equal(c.section, ADDON_SECTION);
    assert.equal(checklistEntry(c.id), c);
  }
  assert.ok(CHECKLIST.every((c) => !c.addon));
});

test('one spec file per add-on item, named p7-<item>-slug.spec.ts, sorted after item 19', () => {
  const files = addonSpecs.map((e) => path.basename(e.file));
  assert.deepEqual(
    addonSpecs.map((e) => e.meta.id),
    ADDON_ORDER,
  );
  for (const f of files) assert.match(f, /^p7-\d\d(\.\d)?-[a-z0-9-]+\.spec\.ts$/);
  const all = metas.map((e) => path.basename(e.file));
  assert.ok(all.indexOf('19-signoff.spec.ts') < all.indexOf(files[0]), 'the add-ons run after item 19');
});

test('each add-on metadata block agrees with the registry and names its basis in seed 003', () => {
  for (const { file, meta } of addonSpecs) {
    const entry = ADDON_CHECKLIST.find((c) => c.id === meta.id)!;
    const f = path.basename(file);
    assert.equal(meta.title, entry.title, `${f}: title`);
    assert.equal(meta.owner, entry.owner, `${f}: owner`);
    assert.equal(meta.section, ADDON_SECTION, `${f}: section`);
    assert.equal(meta.addon, true, `${f}: addon`);
    assert.deepEqual(meta.dependsOn, entry.dependsOn, `${f}: dependsOn`);
    assert.ok(
      meta.dependsOn.every((d) => CHECKLIST_ORDER.includes(d)),
      `${f}: depends on checklist items only`,
    );
    assert.ok(meta.scope.includes('core') && meta.scope.every((t) => ALL_TAGS.includes(t)), `${f}: scope tags known, core included`);
    assert.ok(
      meta.scope.some((t) => PHASE7_ADDON_TAGS.includes(t)),
      `${f}: an add-on scope tag`,
    );
    assert.match(meta.description, /seed 003 §(9|10\.[123])/, `${f}: description names its basis`);
    assert.doesNotThrow(() => defineItem(meta), `${f}: defineItem accepts it`);
  }
});

test('no checklist item depends on an add-on; defineItem refuses one that would', () => {
  for (const { meta } of metas.filter((e) => !ADDON_ORDER.includes(e.meta.id))) {
    assert.ok(!meta.dependsOn.some((d) => ADDON_ORDER.includes(d)), `item ${meta.id} depends on an add-on`);
  }
  assert.throws(() => defineItem({ id: '19', title: 't', owner: 'Joint', scope: ['core'], saves: [], dependsOn: ['P7-9'], description: 'd' }), /later item/);
  assert.throws(
    () => defineItem({ id: 'P7-9', title: 't', owner: 'Partner', scope: ['core', 'data-limits'], saves: [], dependsOn: [], description: 'd' }),
    /addon: true/,
  );
  assert.throws(
    () => defineItem({ id: 'P7-9', title: 't', owner: 'Partner', scope: ['core'], saves: [], dependsOn: [], description: 'd', addon: true }),
    /add-on scope tag/,
  );
  assert.throws(
    () => defineItem({ id: 'P7-99', title: 't', owner: 'Partner', scope: ['core', 'guardian'], saves: [], dependsOn: [], description: 'd', addon: true }),
    /not a checklist item/,
  );
});

test('no profile includes an add-on tag: out of scope → not-applicable, unless CERT_ADDONS selects it', () => {
  for (const [name, p] of Object.entries(PROFILES)) {
    assert.ok(!p.tags.some((t) => PHASE7_ADDON_TAGS.includes(t)), `profile ${name}`);
    const scope = resolveScope(name);
    for (const { meta } of addonSpecs) assert.equal(gateItem(meta, scope, {}, {}, { resume: false })?.status, 'not-applicable', `${meta.id} in ${name}`);
    const withAddons = resolveScope(name, 'guardian,data-limits');
    for (const { meta } of addonSpecs)
      assert.notEqual(gateItem(meta, withAddons, {}, {}, { resume: false })?.status, 'not-applicable', `${meta.id} in ${name} + add-ons`);
  }
});
