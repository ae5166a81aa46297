/**
 * The default certification, then the same against a deliberately broken target (issues 4 and 5):
 * a clean run with distinctive secrets leaks none of them; the next run, with one defect switched on in the
 * sandbox, is FAIL with the failing item and its finding in words (expected, actual, basis) beside the webhook that
 * proves it, its dependents blocked, the gate exits non-zero (and refuses the clean run until both teams attest),
 * and the report names the regression against the previous run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { certify, statuses, tail, tempReportDir, ROOT } from './run';
import { CHECKLIST_ORDER } from '../../helpers/item';
import { attest } from '../../reporter/attestations';
import { refreshSignoff } from '../../reporter/refresh';
import { npmScriptArgs } from '../npm-script';

const SECRETS = {
  SANDBOX_ACCOUNT_SECRET: 'Zq9-account-secret-7Hx4Lw',
  PORTIN_ACCOUNT_PASSWORD: 'Kp3-portin-pass-91',
  PORTOUT_PIN: '804261',
};

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(p) : [p];
  });
}

function gate(reportDir: string) {
  return spawnSync(process.execPath, npmScriptArgs('gate'), {
    cwd: ROOT,
    env: { ...process.env, CERT_REPORT_DIR: reportDir },
    encoding: 'utf8',
  });
}

test(
  'the default certification with distinctive secrets: 25 passed, exit 0, wall time, gate 0, no secret in any report file or in the output; then a broken run: FAIL, blocked dependents, gate ≠ 0, regression named',
  { timeout: 400_000 },
  async () => {
    const dir = tempReportDir('broken');

    // the whole default certification, as a partner runs it (issue 4): every item passes, exit 0, wall time printed
    // the PDF is rendered from signoff.html, whose text is scanned here; its own rendering is certify.test.ts's
    const clean = await certify({ ...SECRETS, CERT_REPORT_PDF: '0' }, [], dir);
    const cst = statuses(clean);
    assert.deepEqual(
      CHECKLIST_ORDER.filter((id) => cst[id] !== 'passed').map((id) => `${id}=${cst[id]}`),
      [],
      `items not passed:\n${tail(clean.stdout)}\n${tail(clean.stderr, 1500)}`,
    );
    assert.equal(clean.signoff?.verdict, 'PASS');
    assert.equal(clean.code, 0, 'certify exits 0');
    assert.match(clean.stdout, /certification wall time: [\d.]+ s/);
    console.log(`certification wall time (boot included): ${(clean.wallMs / 1000).toFixed(1)} s`);
    const leaks: string[] = [];
    for (const f of filesUnder(dir)) {
      const buf = fs.readFileSync(f);
      for (const [name, value] of Object.entries(SECRETS)) if (buf.includes(value)) leaks.push(`${name} in ${path.relative(dir, f)}`);
    }
    for (const [name, value] of Object.entries(SECRETS)) if ((clean.stdout + clean.stderr).includes(value)) leaks.push(`${name} in the test output`);
    assert.deepEqual(leaks, [], 'no secret anywhere');
    assert.equal(clean.signoff.items.find((i: any) => i.id === '19').status, 'pending', 'item 19 awaits the teams');
    assert.notEqual(gate(dir).status, 0, 'the gate refuses a PASS run nobody has attested');
    for (const [team, name] of [
      ['partner', 'Ada Partner'],
      ['telegent', 'Tom Telegent'],
    ] as const)
      assert.ok(attest({ reportDir: dir, team, name, role: 'lead' }).ok);
    await refreshSignoff(dir);
    assert.equal(gate(dir).status, 0, 'gate passes a PASS run both teams attested');

    // item 10's defect: the delivery report comes without the route's configured Authorization
    const broken = await certify({ ...SECRETS, SANDBOX_DRIFT: 'dlr-without-auth', CERT_REPORT_PDF: '0' }, [], dir);
    const st = statuses(broken);
    assert.equal(broken.signoff?.verdict, 'FAIL');
    assert.equal(st['10'], 'failed', `item 10:\n${tail(broken.stdout)}`);
    const item10 = broken.signoff.items.find((i: any) => i.id === '10');
    assert.ok(
      JSON.stringify(item10.findings).match(/delivery report/i),
      `item 10 carries a finding about the delivery report: ${JSON.stringify(item10.findings).slice(0, 400)}`,
    );
    // the finding in words: what was checked, expected vs actual, its basis; and the webhook that proves it
    const f = item10.findings.find((x: any) => /callback auth/.test(x.message ?? ''));
    assert.ok(f, JSON.stringify(item10.findings).slice(0, 600));
    assert.match(f.expected, /Bearer/);
    assert.match(f.actual, /no Authorization/i);
    assert.match(f.basis, /seed 001/);
    const hook = item10.evidence.find((e: any) => e.kind === 'webhook');
    assert.ok(hook && hook.body?.MessageId && hook.headers?.['content-type'], `the delivery report received is evidence: ${JSON.stringify(hook)}`);
    const html = fs.readFileSync(path.join(dir, 'signoff.html'), 'utf8');
    const section = html.slice(html.indexOf('<section id="findings">'), html.indexOf('<section id="warnings">'));
    assert.match(section, /Expected<\/dt><dd>[^<]*Bearer/);
    assert.match(section, /Actual<\/dt><dd>[^<]*no Authorization/i);
    assert.match(section, /webhook<\/span> delivery report for TMID-/);
    assert.match(section, /MessageId/);
    for (const [name, value] of Object.entries(SECRETS)) assert.ok(!html.includes(value), `${name} in the broken run's report`);
    for (const id of ['12', '18', '19']) assert.equal(st[id], 'blocked', `dependent item ${id} is blocked`);
    for (const id of ['1', '7', '9', '11', '15', '17']) assert.equal(st[id], 'passed', `unrelated item ${id} still passes`);
    const g = gate(dir);
    assert.notEqual(g.status, 0, 'gate refuses a FAIL run');
    assert.match(g.stdout + g.stderr, /\b10\b/, 'gate names item 10');
    const md = fs.readFileSync(path.join(dir, 'signoff.md'), 'utf8');
    assert.ok(broken.signoff.previousRunId, 'the broken run found the clean run as its baseline (same target, same profile)');
    assert.ok(
      broken.signoff.regressions.some((r: any) => /^REGRESSION item 10: status passed → failed/.test(r.line)),
      JSON.stringify(broken.signoff.regressions),
    );
    assert.match(md, /- REGRESSION item 10: status passed → failed/, 'the report lists a regression naming item 10');
  },
);
