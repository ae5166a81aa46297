/**
 * Two fixture runs in a row into the same report dir (nightly regression):
 *  run 1 — baseline, item 7 passes, SMS latency p95 900 ms;
 *  run 2 — item 7 broken (schema finding), latency p95 2000 ms.
 * (d) run 2: verdict FAIL, item 7 listed with its finding, its dependent (10) blocked, `npm run gate` exits non-zero;
 * (e) run 2 lists regressions naming item 7 (passed → failed) and item 10, in json, md and html.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { leakedSecrets, runFixture, runGate, tempDir, type RunResult } from './run-fixture';

let root: string;
let out: string;
let run1: RunResult;
let run2: RunResult;
let doc1: any;
let doc2: any;

before(async () => {
  root = tempDir('regression');
  out = path.join(root, 'reports');
  run1 = await runFixture(out, { CERT_REPORT_PDF: '0', FIXTURE_P95: '900' });
  doc1 = JSON.parse(fs.readFileSync(path.join(out, 'signoff.json'), 'utf8'));
  run2 = await runFixture(out, { CERT_REPORT_PDF: '0', FIXTURE_P95: '2000', FIXTURE_BREAK: '7' });
  doc2 = JSON.parse(fs.readFileSync(path.join(out, 'signoff.json'), 'utf8'));
  console.log(`runs: ${run1.ms} ms + ${run2.ms} ms`);
});

after(() => {
  if (!process.env.KEEP_SELFTEST_OUTPUT) fs.rmSync(root, { recursive: true, force: true });
});

test('baseline run: no failure, no regression, history kept', () => {
  assert.equal(doc1.verdict, 'INCOMPLETE', 'pending / manual / blocked items keep it from PASS');
  assert.equal(doc1.items.find((i: any) => i.id === '7').status, 'passed');
  assert.equal(doc1.previousRunId, null);
  assert.deepEqual(doc1.regressions, []);
  assert.equal(fs.readdirSync(path.join(out, 'history')).length, 2, 'one history file per run');
});

test('(d) broken item: FAIL, finding listed, dependents blocked, gate exits non-zero', async () => {
  assert.equal(doc2.verdict, 'FAIL');
  const by = Object.fromEntries(doc2.items.map((i: any) => [i.id, i]));
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
  const ok = await runGate(['--report', path.join(out, 'signoff.json'), '--scope', '1']);
  assert.equal(ok.code, 0, ok.stdout);
});

test('(e) second run lists a regression line naming the broken item, in all three formats', () => {
  assert.equal(doc2.previousRunId, doc1.runId);
  const lines = doc2.regressions.map((r: any) => r.line);
  assert.ok(lines.some((l: string) => /^REGRESSION item 7: status passed → failed/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l: string) => /^REGRESSION item 10: status passed → blocked/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l: string) => /^REGRESSION item 10: message latency p95 900 ms → 2000 ms/.test(l)), lines.join('\n'));
  assert.ok(!lines.some((l: string) => /item (8b|8f|12|14)\b/.test(l)), 'unchanged items are not regressions');
  const md = fs.readFileSync(path.join(out, 'signoff.md'), 'utf8');
  const html = fs.readFileSync(path.join(out, 'signoff.html'), 'utf8');
  assert.match(md, /- REGRESSION item 7: status passed → failed/);
  assert.match(html, /<li data-item="7">REGRESSION item 7: status passed → failed/);
  assert.match(run2.stdout, /signoff: REGRESSION item 7: status passed → failed/);
});
