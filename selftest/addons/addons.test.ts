/**
 * Issue 17, Phase 7 add-on items (specs/p7-*): on the embedded sandbox, with only the spec files they need (their
 * prerequisites + the add-ons) and at most two certification runs at a time:
 *  - under CERT_ADDONS=guardian,data-limits the four items pass (and their prerequisites);
 *  - each add-on drift mode (sandbox/drift/modes-addons.ts) fails its item, by the check family it names, and leaves
 *    the prerequisites passing — modes on independent items share a run (packed as the matrix does: scripts/matrix-pack.ts);
 *  - without the add-on scope they are not run (playwright.config.ts collects their specs only when CERT_ADDONS names
 *    an add-on tag; were they collected, the item gate makes them not-applicable) and the verdict is the one of the same
 *    run without their files — even with every add-on drift mode switched on and their files named on the command line.
 * The add-on statuses are read from the ledger (run-state.json): the sign-off keeps its 25 checklist rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { certify, tail, ROOT, type CertifyRun } from '../certify/run';
import { ADDON_DRIFTS } from '../../sandbox/drift/modes-addons';
import { ADDON_ORDER, CHECKLIST_ORDER } from '../../helpers/item';
import { PHASE7_ADDON_TAGS } from '../../helpers/profiles';
import { prerequisites, readSpecMetas } from '../../helpers/spec-registry';
import { canShare, packDriftModes } from '../../scripts/matrix-pack';

const specs = readSpecMetas();
const byId = new Map(specs.map((s) => [s.meta.id, s]));
const prereqIds = [...new Set(ADDON_ORDER.flatMap((id) => [...prerequisites(specs, id)]))].filter((id) => !ADDON_ORDER.includes(id));
const fileOf = (id: string) => path.relative(ROOT, byId.get(id)!.file);
const PREREQ_FILES = CHECKLIST_ORDER.filter((id) => prereqIds.includes(id)).map(fileOf);
const ADDON_FILES = ADDON_ORDER.map(fileOf);
const ADDONS = PHASE7_ADDON_TAGS.join(',');
const BASE_ENV = { CERT_REPORT_PDF: '0' };

/** item statuses from the ledger (add-on items are not rows of the sign-off) */
function ledgerStatuses(run: CertifyRun): Record<string, string> {
  return Object.fromEntries(Object.entries(run.ledger?.items ?? {}).map(([id, it]: [string, any]) => [id, it.status]));
}
function why(run: CertifyRun): string {
  return `exit ${run.code}\n${tail(run.stdout, 3000)}\n${tail(run.stderr, 800)}`;
}

/** at most two certification runs at a time (2 shared cores) */
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}
const run = (env: Record<string, string>, files: string[]) => limited(() => certify({ ...BASE_ENV, ...env }, files));

test('the add-on items, their prerequisites and their drift modes are what this test runs', () => {
  assert.deepEqual(ADDON_ORDER, ['P7-9', 'P7-10.1', 'P7-10.2', 'P7-10.3']);
  assert.ok(prereqIds.length > 0 && PREREQ_FILES.length === prereqIds.length, `prerequisites ${prereqIds.join(', ')}`);
  assert.ok(!prereqIds.includes('19'), 'item 19 is not a prerequisite');
  assert.ok(!byId.get('19')!.meta.dependsOn.some((d) => ADDON_ORDER.includes(d)), 'item 19 does not depend on an add-on');
  assert.deepEqual([...new Set(ADDON_DRIFTS.map((m) => m.item))].sort(), [...ADDON_ORDER].sort(), 'one drift mode (at least) per add-on item');
  for (const m of ADDON_DRIFTS) assert.ok(m.area === 'guardian' || m.area === 'data-limits', `${m.name}: area`);
});

test('Phase 7 add-ons on the embedded sandbox', { timeout: 300_000, concurrency: 2 }, async (t) => {
  const jobs: Array<Promise<unknown>> = [];

  jobs.push(
    t.test(`under CERT_ADDONS=${ADDONS} the four add-on items pass`, async () => {
      const r = await run({ CERT_ADDONS: ADDONS }, [...PREREQ_FILES, ...ADDON_FILES]);
      const st = ledgerStatuses(r);
      for (const id of [...prereqIds, ...ADDON_ORDER]) assert.equal(st[id], 'passed', `item ${id}: ${why(r)}`);
      assert.equal(r.code, 0, why(r));
      assert.equal(r.signoff?.verdict, 'PASS', why(r));
      const rows: Array<{ id: string; status: string }> = r.signoff?.items ?? [];
      assert.equal(rows.filter((i) => CHECKLIST_ORDER.includes(i.id)).length, 25, 'the sign-off keeps its 25 checklist rows');
      // add-on rows, where the sign-off lists them, say what the ledger says
      for (const i of rows.filter((x) => ADDON_ORDER.includes(x.id))) assert.equal(i.status, st[i.id], `sign-off row ${i.id}`);
      // everything the add-ons created was cleaned up
      const left = (r.ledger?.resources ?? []).filter((x: any) => ADDON_ORDER.includes(x.item) && x.state === 'created');
      assert.deepEqual(left, [], 'add-on resources left behind');
    }),
  );

  jobs.push(
    t.test('without the add-on scope they are not run or not-applicable, and the verdict is unchanged (every add-on drift mode on)', async () => {
      const drift = ADDON_DRIFTS.map((m) => m.name).join(',');
      const [without, baseline] = await Promise.all([run({ SANDBOX_DRIFT: drift }, [...PREREQ_FILES, ...ADDON_FILES]), run({}, PREREQ_FILES)]);
      const st = ledgerStatuses(without);
      for (const id of ADDON_ORDER) assert.ok(st[id] === undefined || st[id] === 'not-applicable', `item ${id} ${st[id]}: ${why(without)}`);
      for (const id of prereqIds) assert.equal(st[id], 'passed', `item ${id}: ${why(without)}`);
      assert.equal(
        without.signoff?.verdict,
        baseline.signoff?.verdict,
        `verdict with the add-on files ${without.signoff?.verdict}, without them ${baseline.signoff?.verdict}`,
      );
      assert.equal(without.signoff?.verdict, 'PASS', why(without));
      // the same counts as the run without the add-on files (out-of-scope rows, if the sign-off lists them, aside)
      const inScope = (c: Record<string, number> | undefined) => Object.fromEntries(Object.entries(c ?? {}).filter(([k]) => k !== 'not-applicable'));
      assert.deepEqual(inScope(without.signoff?.counts), inScope(baseline.signoff?.counts), 'the same counts as the run without the add-on files');
      const listed: Array<{ id: string; status: string }> = (without.signoff?.items ?? []).filter((x: { id: string }) => ADDON_ORDER.includes(x.id));
      for (const i of listed) assert.equal(i.status, 'not-applicable', `sign-off row ${i.id}`);
      assert.equal(without.code, baseline.code);
      assert.equal(without.code, 0, why(without));
    }),
  );

  const packs = packDriftModes(specs, ADDON_DRIFTS);
  for (const pack of packs)
    jobs.push(
      t.test(`the add-on drift modes (${pack.modes.map((m) => m.name).join(', ')}) each fail their item, by their family`, async () => {
        await driftPackFails(pack.modes);
      }),
    );
  await Promise.all(jobs);
});

/** one run with `modes` (independent items: scripts/matrix-pack.ts canShare): each fails its item, by its family */
async function driftPackFails(modes: typeof ADDON_DRIFTS): Promise<void> {
  for (const a of modes) for (const b of modes) if (a !== b) assert.ok(canShare(specs, a, b), `${a.name} and ${b.name} share a run`);
  const r = await run({ CERT_ADDONS: ADDONS, SANDBOX_DRIFT: modes.map((m) => m.name).join(',') }, [...PREREQ_FILES, ...ADDON_FILES]);
  const st = ledgerStatuses(r);
  for (const id of prereqIds) assert.equal(st[id], 'passed', `prerequisite ${id}: ${why(r)}`);
  assert.equal(r.code, 1, why(r));
  const rows: Array<{ id: string; findings?: Array<{ check?: string; severity?: string }> }> = r.signoff?.items ?? [];
  for (const mode of modes) {
    assert.equal(st[mode.item], 'failed', `item ${mode.item} under ${mode.name}: ${why(r)}`);
    // caught by the family the mode names (a read-back drift by the read-back check)
    const checks = (rows.find((i) => i.id === mode.item)?.findings ?? []).filter((f) => f.severity !== 'warning').map((f) => String(f.check));
    if (mode.family)
      assert.ok(
        checks.some((c) => c.startsWith(`${mode.family}.`)),
        `item ${mode.item}: a ${mode.family} finding (${checks.join(', ')})`,
      );
  }
}
