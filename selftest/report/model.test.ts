/** Unit tests of the sign-off model, the redaction layer and the gate (no Playwright run). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECKLIST, PHASE4_FIRST_NUMBER_ITEMS } from '../../reporter/checklist';
import { isProductionTarget } from '../../helpers/production';
import {
  aggregateStatus,
  blankItems,
  canonicalJson,
  computeVerdict,
  findRegressions,
  latencyChanges,
  propagateBlocked,
  stoppedBeforeStart,
  testStatus,
} from '../../reporter/model';
import { createRedactor, envSecrets, MASK } from '../../reporter/redaction';
import { sanitizeTarget } from '../../reporter/build';
import { evaluateGate, parseScope } from '../../scripts/gate';
import { gateInProcess, tempDir } from './run-fixture';

test('checklist: 25 items in checklist order, joint items 14 and 19, same order as helpers/item.ts', async () => {
  assert.deepEqual(
    CHECKLIST.map((c) => c.id),
    ['1', '2', '3', '4', '5', '6', '7', '8', '8a', '8b', '8c', '8d', '8e', '8f', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19'],
  );
  assert.deepEqual(
    CHECKLIST.filter((c) => c.owner === 'Joint').map((c) => c.id),
    ['14', '19'],
  );
  const item = require('../../helpers/item') as typeof import('../../helpers/item');
  assert.deepEqual(
    [...item.CHECKLIST_ORDER],
    CHECKLIST.map((c) => c.id),
  );
});

test('test status: outcome + annotations', () => {
  assert.equal(testStatus('expected', [], true).status, 'passed');
  assert.equal(testStatus('flaky', [], true).status, 'passed');
  assert.equal(testStatus('unexpected', [{ type: 'blocked', description: 'x' }], true).status, 'failed');
  assert.deepEqual(testStatus('skipped', [{ type: 'skip' }, { type: 'blocked', description: 'prerequisite item 7 is failed' }], true), {
    status: 'blocked',
    reason: 'prerequisite item 7 is failed',
  });
  assert.equal(testStatus('expected', [{ type: 'manual', description: 'm' }], true).status, 'manual');
  assert.equal(testStatus('skipped', [{ type: 'resumed', description: 'r' }], true).status, 'passed');
  assert.equal(testStatus('skipped', [{ type: 'skip', description: 'why' }], true).status, 'not-applicable');
  assert.equal(testStatus('skipped', [], false).status, 'blocked');
});

test('a stop between two tests of an item: the next test, skipped by the stopped run with no reason of ours, did not start', () => {
  const item = [{ type: 'item' }];
  assert.equal(stoppedBeforeStart('skipped', item, 'interrupted'), true);
  assert.equal(stoppedBeforeStart('skipped', item, 'passed'), false, 'a run that ended normally');
  assert.equal(stoppedBeforeStart('passed', item, 'interrupted'), false, 'it ran');
  for (const type of ['skip', 'blocked', 'not-applicable', 'pending', 'manual', 'resumed', 'not-configured', 'check-skipped'])
    assert.equal(stoppedBeforeStart('skipped', [...item, { type }], 'interrupted'), false, `skipped on purpose (${type})`);
  // the item then reads blocked (interrupted), never passed or not-applicable
  const tests = [testStatus('expected', [], true), testStatus('interrupted', [], true)];
  assert.deepEqual(aggregateStatus(tests), { status: 'blocked', reason: 'did not run to its end (interrupted: the run was stopped)' });
});

test('item aggregation precedence: failed > blocked > not-applicable > pending > manual > passed; none → no spec', () => {
  const s = (...st: string[]) => aggregateStatus(st.map((status) => ({ status: status as never }))).status;
  assert.equal(s('passed', 'failed', 'blocked'), 'failed');
  assert.equal(s('passed', 'manual', 'blocked', 'pending'), 'blocked');
  assert.equal(s('pending', 'not-applicable'), 'not-applicable');
  assert.equal(s('manual', 'pending', 'passed'), 'pending');
  assert.equal(s('manual', 'passed'), 'manual');
  assert.equal(s('passed', 'passed'), 'passed');
  assert.deepEqual(aggregateStatus([]), { status: 'not-applicable', reason: 'no spec' });
});

test('dependents of a failed item are blocked, transitively; N/A prerequisites do not block', () => {
  const items = blankItems();
  const by = Object.fromEntries(items.map((i) => [i.id, i]));
  for (const i of items) i.status = 'passed';
  by['7'].status = 'failed';
  by['12'].status = 'not-applicable';
  propagateBlocked(items);
  assert.equal(by['7'].status, 'failed');
  assert.equal(by['9'].status, 'blocked');
  assert.equal(by['10'].status, 'blocked'); // item 10 declares 7 (specs/10: the SMS is sent from the number of item 7)
  assert.match(by['10'].reason!, /item 7 is failed/);
  assert.equal(by['12'].status, 'not-applicable');
  assert.equal(by['18'].status, 'blocked'); // transitively, via 10
  assert.equal(by['12'].status, 'not-applicable');
  assert.equal(by['2'].status, 'passed');
  assert.equal(computeVerdict(items), 'FAIL');
});

test('an extra check skipped for want of data or time leaves its item standing (not not-applicable)', () => {
  const extra = testStatus(
    'skipped',
    [
      { type: 'check-skipped', description: 'the token lives 601 s' },
      { type: 'skip', description: 'x' },
    ],
    true,
  );
  assert.deepEqual(extra, { status: 'passed', reason: 'not checked: the token lives 601 s' });
  assert.equal(testStatus('skipped', [{ type: 'not-configured', description: 'set CERT_FOREIGN_ACCOUNT_ID' }, { type: 'skip' }], true).status, 'passed');
  assert.equal(testStatus('skipped', [{ type: 'skip', description: 'out of scope' }], true).status, 'not-applicable');
});

test('verdict', () => {
  assert.equal(computeVerdict([{ status: 'passed' }, { status: 'not-applicable' }]), 'PASS');
  assert.equal(computeVerdict([{ status: 'passed' }, { status: 'pending' }]), 'PENDING');
  assert.equal(computeVerdict([{ status: 'failed' }, { status: 'pending' }]), 'FAIL');
  assert.equal(computeVerdict([{ status: 'passed' }, { status: 'manual' }]), 'INCOMPLETE');
  assert.equal(computeVerdict([{ status: 'not-applicable' }]), 'INCOMPLETE');
  assert.equal(computeVerdict([{ status: 'blocked' }, { status: 'failed' }]), 'FAIL');
});

test('regressions: worse status only; pending, manual and N/A are not regressions; latency beyond noise is information', () => {
  const prev = {
    runId: 'r1',
    items: [
      { id: '7', status: 'passed' as const },
      { id: '10', status: 'passed' as const, latencyP95Ms: 1000 },
      { id: '12', status: 'passed' as const },
      { id: '8b', status: 'failed' as const },
      { id: '8e', status: 'passed' as const },
      { id: '17', status: 'passed' as const },
    ],
  };
  const cur = {
    runId: 'r2',
    items: [
      { id: '7', status: 'failed' as const },
      { id: '10', status: 'passed' as const, latencyP95Ms: 1500 },
      { id: '12', status: 'not-applicable' as const },
      { id: '8b', status: 'pending' as const },
      { id: '8e', status: 'pending' as const },
      { id: '17', status: 'manual' as const },
    ],
  };
  const r = findRegressions(prev, cur);
  assert.deepEqual(
    r.map((x) => `${x.item}:${x.kind}`),
    ['7:status'],
    'N/A, pending, manual and improvements are not regressions',
  );
  assert.deepEqual(latencyChanges(prev, cur), [], 'exactly +50% (+500 ms) is noise');
  cur.items[1].latencyP95Ms = 1501;
  assert.equal(latencyChanges(prev, cur).length, 1);
  assert.match(latencyChanges(prev, cur)[0], /^info: item 10 message latency p95 1000 ms → 1501 ms/);
  assert.deepEqual(
    latencyChanges(
      { runId: 'a', items: [{ id: '10', status: 'passed', latencyP95Ms: 34 }] },
      { runId: 'b', items: [{ id: '10', status: 'passed', latencyP95Ms: 112 }] },
    ),
    [],
    'p95 34 → 112 ms is network noise',
  );
  assert.deepEqual(findRegressions(undefined, cur), []);
});

test('canonical JSON sorts keys at every level', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null }, u: undefined }), '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
});

test('redactor: env names, keys, bearer tokens, inline key=value, numbers; harmless values left alone', () => {
  const env = {
    TELEGENT_ACCOUNT_SECRET: 'acct-secret-value-1',
    MY_ROUTE_PASSWORD: 'rp-value-22',
    GH_TOKEN: 'ghp_abcdef123',
    PORT_PIN: '99887766',
    FEATURE_TOKEN_ON: 'true',
    SHORT_PIN: '12',
    PATH: '/usr/bin',
  };
  assert.deepEqual(envSecrets(env).sort(), ['99887766', 'acct-secret-value-1', 'ghp_abcdef123', 'rp-value-22']);
  const r = createRedactor(['registered-extra-1'], env);
  const v = r.value({
    msg: 'secret acct-secret-value-1 and rp-value-22 and registered-extra-1',
    headers: { Authorization: 'Bearer abc.def.ghi', 'x-api-key': 'k123' },
    body: {
      AccountSecret: 'zzz',
      PortOutPin: 4455,
      tokenExpiry: '05/02/2026 06:36:13 PM',
      tokenScope: 'http://h/v1.0/products',
      Pin: null,
      authorization: 'Bearer [REDACTED]',
    },
    text: 'POST body AccountSecret=shh&x=1 and {"access_token":"tok123"} and pin: 8888',
    n: 99887766,
    durationMs: 120,
  });
  assert.equal(v.msg, `secret ${MASK} and ${MASK} and ${MASK}`);
  assert.equal(v.headers.Authorization, MASK);
  assert.equal(v.headers['x-api-key'], MASK);
  assert.equal(v.body.AccountSecret, MASK);
  assert.equal(v.body.PortOutPin, MASK);
  assert.equal(v.body.tokenExpiry, '05/02/2026 06:36:13 PM');
  assert.equal(v.body.Pin, null);
  assert.equal(v.body.tokenScope, 'http://h/v1.0/products');
  assert.equal(v.body.authorization, 'Bearer [REDACTED]', 'already masked values keep their scheme');
  assert.equal(v.text, `POST body AccountSecret=${MASK}&x=1 and {"access_token":"${MASK}"} and pin: ${MASK}`);
  assert.equal(v.n, MASK);
  assert.equal(v.durationMs, 120);
  assert.equal(r.text('Authorization: Bearer eyJhbGciOi.xyz'), `Authorization: Bearer ${MASK}`);
});

test('target is shown without credentials or query', () => {
  assert.equal(sanitizeTarget('https://user:pw@api.telegent.com/?AccountSecret=x#y'), 'https://api.telegent.com');
  assert.equal(sanitizeTarget('http://127.0.0.1:4010'), 'http://127.0.0.1:4010');
  assert.match(sanitizeTarget(undefined), /embedded sandbox/);
  assert.equal(sanitizeTarget('embedded sandbox (http://127.0.0.1:41445)'), 'embedded sandbox (http://127.0.0.1:41445)');
  assert.equal(sanitizeTarget('partner dev (https://u:p@dev.example.test/x?key=1)'), 'partner dev (https://dev.example.test/x)');
});

test('production detection and Phase 4 scope', () => {
  assert.equal(isProductionTarget('https://api.telegent.com', {}), true);
  assert.equal(isProductionTarget('https://dev.example.test', {}), false);
  assert.equal(isProductionTarget('https://API.telegent.com./v1.0', {}), true, 'the fully qualified spelling is the same host');
  assert.equal(isProductionTarget('http://127.0.0.1:1', { CERT_ENV: 'production' }), true);
  assert.equal(isProductionTarget('https://prod.partner.test', { CERT_PRODUCTION_HOSTS: 'prod.partner.test' }), true);
  assert.deepEqual([...PHASE4_FIRST_NUMBER_ITEMS], ['1', '2', '3', '4', '5', '6', '7', '9', '10', '11']);
  assert.throws(() => parseScope('7,99'), /unknown item/);
});

function report(statuses: Record<string, string>, target = 'http://127.0.0.1:1') {
  return {
    verdict: 'X',
    target,
    items: CHECKLIST.map((c) => ({
      id: c.id,
      status: statuses[c.id] ?? 'not-applicable',
      reason: statuses[c.id] ? undefined : 'out of scope for this profile',
    })),
  };
}

test('gate decision: all in-scope items passed ↔ exit 0', () => {
  const all = Object.fromEntries(PHASE4_FIRST_NUMBER_ITEMS.map((id) => [id, 'passed']));
  assert.equal(evaluateGate(report(all), { kind: 'all' }).ok, true);
  assert.equal(evaluateGate(report({ ...all, '14': 'manual' }), { kind: 'all' }).ok, false);
  // Phase 4 scope ignores item 14 but needs every first-number item.
  assert.equal(evaluateGate(report({ ...all, '14': 'manual' }), parseScope('phase4')!).ok, true);
  const noSpec = report({ ...all });
  noSpec.items.find((i) => i.id === '9')!.status = 'not-applicable';
  noSpec.items.find((i) => i.id === '9')!.reason = 'no spec';
  const r = evaluateGate(noSpec, parseScope('phase4')!);
  assert.equal(r.ok, false);
  assert.match(r.lines.join('\n'), /item 9: required by the phase4 first-number flow scope but has no spec/);
  assert.equal(evaluateGate({ items: [] }, { kind: 'all' }).ok, false);
  assert.equal(evaluateGate(report({}), { kind: 'all' }).ok, false, 'nothing in scope is not a pass');
});

test('gate main(): missing report → 2; production without --allow-billable refuses to run → 3; production report → phase4 scope', async () => {
  const dir = tempDir('gate');
  try {
    const missing = await gateInProcess(['--report', path.join(dir, 'nope.json')]);
    assert.equal(missing.code, 2, missing.stdout);
    assert.match(missing.stdout, /no readable sign-off report/);

    const refused = await gateInProcess(['--run'], { TELEGENT_BASE_URL: 'https://api.telegent.com', CERT_ENV: '' });
    assert.equal(refused.code, 3, refused.stdout);
    assert.match(refused.stdout, /REFUSED/);
    assert.match(refused.stdout, /--allow-billable/);
    const refused2 = await gateInProcess(['--run'], { TELEGENT_BASE_URL: 'http://127.0.0.1:9', CERT_ENV: 'production' });
    assert.equal(refused2.code, 3);

    const file = path.join(dir, 'signoff.json');
    const all = Object.fromEntries(PHASE4_FIRST_NUMBER_ITEMS.map((id) => [id, 'passed']));
    fs.writeFileSync(file, JSON.stringify(report({ ...all, '12': 'failed' }, 'https://api.telegent.com')));
    const prod = await gateInProcess(['--report', file], { CERT_ENV: '' });
    assert.equal(prod.code, 0, prod.stdout);
    assert.match(prod.stdout, /phase4 first-number flow/);
    const allScope = await gateInProcess(['--report', file, '--scope', 'all'], { CERT_ENV: '' });
    assert.equal(allScope.code, 1);
    assert.match(allScope.stdout, /item 12 failed/);

    // a rehearsal on the sandbox is never a production cutover, unless the gate is told it is a cutover rehearsal
    const rehearsalFile = path.join(dir, 'rehearsal.json');
    fs.writeFileSync(rehearsalFile, JSON.stringify({ ...report(all, 'embedded sandbox'), rehearsal: true }));
    const asCutover = await gateInProcess(['--report', rehearsalFile, '--scope', 'phase4'], { CERT_ENV: '' });
    assert.equal(asCutover.code, 3, asCutover.stdout);
    assert.match(asCutover.stdout, /REFUSED — this sign-off is a rehearsal/);
    assert.equal((await gateInProcess(['--report', rehearsalFile, '--scope', 'phase4', '--rehearsal'], { CERT_ENV: '' })).code, 0);
    assert.equal((await gateInProcess(['--report', rehearsalFile, '--scope', 'phase4'], { CERT_ENV: 'production' })).code, 3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('redactor: a tuning setting named after a token is no secret; a number-like secret never eats the digits of a number', () => {
  // before: CERT_TOKEN_EXPIRY_WAIT_MS=700000 (a documented .env setting) was taken for a secret, and the literal pass
  // turned signoff.json's "durationMs": 2.003370000000091 into 2.0033[REDACTED]00091 — no sign-off could be read
  const env = { CERT_TOKEN_EXPIRY_WAIT_MS: '700000', SANDBOX_TOKEN_TTL_SECONDS: '3600', PORTOUT_PIN: '00000000' };
  assert.deepEqual(envSecrets(env), ['00000000']);
  const r = createRedactor(['99887766'], env);
  const json = JSON.stringify({ durationMs: 2.003370000000091, x: 27.067000000000006, y: 1.99887766, n: 700000, note: 'pin 00000000; 99887766.' });
  const out = r.literal(json);
  const back = JSON.parse(out);
  assert.equal(back.durationMs, 2.003370000000091);
  assert.equal(back.x, 27.067000000000006);
  assert.equal(back.y, 1.99887766);
  assert.equal(back.n, 700000);
  assert.equal(back.note, `pin ${MASK}; ${MASK}.`);
  // a number's minus sign or exponent keeps it a number; a hyphen or a letter beside the secret in text does not hide it
  const nums = JSON.parse(r.literal(JSON.stringify({ neg: -99887766, exp: 1e-7, list: [-99887766] })));
  assert.deepEqual(nums, { neg: -99887766, exp: 1e-7, list: [-99887766] });
  assert.equal(r.text('PIN-99887766 e99887766 x99887766y'), `PIN-${MASK} e${MASK} x${MASK}y`);
});
