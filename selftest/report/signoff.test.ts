/**
 * Sign-off reporter, end to end on the fixture project: two runs in a row into the same report dir
 * (the nightly situation): run 1 baseline (item 7 passes, SMS latency p95 900 ms, no PDF); run 2 with
 * item 7 broken (schema finding), latency p95 2000 ms, PDF, then both teams' attestations (npm run attest).
 * (a) every file exists, signoff.json has the contract shape and 25 items;
 * (b) no distinctive secret in any file under the report dir (sign-off, JUnit, Allure, test-results), nor in the output;
 * (c) signoff.html renders in headless Chromium: screenshot, 25 checklist rows, the verdict;
 * (d) the broken item: verdict FAIL, finding listed, dependents blocked, `npm run gate` exits non-zero;
 * (e) the second run lists a regression line naming the broken item, in json, md and html.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from '@playwright/test';
import { attest } from '../../reporter/attestations';
import { refreshSignoff } from '../../reporter/refresh';
import { CHROMIUM, gateInProcess, leakedSecrets, listFiles, runFixture, runGate, tempDir, type RunResult } from './run-fixture';

const EXPECTED_IDS = [
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '8a',
  '8b',
  '8c',
  '8d',
  '8e',
  '8f',
  '9',
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
];
const STATUSES = ['passed', 'failed', 'blocked', 'not-applicable', 'pending', 'manual'];

let root: string;
let out: string;
let run: RunResult;
let doc: any;
let run1: RunResult;
let doc1: any;

before(async () => {
  root = tempDir('signoff');
  out = path.join(root, 'reports');
  run1 = await runFixture(out, { CERT_REPORT_PDF: '0', FIXTURE_P95: '900' });
  doc1 = JSON.parse(fs.readFileSync(path.join(out, 'signoff.json'), 'utf8'));
  run = await runFixture(out, { FIXTURE_BREAK: '7', FIXTURE_P95: '2000', CERT_OPERATOR: 'selftest-operator' });
  console.log(`fixture runs: exit ${run1.code} in ${run1.ms} ms, exit ${run.code} in ${run.ms} ms`);
  // both teams attest the second run (npm run attest does exactly this, then re-renders the sign-off)
  assert.ok(attest({ reportDir: out, team: 'partner', name: 'Ada Partner', role: 'CTO', now: new Date('2026-11-23T10:00:00Z') }).ok);
  assert.ok(attest({ reportDir: out, team: 'telegent', name: 'Tom Telegent', role: 'Onboarding lead', now: new Date('2026-11-24T10:00:00Z') }).ok);
  await refreshSignoff(out);
  doc = JSON.parse(fs.readFileSync(path.join(out, 'signoff.json'), 'utf8'));
});

after(() => {
  if (!process.env.KEEP_SELFTEST_OUTPUT) fs.rmSync(root, { recursive: true, force: true });
  else console.log(`kept ${root}`);
});

test('(a) all report files exist and signoff.json has the shape and 25 items', () => {
  for (const f of ['signoff.json', 'signoff.md', 'signoff.html']) assert.ok(fs.statSync(path.join(out, f)).size > 500, `${f} written`);
  if (fs.existsSync(CHROMIUM)) {
    const pdf = fs.readFileSync(path.join(out, 'signoff.pdf'));
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'signoff.pdf is a PDF');
    assert.equal(doc.pdf.rendered, true);
  } else assert.match(doc.pdf.note, /not found/);
  const hist = fs.readdirSync(path.join(out, 'history')).sort();
  assert.deepEqual(hist, [`${doc1.runId}.json`, `${doc.runId}.json`].sort(), 'one history file per run');
  for (const f of ['junit.xml']) assert.ok(fs.existsSync(path.join(out, f)), `${f} written (built-in reporter)`);
  assert.ok(fs.readdirSync(path.join(out, 'allure-results')).length > 0, 'allure-results written');

  assert.ok(['PASS', 'FAIL', 'INCOMPLETE'].includes(doc.verdict));
  assert.equal(doc.verdict, 'FAIL');
  assert.equal(typeof doc.target, 'string');
  assert.equal(doc.target, 'https://sandbox.example.test:8443', 'credentials and query stripped from the target');
  assert.equal(doc.profile, 'mvno-full');
  assert.match(doc.suiteVersion, /@\d+\.\d+\.\d+/);
  assert.match(doc.openapiSha256, /^[0-9a-f]{64}$/);
  assert.match(doc.evidenceSha256, /^[0-9a-f]{64}$/);
  assert.equal(doc.operator, 'selftest-operator');
  assert.deepEqual(
    doc.items.map((i: any) => i.id),
    EXPECTED_IDS,
  );
  for (const i of doc.items) {
    assert.equal(typeof i.title, 'string');
    assert.ok(['Partner', 'Joint'].includes(i.owner), `owner of ${i.id}`);
    assert.ok(STATUSES.includes(i.status), `status of ${i.id}: ${i.status}`);
    assert.equal(typeof i.ids, 'object');
    assert.equal(typeof i.durationMs, 'number');
    assert.ok(Array.isArray(i.findings));
  }
  const by = Object.fromEntries(doc.items.map((i: any) => [i.id, i]));
  assert.equal(by['14'].owner, 'Joint');
  assert.equal(by['19'].owner, 'Joint');
  assert.equal(by['1'].status, 'passed');
  assert.deepEqual(by['1'].ids, { AID: 'AID-1001' });
  assert.equal(by['7'].status, 'failed');
  assert.equal(by['7'].findings.length, 1, 'the finding is listed once (http + finding evidence deduplicated)');
  assert.deepEqual(
    { pointer: by['7'].findings[0].pointer, expected: by['7'].findings[0].expected, actual: by['7'].findings[0].actual },
    { pointer: '/TNID', expected: 'string matching ^TNID-', actual: '"NID-555"' },
  );
  assert.equal(by['8b'].status, 'pending');
  assert.equal(by['8f'].status, 'blocked');
  assert.equal(by['10'].status, 'blocked', 'dependent of the failed item 7');
  assert.match(by['10'].reason, /item 7/);
  assert.equal(by['12'].status, 'not-applicable');
  assert.equal(by['14'].status, 'manual');
  assert.equal(by['2'].status, 'not-applicable');
  assert.equal(by['2'].reason, 'no spec');
  assert.equal(by['10'].latencyP95Ms, 2000);
  assert.deepEqual(
    doc.rulings.map((r: any) => r.id),
    ['R-id-number', 'R-token-path'],
  );
  assert.equal(doc.signoff.signatures.find((x: any) => x.team === 'partner').name, 'Ada Partner');

  const md = fs.readFileSync(path.join(out, 'signoff.md'), 'utf8');
  assert.match(md, /\*\*Verdict: FAIL\*\*/);
  assert.match(md, /`\/TNID` \| string matching \^TNID- \| "NID-555"/);
  assert.match(md, /Tom Telegent \| Onboarding lead \| 2026-11-24/);
  assert.match(md, /port-status\*\* order JNUOID-77: Pending Carrier Approval/);
  assert.match(md, /p95 2\.0 s/);
});

test('(b) no distinctive secret in any report file nor in the output', () => {
  const files = listFiles(out);
  assert.ok(files.length >= 5);
  for (const f of files) {
    const text = fs.readFileSync(f).toString('latin1');
    assert.deepEqual(leakedSecrets(text), [], `secret(s) in ${path.relative(out, f)}`);
  }
  for (const r of [run1, run]) {
    assert.deepEqual(leakedSecrets(r.stdout), [], 'secret(s) in stdout');
    assert.deepEqual(leakedSecrets(r.stderr), [], 'secret(s) in stderr');
  }
  // The redaction did happen (not just an absent field): the masks are there.
  const json = fs.readFileSync(path.join(out, 'signoff.json'), 'utf8');
  assert.ok((json.match(/\[REDACTED\]/g) ?? []).length >= 6, 'masked values present');
  assert.match(run.stdout, /signoff: FAIL/);
});

test('(c) signoff.html renders in headless Chromium with 25 checklist rows and the verdict', async (t) => {
  if (!fs.existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} is missing (apt-get install chromium): HTML render check skipped`);
    return;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) external.push(r.url());
    });
    await page.goto(`file://${path.join(out, 'signoff.html')}`);
    const shot = path.join(out, 'signoff.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(fs.statSync(shot).size > 10_000, 'screenshot written');
    assert.deepEqual(external, [], 'self-contained: no network request');
    const rows = page.locator('#checklist tbody tr');
    assert.equal(await rows.count(), 25);
    assert.equal(await page.locator('#checklist tbody tr[data-item="7"]').getAttribute('data-status'), 'failed');
    assert.ok(await page.locator('#checklist').isVisible());
    const verdict = page.locator('#verdict');
    assert.ok(await verdict.isVisible());
    assert.match(await verdict.innerText(), /FAIL/);
    const bg = await verdict.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'inline CSS applied');
    assert.match(await page.locator('#signoff').innerText(), /Ada Partner/);
  } finally {
    await browser.close();
  }
});

test('baseline run: no failure, no regression, history kept', () => {
  assert.equal(doc1.verdict, 'PENDING', 'a pending item (nothing failed) makes the verdict PENDING, not PASS');
  assert.equal(doc1.items.find((i: any) => i.id === '7').status, 'passed');
  assert.equal(doc1.previousRunId, null);
  assert.deepEqual(doc1.regressions, []);
  assert.equal(fs.readdirSync(path.join(out, 'history')).length, 2, 'one history file per run');
});

test('(d) broken item: FAIL, finding listed, dependents blocked, gate exits non-zero', async () => {
  assert.equal(doc.verdict, 'FAIL');
  const by = Object.fromEntries(doc.items.map((i: any) => [i.id, i]));
  assert.equal(by['7'].status, 'failed');
  assert.equal(by['7'].findings[0].pointer, '/TNID');
  assert.equal(by['10'].status, 'blocked');
  assert.equal(by['10'].observedStatus, 'passed');
  assert.match(by['10'].reason, /prerequisite item 7 is failed/);
  const md = fs.readFileSync(path.join(out, 'signoff.md'), 'utf8');
  assert.match(md, /\| 7 \| .* \| FAILED \|/);
  assert.match(md, /\| 10 \| .* \| BLOCKED \| .* prerequisite item 7 is failed/);

  const gate = await runGate(['--report', path.join(out, 'signoff.json')]);
  assert.equal(gate.code, 1, gate.stdout + gate.stderr);
  assert.match(gate.stdout, /gate: FAIL/);
  assert.match(gate.stdout, /item 7 failed/);
  assert.match(gate.stdout, /finding \/TNID: expected string matching \^TNID-, actual "NID-555"/);
  assert.match(gate.stdout, /item 10 blocked/);
  assert.deepEqual(leakedSecrets(gate.stdout + gate.stderr), []);

  // Same report, scope limited to the items that passed: the gate opens.
  const ok = await gateInProcess(['--report', path.join(out, 'signoff.json'), '--scope', '1']);
  assert.equal(ok.code, 0, ok.stdout);
});

test('(e) second run lists a regression line naming the broken item, in all three formats', () => {
  assert.equal(doc.previousRunId, doc1.runId);
  const lines = doc.regressions.map((r: any) => r.line);
  assert.ok(
    lines.some((l: string) => /^REGRESSION item 7: status passed → failed/.test(l)),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((l: string) => /^REGRESSION item 10: status passed → blocked/.test(l)),
    lines.join('\n'),
  );
  assert.ok(!lines.some((l: string) => /^REGRESSION item 10: message latency/.test(l)), `latency is information, not a regression:\n${lines.join('\n')}`);
  assert.ok(
    doc.latencyNotes.some((l: string) => /item 10 message latency p95 900 ms → 2000 ms/.test(l)),
    doc.latencyNotes.join('\n'),
  );
  assert.ok(!lines.some((l: string) => /item (8b|8f|12|14)\b/.test(l)), 'unchanged items are not regressions');
  const md = fs.readFileSync(path.join(out, 'signoff.md'), 'utf8');
  const html = fs.readFileSync(path.join(out, 'signoff.html'), 'utf8');
  assert.match(md, /- REGRESSION item 7: status passed → failed/);
  assert.match(html, /<li data-item="7">REGRESSION item 7: status passed → failed/);
  assert.match(run.stdout, /signoff: REGRESSION item 7: status passed → failed/);
});
