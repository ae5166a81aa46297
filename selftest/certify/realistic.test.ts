/**
 * Issue 11: the real-target path, rehearsed against a separately started sandbox in REALISTIC mode (carrier clock
 * in days, CDRs on a 15-minute cycle, 5-minute tokens, state in a file, /_sandbox/ hidden behind a control key the
 * suite does not have), reached only through TELEGENT_BASE_URL and WEBHOOK_PUBLIC_URL (a forwarder in front of
 * the suite's receiver), with the real-network test data a partner configures.
 *
 *   1. the first run has no failed item: 8c, 8e (and 18, its CDR cycle not come) are pending, verdict PENDING, the
 *      gate exits non-zero naming them, and the open port-in is not cancelled; a fresh run beside it is refused
 *      before any call (its second port-in for the same number would be refused by the platform);
 *   2. three days later on the platform's clock (the self-test holds the control key; time keeps passing while the
 *      resumed run waits), `certify --resume` completes them: verdict PASS, gate 0;
 *   3. a port-in that moves only while no run is reading (rejected, then — after the resumed run's correction —
 *      approved, scheduled and ported between runs): the last --resume finds it Completed and 8e passes, the unseen
 *      Scheduled a warning (R-status-observability: nobody was reading across the change).
 */
import { attest } from '../../reporter/attestations';
import { refreshSignoff } from '../../reporter/refresh';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { request } from 'undici';
import { certify, startCertify, statuses, sandboxAsTargetEnv, tail, tempReportDir, PORT_IN_SPECS } from './run';
import { startStandaloneSandbox, freePort, type Standalone } from './standalone';
import { startForwarder, type Forwarder } from './forwarder';
import { runGate } from '../report/run-fixture';

const CONTROL_KEY = 'selftest-control-key-7f3a';
const DAY = 86_400_000;

let sb: Standalone;
let fwd: Forwarder;
let webhookPort: number;
const reportDir = tempReportDir('realistic');

async function control(p: string, body: unknown): Promise<number> {
  const res = await request(`${sb.baseUrl}/_sandbox/${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sandbox-control-key': CONTROL_KEY },
    body: JSON.stringify(body),
  });
  await res.body.dump();
  return res.statusCode;
}

/** The Telegent SBC address, as Telegent gives it at onboarding (Phase 2) — here from the sandbox's health, behind the key. */
async function sbcAddress(): Promise<string> {
  const res = await request(`${sb.baseUrl}/_sandbox/health`, { headers: { 'x-sandbox-control-key': CONTROL_KEY } });
  const h = (await res.body.json()) as { sipHost?: string; sipPort?: number };
  assert.ok(h.sipPort, `the sandbox runs its SBC: ${JSON.stringify(h)}`);
  return `${h.sipHost || '127.0.0.1'}:${h.sipPort}`;
}

/** The real-network test data a partner puts in .env (here: the sandbox's own fictional values). */
async function partnerEnv(): Promise<Record<string, string>> {
  return sandboxAsTargetEnv(sb.baseUrl, webhookPort, fwd.url, {
    TELEGENT_SBC: await sbcAddress(),
    PORTIN_NUMBER: '+13125550142',
    PORTIN_CANCEL_NUMBER: '+13125550143',
    PORTIN_INELIGIBLE_NUMBER: '+15005550001',
    PSTN_TEST_NUMBER: '+12025550123',
    CERT_MMS_MEDIA_URL: 'https://media.partner.example/cert/pixel.png',
    CERT_FOREIGN_ACCOUNT_ID: 'AID-00000000-0000-4000-8000-00000000f0e1',
    CERT_FOREIGN_NUMBER: '+12025550199',
    SIP_AGREED_HEADERS: '{"X-Telegent-Hairpin":"1"}',
    SIP_REQUEST_URI_FORMAT: 'e164',
    CERT_WITHOUT: 'data', // a device attach needs an operator on a real target (item 17 is `manual` in CI)
    CERT_TOKEN_EXPIRY_WAIT_MS: '0', // 5-minute tokens: not waited out here
    CERT_PORTIN_WAIT_MS: '4000',
    CERT_CDR_WAIT_MS: '3000',
    CERT_POLL_MS: '200',
  });
}

before(async () => {
  webhookPort = await freePort();
  fwd = await startForwarder(webhookPort);
  sb = await startStandaloneSandbox({
    SANDBOX_REALISTIC: '1',
    // a slow carrier, but hours rather than a day per decision, so the time-lapse below stays short
    SANDBOX_CARRIER_STEP: '10m,2h,2h',
    SANDBOX_CONTROL_KEY: CONTROL_KEY,
    SANDBOX_STATE_FILE: path.join(reportDir, '..', `${path.basename(reportDir)}-state.json`),
    SANDBOX_PROPAGATION_MS: '300',
    SANDBOX_CDR_WEBHOOK_URL: `${fwd.url}/hooks/cdr`,
  });
});
after(async () => {
  await sb?.stop();
  await fwd?.close();
});

test('slow carrier: first run pending (no failure), gate refuses; three days later --resume completes: PASS', { timeout: 600_000 }, async () => {
  const env = await partnerEnv();
  const first = await certify(env, [], reportDir);
  const st = statuses(first);
  const failed = Object.entries(st).filter(([, s]) => s === 'failed' || s === 'blocked');
  assert.deepEqual(failed, [], `no failed or blocked item in the first run:\n${tail(first.stdout)}\n${tail(first.stderr, 1500)}`);
  for (const id of ['8c', '8e', '18', '19']) assert.equal(st[id], 'pending', `item ${id} pending:\n${tail(first.stdout)}`);
  assert.equal(first.signoff?.verdict, 'PENDING');
  assert.equal(first.signoff?.rehearsal, true, 'a realistic sandbox hides its controls, not its identity: a rehearsal');
  assert.equal(first.signoff?.verdictLabel, 'REHEARSAL PENDING');
  assert.match(first.stdout, /verdict REHEARSAL PENDING/);

  const gate1 = await runGate(['--report', path.join(reportDir, 'signoff.json')], { CERT_NO_DOTENV: '1' });
  assert.notEqual(gate1.code, 0, gate1.stdout);
  assert.match(gate1.stdout, /pending.*8c/s);
  assert.match(gate1.stdout, /npm run certify -- --resume/);

  // the open port-in was left alone (nothing pending is cleaned up)
  const orderId = first.ledger?.ids?.PORTIN_ORDER ?? JSON.stringify(first.ledger).match(/"PORTIN_ORDER":"([^"]+)"/)?.[1];
  assert.ok(orderId, 'the ledger kept the port-in order');
  const portIn = (first.ledger?.resources ?? []).find((r: { kind: string }) => r.kind === 'portin-order:main');
  assert.notEqual(portIn?.state, 'deleted', 'the open port-in was not cancelled by the cleanup');

  // the next night, a fresh run (no --resume) would submit a second port-in for the same number, which the platform
  // refuses: it is refused before any call, naming the ways on, and the pending run's ledger is left as it was
  const ledgerBefore = fs.readFileSync(path.join(reportDir, 'run-state.json'), 'utf8');
  const fresh = await certify(env, [], reportDir);
  assert.equal(fresh.code, 2, `a fresh run beside the pending one is refused:\n${tail(fresh.stdout)}\n${tail(fresh.stderr, 1500)}`);
  assert.match(fresh.stderr, /is PENDING on this target: item\(s\) 8c, 8e.*portin-order:main/);
  assert.match(fresh.stderr, /--resume.*--include-pending.*--fresh/s);
  assert.equal(fs.readFileSync(path.join(reportDir, 'run-state.json'), 'utf8'), ledgerBefore, 'the pending ledger untouched');
  // a fresh clone (no ledger here) meets the open order on the platform: the number is taken — manual, not failed
  const clone = await certify(
    env,
    PORT_IN_SPECS.filter((s) => /\/(0[1-6]|08[ab])-/.test(s)),
    tempReportDir('realistic-clone'),
  );
  assert.equal(statuses(clone)['8b'], 'manual', `8b manual on a taken number:\n${tail(clone.stdout)}`);
  assert.match(JSON.stringify(clone.signoff), /cannot be ported in now.*--resume/);
  assert.equal(clone.code, 0, 'no item failed');

  // Days later the operator resumes. Once the resumed run is up (its webhook receiver listening), three days pass on the
  // platform's clock, and time keeps passing while it waits — 4 minutes every 250 ms, less than a token's 5-minute life,
  // so a token fetched after a tick is still good for the call it was fetched for.
  const run = startCertify({ ...env, CERT_PORTIN_WAIT_MS: '30000', CERT_CDR_WAIT_MS: '45000' }, ['--resume'], reportDir);
  await new Promise<void>((resolve) => {
    const onData = (d: Buffer) => {
      if (!/Running \d+ tests?/.test(String(d))) return;
      run.child.stdout!.off('data', onData);
      resolve();
    };
    run.child.stdout!.on('data', onData);
    run.child.once('exit', () => resolve());
  });
  assert.equal(await control('clock/advance', { ms: 3 * DAY }), 200);
  let ticking = true;
  const ticker = (async () => {
    while (ticking) {
      await control('clock/advance', { ms: 4 * 60_000 }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  let resumed;
  try {
    resumed = await run.done;
  } finally {
    ticking = false;
    await ticker;
  }
  const st2 = statuses(resumed);
  const notPassed = Object.entries(st2).filter(([, s]) => s !== 'passed' && s !== 'not-applicable');
  assert.deepEqual(notPassed, [], `every in-scope item passed after --resume:\n${tail(resumed.stdout)}\n${tail(resumed.stderr, 1500)}`);
  assert.equal(resumed.signoff?.verdict, 'PASS');
  const seen = new Set((resumed.ledger?.data?.portStatuses ?? []).map((s: { status: string }) => s.status));
  for (const s of ['Submitted', 'Pending Carrier Approval', 'Scheduled', 'Completed', 'Rejected', 'Cancelled'])
    assert.ok(seen.has(s), `status ${s} observed across the runs`);

  // the platform's part is done; the sign-off is the teams' (R-signoff-attestation)
  for (const [team, name] of [
    ['partner', 'Ada Partner'],
    ['telegent', 'Tom Telegent'],
  ] as const)
    assert.ok(attest({ reportDir, team, name, role: 'lead' }).ok);
  await refreshSignoff(reportDir);
  const gate2 = await runGate(['--report', path.join(reportDir, 'signoff.json')], { CERT_NO_DOTENV: '1' });
  assert.equal(gate2.code, 0, gate2.stdout);
  assert.ok(fs.existsSync(path.join(reportDir, 'history')), 'history kept');
});

test(
  'a port-in that completes while nobody runs: --resume days later finds it Completed — 8e passes (Scheduled unseen: a warning)',
  { timeout: 600_000 },
  async () => {
    const dir = tempReportDir('realistic-unwatched');
    // numbers of its own: the other test, on the same sandbox, ported its numbers in; the port-in items and what they
    // need (its three runs are about 8c and 8e: calls, MMS and the port-out are the first test's)
    const env = {
      ...(await partnerEnv()),
      PORTIN_NUMBER: '+13125550152',
      PORTIN_CANCEL_NUMBER: '+13125550153',
      CERT_WITHOUT: 'data,voice,sip,mms,port-out',
    };
    // the port-in items and their prerequisites only (account, message route, subscriber), in all three runs
    const specs = PORT_IN_SPECS;
    const first = await certify(env, specs, dir);
    assert.equal(statuses(first)['8c'], 'pending', tail(first.stdout));
    // the carrier rejects while the suite is not running; the resumed run corrects the order (8c), which goes back to
    // carrier approval — a step of hours: 8e waits, pending
    assert.equal(await control('clock/advance', { ms: 3 * DAY }), 200);
    const second = await certify(env, ['--resume', ...specs], dir);
    assert.deepEqual([statuses(second)['8c'], statuses(second)['8e']], ['passed', 'pending'], tail(second.stdout));
    // days later again: approved, scheduled and ported, none of it read
    assert.equal(await control('clock/advance', { ms: 3 * DAY }), 200);
    const third = await certify(env, ['--resume', ...specs], dir);
    const st = statuses(third);
    assert.equal(st['8e'], 'passed', `a status crossed while nobody was reading is no defect of the platform:\n${tail(third.stdout)}`);
    const seen = new Set((third.ledger?.data?.portStatuses ?? []).map((s: { status: string }) => s.status));
    assert.ok(!seen.has('Scheduled'), 'the scenario: Scheduled came and went between the runs');
    const i8e = (third.signoff?.items ?? []).find((i: { id: string }) => i.id === '8e');
    assert.ok(
      (i8e?.findings ?? []).some((f: { check: string; severity: string }) => f.check === 'porting.status-observability' && f.severity === 'warning'),
      'named as a warning with its basis',
    );
  },
);
