/**
 * Sign-off bound to its evidence (issue 14): two fixture runs (A, B) into their own report directories.
 * (a) evidence.json is exactly the bundle hashed into evidenceSha256; with no attestation item 19 is pending and the
 *     gate refuses; one attestation leaves it pending; after the second it passes and the gate opens; verify → 0;
 *     an attestation copied from run B → flagged by verify (naming it) and refused by attest (without --replace);
 *     one byte of evidence.json changed → verify exits 1 naming evidence.json, attest refuses;
 *     no sign-off → attest refuses; --help does nothing else; no secret in any attestation.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalJson, evidenceBundle, sha256 } from '../../reporter/model';
import { leakedSecrets, runFixture, runScript, secretEnv, SECRETS, tempDir } from './run-fixture';

let root: string;
let A: string;
let B: string;
let docA: any;
let docB: any;

before(async () => {
  root = tempDir('attest');
  A = path.join(root, 'a');
  B = path.join(root, 'b');
  const ra = await runFixture(A, { CERT_REPORT_PDF: '0' });
  const rb = await runFixture(B, { CERT_REPORT_PDF: '0', FIXTURE_BREAK: '7' });
  console.log(`fixture runs: exit ${ra.code} in ${ra.ms} ms, exit ${rb.code} in ${rb.ms} ms`);
  docA = JSON.parse(fs.readFileSync(path.join(A, 'signoff.json'), 'utf8'));
  docB = JSON.parse(fs.readFileSync(path.join(B, 'signoff.json'), 'utf8'));
});

after(() => {
  if (!process.env.KEEP_SELFTEST_OUTPUT) fs.rmSync(root, { recursive: true, force: true });
  else console.log(`kept ${root}`);
});

const attestArgs = (dir: string, team: string, name: string, role: string) => ['--team', team, '--name', name, '--role', role, '--report', dir];

test('evidence.json is exactly the bundle whose SHA-256 is evidenceSha256', () => {
  const raw = fs.readFileSync(path.join(A, 'evidence.json'));
  assert.equal(sha256(raw), docA.evidenceSha256, 'sha256(evidence.json) = evidenceSha256');
  assert.equal(raw.toString('utf8'), canonicalJson(evidenceBundle(docA.items)), 'the canonical bundle of signoff.json items');
  assert.equal(JSON.parse(raw.toString('utf8')).length, 25);
  assert.notEqual(docA.runId, docB.runId);
  assert.deepEqual(leakedSecrets(raw.toString('utf8')), []);
});

const statusOf = (dir: string, id: string) => JSON.parse(fs.readFileSync(path.join(dir, 'signoff.json'), 'utf8')).items.find((i: any) => i.id === id);

test('with no attestation item 19 is pending (awaiting both teams) and the gate refuses', async () => {
  const i19 = statusOf(A, '19');
  assert.equal(i19.status, 'pending');
  assert.equal(i19.attestation, 'awaiting');
  assert.match(i19.reason, /awaiting the attestation of partner and telegent/);
  assert.equal(docA.verdict, 'PENDING', 'the fixture has a port-in pending too');
  const g = await runScript('gate', ['--report', path.join(A, 'signoff.json'), '--scope', '1,19']);
  console.log(g.stdout);
  assert.equal(g.code, 1);
  assert.match(g.stdout, /awaiting the teams' attestations: 19/);
  const nightly = await runScript('gate', ['--report', path.join(A, 'signoff.json'), '--scope', '1,19', '--technical']);
  assert.equal(nightly.code, 0, `--technical (nightly) accepts items awaiting attestation: ${nightly.stdout}`);
  assert.equal((await runScript('gate', ['--report', path.join(A, 'signoff.json'), '--technical', '--cutover'])).code, 3, 'never for a cutover');
  assert.match(fs.readFileSync(path.join(A, 'signoff.html'), 'utf8'), /awaiting partner and telegent/);
});

test('(a) attest twice, then verify → exit 0; no secret in an attestation', async () => {
  const p = await runScript('attest', attestArgs(A, 'partner', `Ada Partner ${SECRETS.accountSecret}`, 'CTO'), secretEnv());
  assert.equal(p.code, 0, p.stderr);
  const rec = JSON.parse(fs.readFileSync(path.join(A, 'attestations', 'partner.json'), 'utf8'));
  assert.deepEqual(Object.keys(rec).sort(), ['date', 'evidenceSha256', 'name', 'role', 'runId', 'team']);
  assert.equal(rec.runId, docA.runId);
  assert.equal(rec.evidenceSha256, docA.evidenceSha256);
  assert.ok(!Number.isNaN(Date.parse(rec.date)) && rec.date.includes('T'), 'ISO date');
  assert.deepEqual(leakedSecrets(fs.readFileSync(path.join(A, 'attestations', 'partner.json'), 'utf8')), [], 'secret in --name redacted');
  assert.equal(statusOf(A, '19').status, 'pending', 'one attestation is not a sign-off');
  const t = await runScript('attest', attestArgs(A, 'telegent', 'Tom Telegent', 'Onboarding lead'));
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /both teams attested; item 14 manual, item 19 passed/);
  assert.equal(statusOf(A, '19').status, 'passed', 'both attested: item 19 passes');
  assert.match(fs.readFileSync(path.join(A, 'signoff.html'), 'utf8'), /Tom Telegent/);
  const g = await runScript('gate', ['--report', path.join(A, 'signoff.json'), '--scope', '1,19']);
  assert.equal(g.code, 0, g.stdout);
  assert.match(g.stdout, /both attestations verified/);
  const v = await runScript('verify', [A]);
  console.log(v.stdout);
  assert.equal(v.code, 0, v.stdout);
  assert.match(v.stdout, /ok +\S*evidence\.json/);
  assert.match(v.stdout, /ok +\S*attestations\/partner\.json/);
  assert.match(v.stdout, /ok +\S*attestations\/telegent\.json/);
  const again = await runScript('attest', attestArgs(A, 'telegent', 'Tom Telegent', 'Onboarding lead'));
  assert.equal(again.code, 0, 're-attesting the same run is allowed');
});

test('(a) an attestation copied from another run: flagged by verify, refused by attest without --replace', async () => {
  const b = await runScript('attest', attestArgs(B, 'partner', 'Ada Partner', 'CTO'));
  assert.equal(b.code, 0, b.stderr);
  const target = path.join(A, 'attestations', 'partner.json');
  const own = fs.readFileSync(target);
  fs.copyFileSync(path.join(B, 'attestations', 'partner.json'), target);
  const v = await runScript('verify', [A]);
  console.log(v.stdout);
  assert.equal(v.code, 1);
  assert.match(v.stdout, /FAIL \S*attestations\/partner\.json: attests run/);
  assert.doesNotMatch(v.stdout, /FAIL \S*telegent\.json/);
  const refused = await runScript('attest', attestArgs(A, 'partner', 'Ada Partner', 'CTO'));
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr.trim().split('\n').length, 1, 'one clear line');
  assert.match(refused.stderr, /already exists for another run.*--replace/);
  const replaced = await runScript('attest', [...attestArgs(A, 'partner', 'Ada Partner', 'CTO'), '--replace']);
  assert.equal(replaced.code, 0, replaced.stderr);
  assert.equal((await runScript('verify', [A])).code, 0);
  fs.writeFileSync(target, own);
});

test('(a) one byte of evidence.json changed → verify exit 1 naming evidence.json; attest refused', async () => {
  const file = path.join(A, 'evidence.json');
  const orig = fs.readFileSync(file);
  const bytes = Buffer.from(orig);
  const i = bytes.indexOf(Buffer.from('"id":"7"'));
  assert.ok(i > 0);
  bytes[i + 6] = '8'.charCodeAt(0);
  fs.writeFileSync(file, bytes);
  const v = await runScript('verify', [A]);
  console.log(v.stdout);
  assert.equal(v.code, 1);
  assert.match(v.stdout, /FAIL \S*evidence\.json: changed after the sign-off/);
  const r = await runScript('attest', attestArgs(A, 'telegent', 'Tom Telegent', 'Onboarding lead'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /refused — \S*evidence\.json: changed/);
  const g = await runScript('gate', ['--report', path.join(A, 'signoff.json'), '--scope', '1,19']);
  assert.equal(g.code, 1, 'the gate re-verifies the attestations');
  assert.match(g.stdout, /attestations no longer hold[\s\S]*evidence\.json/);
  fs.writeFileSync(file, orig);
  assert.equal((await runScript('verify', [A])).code, 0, 'restored evidence verifies again');
});

test('(a) no sign-off → attest refused; --help does nothing else', async () => {
  const empty = path.join(root, 'empty');
  const r = await runScript('attest', attestArgs(empty, 'partner', 'Ada', 'CTO'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /refused — .*no sign-off/);
  assert.equal(fs.existsSync(empty), false, 'nothing written');
  for (const s of ['attest', 'verify']) {
    const h = await runScript(s, ['--help', '--team', 'partner', '--name', 'X', '--role', 'Y', '--report', empty]);
    assert.equal(h.code, 0);
    assert.match(h.stdout, new RegExp(`npm run ${s}`));
  }
  assert.equal(fs.existsSync(empty), false, 'help wrote nothing');
});
