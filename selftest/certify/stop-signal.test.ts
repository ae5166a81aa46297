/**
 * A CI cancel (SIGTERM to `npm run certify`) while a resumed port-in item waits on a slow carrier: the run stops
 * within seconds — Playwright is sent SIGINT (its graceful stop: the current test interrupted, hooks, teardown and
 * reporters run) instead of SIGTERM, which it ran on through the wait until CI escalated to SIGKILL. After the stop the
 * interrupted item is not passed, its pending record stays, and the open port-in is kept by the teardown's cleanup
 * and by a later `npm run cleanup`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { certify, startCertify, statuses, sandboxAsTargetEnv, tail, tempReportDir, ROOT, PORT_IN_SPECS } from './run';
import { startStandaloneSandbox, freePort } from './standalone';
import { startForwarder } from './forwarder';
import { Ledger } from '../../helpers/ledger';
import { npmScriptArgs } from '../npm-script';

test('SIGTERM during a resumed 8c wait: stops in seconds, 8c stays pending, the open port-in is kept', { timeout: 420_000 }, async () => {
  const webhookPort = await freePort();
  const fwd = await startForwarder(webhookPort);
  const dir = tempReportDir('stop-signal');
  const sb = await startStandaloneSandbox({
    SANDBOX_REALISTIC: '1',
    SANDBOX_CARRIER_STEP: '10m,2h,2h',
    SANDBOX_CONTROL_KEY: 'selftest-stop-signal-key',
    SANDBOX_STATE_FILE: path.join(dir, '..', `${path.basename(dir)}-state.json`),
    SANDBOX_PROPAGATION_MS: '300',
    SANDBOX_CDR_WEBHOOK_URL: `${fwd.url}/hooks/cdr`,
  });
  try {
    const env = sandboxAsTargetEnv(sb.baseUrl, webhookPort, fwd.url, {
      PORTIN_NUMBER: '+13125550162',
      PORTIN_CANCEL_NUMBER: '+13125550163',
      PORTIN_INELIGIBLE_NUMBER: '+15005550001',
      CERT_WITHOUT: 'data,voice,sip,mms',
      CERT_TOKEN_EXPIRY_WAIT_MS: '0',
      CERT_PORTIN_WAIT_MS: '3000',
      CERT_CDR_WAIT_MS: '2000',
      CERT_POLL_MS: '200',
    });
    // the port-in items and their prerequisites only (account, message route, subscriber), in both runs
    const specs = PORT_IN_SPECS;
    const first = await certify(env, specs, dir);
    assert.equal(statuses(first)['8c'], 'pending', `${tail(first.stdout)}\n${tail(first.stderr, 1500)}`);
    const ledgerFile = path.join(dir, 'run-state.json');
    const seen = (Ledger.read(ledgerFile)?.data.portStatuses as unknown[] | undefined)?.length ?? 0;

    // the resume: 8c waits (nearly two minutes: its countdown prints every 5 s) on the carrier; CI cancels the job
    const run = startCertify({ ...env, CERT_PORTIN_WAIT_MS: '110000' }, ['--resume', ...specs], dir);
    let waiting = false;
    run.child.stdout!.on('data', (d) => (waiting ||= /… waiting for /.test(String(d))));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && run.child.exitCode === null && !waiting) {
      const now = (Ledger.read(ledgerFile)?.data.portStatuses as unknown[] | undefined)?.length ?? 0;
      if (now > seen) break; // 8c read a new status: it is in its wait
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(waiting || Date.now() < deadline, 'the resumed 8c wait printed its countdown');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(run.child.exitCode, null, `the resumed run is waiting on the carrier:\n${tail(await raceDone(run.done))}`);
    const sent = Date.now();
    process.kill(run.child.pid!, 'SIGTERM'); // certify only, as a CI runner cancels the job's command
    const stopped = await Promise.race([run.done, sleep(90_000, undefined, { ref: false })]);
    if (!stopped) process.kill(-run.child.pid!, 'SIGKILL');
    assert.ok(stopped, 'the run stopped after SIGTERM (it ran on through the wait)');
    const secs = (Date.now() - sent) / 1000;
    assert.ok(secs < 60, `stopped in ${secs.toFixed(1)} s`);
    if (process.env.STOP_DEBUG) console.log(`stopped in ${secs.toFixed(1)} s\n${tail(stopped.stdout, 3000)}\n${tail(stopped.stderr, 1500)}`);

    assert.ok(fs.existsSync(`${ledgerFile}.stopping`), 'the runner left the stop where the item lifecycle sees it');
    const st = Ledger.read(ledgerFile)!;
    assert.equal(st.items['8c']?.status, 'pending', `the interrupted 8c keeps its pending record: ${JSON.stringify(st.items['8c'])}`);
    const i8c = (stopped.signoff?.items ?? []).find((i: { id: string }) => i.id === '8c');
    assert.equal(i8c?.status, 'blocked', `the sign-off: 8c interrupted, not passed nor "skipped": ${JSON.stringify(i8c?.reason)}`);
    assert.match(String(i8c?.reason), /interrupted/);
    assert.notEqual(stopped.signoff?.verdict, 'PASS');
    assert.doesNotMatch(stopped.stdout, /REGRESSION/, 'what the stopped run never reached is no regression');
    const portIn = st.resources.find((r) => r.kind === 'portin-order:main');
    assert.equal(portIn?.state, 'created', 'the teardown kept the open port-in');
    assert.match(stopped.stdout, /kept for pending items/, tail(stopped.stdout));

    const dry = spawnSync(process.execPath, [...npmScriptArgs('cleanup'), '--dry-run'], {
      cwd: ROOT,
      env: { ...process.env, CERT_NO_DOTENV: '1', CERT_REPORT_DIR: dir, ...env },
      encoding: 'utf8',
    });
    assert.doesNotMatch(dry.stdout, /would undo portin-order/, dry.stdout);
    assert.match(dry.stdout, /portin-order:main \S+ \(item 8b\): kept/, dry.stdout);
  } finally {
    await sb.stop();
    await fwd.close();
  }
});

async function raceDone(done: Promise<{ stdout: string; stderr: string }>): Promise<string> {
  const r = await Promise.race([done, sleep(10, undefined, { ref: false })]);
  return r ? `${r.stdout}\n${r.stderr}` : '(still running)';
}
