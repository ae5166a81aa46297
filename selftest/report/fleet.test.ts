/**
 * (c) The fleet summary step on two signoff.json files (+ a job that wrote none) → fleet.html / fleet.json / fleet.md
 *     with one row per target/profile: verdict, failed and pending items, regressions.
 * (d) .github/workflows/nightly.yml validates against the GitHub Actions workflow schema (SchemaStore's, via
 *     @action-validator/core), and its plan step turns a two-target list into one job per target × profile.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { parse as parseYaml } from 'yaml';
import { CHECKLIST } from '../../reporter/checklist';
import { planMatrix } from '../../scripts/nightly-targets';
import { ROOT, runScript, tempDir } from './run-fixture';

const WORKFLOW = path.join(ROOT, '.github', 'workflows', 'nightly.yml');
let root: string;

function signoff(runId: string, target: string, profile: string, status: (id: string) => string, regressions: string[] = []): unknown {
  const items = CHECKLIST.map((c) => ({
    id: c.id,
    title: c.title,
    status: status(c.id),
    reason: status(c.id) === 'failed' ? `item ${c.id}: schema: /TN is not E.164` : status(c.id) === 'pending' ? 'waiting on the losing carrier' : undefined,
  }));
  const verdict = items.some((i) => i.status === 'failed') ? 'FAIL' : items.some((i) => i.status === 'pending') ? 'PENDING' : 'PASS';
  return {
    schemaVersion: 1,
    verdict,
    runId,
    target,
    profile,
    startedAt: '2026-11-29T02:17:00.000Z',
    counts: {},
    items,
    regressions: regressions.map((line) => ({ line })),
    evidenceSha256: 'a'.repeat(64),
  };
}

function put(dir: string, doc: unknown, target?: unknown): void {
  fs.mkdirSync(dir, { recursive: true });
  if (doc) fs.writeFileSync(path.join(dir, 'signoff.json'), JSON.stringify(doc));
  if (target) fs.writeFileSync(path.join(dir, 'target.json'), JSON.stringify(target));
}

before(() => {
  root = tempDir('fleet');
});

after(() => {
  if (!process.env.KEEP_SELFTEST_OUTPUT) fs.rmSync(root, { recursive: true, force: true });
});

test('(c) npm run fleet on two signoff.json files → fleet page with two rows', async () => {
  const inDir = path.join(root, 'fleet-in');
  put(
    path.join(inDir, 'signoff-acme-staging-mvno-full'),
    signoff('R1', 'https://acme.example.test', 'mvno-full', (id) => (id === '7' ? 'failed' : id === '8' ? 'blocked' : 'passed'), [
      'REGRESSION item 7: status passed → failed (previous complete run R0)',
    ]),
    { id: 'acme-staging', label: 'Acme, staging', profile: 'mvno-full' },
  );
  put(
    path.join(inDir, 'signoff-sandbox-iot'),
    signoff('R2', 'embedded sandbox (http://127.0.0.1:4100)', 'iot', (id) => (id === '8c' ? 'pending' : 'passed')),
    { id: 'sandbox', label: 'Embedded sandbox', profile: 'iot' },
  );
  const out = path.join(root, 'fleet');
  const r = await runScript('fleet', [inDir, '--out', out]);
  console.log(r.stdout.trim());
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(fs.readFileSync(path.join(out, 'fleet.json'), 'utf8'));
  assert.equal(json.rows.length, 2);
  const acme = json.rows.find((x: any) => x.id === 'acme-staging');
  assert.equal(acme.verdict, 'FAIL');
  assert.deepEqual(
    acme.failed.map((i: any) => i.id),
    ['7'],
  );
  assert.equal(acme.regressions.length, 1);
  const sbx = json.rows.find((x: any) => x.id === 'sandbox');
  assert.equal(sbx.verdict, 'PENDING');
  assert.deepEqual(
    sbx.pending.map((i: any) => i.id),
    ['8c'],
  );
  const html = fs.readFileSync(path.join(out, 'fleet.html'), 'utf8');
  assert.equal((html.match(/<tr data-target=/g) ?? []).length, 2, 'two rows');
  assert.match(html, /REGRESSION item 7/);
  assert.match(fs.readFileSync(path.join(out, 'fleet.md'), 'utf8'), /\| Acme, staging \| mvno-full \| \*\*FAIL\*\* \| 7 — /);

  put(path.join(inDir, 'signoff-partner-b-mvno'), undefined, { id: 'partner-b', label: 'Partner B', profile: 'mvno' });
  const r3 = await runScript('fleet', [inDir, '--out', out]);
  assert.equal(r3.code, 0);
  const rows = JSON.parse(fs.readFileSync(path.join(out, 'fleet.json'), 'utf8')).rows;
  assert.equal(rows.length, 3, 'a job without a sign-off still has its row');
  assert.equal(rows.find((x: any) => x.id === 'partner-b').verdict, 'NO REPORT');
  const none = await runScript('fleet', [path.join(root, 'nothing-here'), '--out', path.join(root, 'x')]);
  assert.equal(none.code, 2);
});

test('(d) nightly.yml validates against the GitHub workflow schema; a broken copy does not', () => {
  const src = fs.readFileSync(WORKFLOW, 'utf8');
  const res = validateWorkflow(src);
  assert.deepEqual(res.errors, [], JSON.stringify(res.errors, null, 1).slice(0, 2000));
  const broken = src.replace('  plan:\n    runs-on:', '  plan:\n    runs_on:');
  assert.notEqual(broken, src);
  assert.ok(validateWorkflow(broken).errors.length > 0, 'the validator catches an unknown job key');
});

test('(d) the workflow: plan → one certify job per target × profile (no --shard) → fleet', () => {
  const wf = parseYaml(fs.readFileSync(WORKFLOW, 'utf8'));
  assert.deepEqual(Object.keys(wf.jobs), ['plan', 'certify', 'fleet']);
  const planStep = wf.jobs.plan.steps.find((s: any) => s.id === 'plan');
  assert.match(planStep.run, /scripts\/nightly-plan\.ts/);
  assert.equal(wf.jobs.plan.outputs.matrix, '${{ steps.plan.outputs.matrix }}');
  assert.equal(wf.jobs.certify.strategy.matrix, '${{ fromJSON(needs.plan.outputs.matrix) }}');
  assert.doesNotMatch(JSON.stringify(wf), /--shard/);
  const uploads = wf.jobs.certify.steps.filter((s: any) => String(s.uses).startsWith('actions/upload-artifact'));
  assert.ok(uploads.some((s: any) => s.with.name === 'signoff-${{ matrix.target }}-${{ matrix.profile }}' && /reports\/signoff\.json/.test(s.with.path)));
  assert.ok(wf.jobs.fleet.steps.some((s: any) => /npm run fleet -- fleet-in/.test(s.run ?? '')));
  assert.deepEqual(wf.jobs.fleet.needs, ['plan', 'certify']);
  assert.doesNotMatch(JSON.stringify(wf.jobs.certify), /(?<![.\w])secrets\.[A-Z]/, 'secrets only by the names the target list gives');
});

test('(d) a two-target list → one job per target × profile (the plan step, as the workflow runs it)', async () => {
  const list = {
    profiles: ['mvno-full'],
    targets: [
      {
        id: 'acme-staging',
        label: 'Acme, staging',
        profiles: ['mvno-full', 'iot'],
        secrets: { TELEGENT_BASE_URL: 'ACME_STAGING_BASE_URL', TELEGENT_ACCOUNT_SECRET: 'ACME_STAGING_ACCOUNT_SECRET' },
        env: { CERT_ENV: 'staging' },
      },
      { id: 'globex-prod', label: 'Globex, production', profiles: ['mvno', 'sip'], secrets: { TELEGENT_BASE_URL: 'GLOBEX_BASE_URL' } },
    ],
  };
  const outFile = path.join(root, 'github-output');
  fs.writeFileSync(outFile, '');
  const r = await runScript('nightly-plan', ['--only', '', '--profile', ''], { CERT_TARGETS_JSON: JSON.stringify(list), GITHUB_OUTPUT: outFile });
  assert.equal(r.code, 0, r.stderr);
  const line = fs.readFileSync(outFile, 'utf8').trim();
  assert.match(line, /^matrix=/);
  const jobs = JSON.parse(line.slice('matrix='.length)).include;
  assert.deepEqual(
    jobs.map((j: any) => `${j.target}/${j.profile}`),
    ['acme-staging/mvno-full', 'acme-staging/iot', 'globex-prod/mvno', 'globex-prod/sip'],
  );
  assert.equal(jobs[0].secrets.TELEGENT_BASE_URL, 'ACME_STAGING_BASE_URL');
  assert.equal(jobs[2].secrets.TELEGENT_ACCOUNT_KEY, '', 'unnamed secret → empty name');
  assert.equal(jobs[0].real, true);
  assert.deepEqual(
    planMatrix(list, { only: ['globex-prod'], profile: 'iot' }).include.map((j) => `${j.target}/${j.profile}`),
    ['globex-prod/iot'],
  );
  const leaked = planMatrix({ targets: [{ id: 'x', secrets: { TELEGENT_ACCOUNT_SECRET: 's3cr3t-value!' } }] });
  assert.match(leaked.problems.join('\n'), /NAME of a repository secret/);
  const repo = planMatrix(JSON.parse(fs.readFileSync(path.join(ROOT, '.github', 'targets.json'), 'utf8')));
  assert.deepEqual(repo.problems, [], 'the repository list is valid');
  assert.ok(repo.include.length >= 1);
});
