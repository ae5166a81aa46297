/**
 * A SIGTERM sent to the run's whole process group — `timeout npm run certify`, a CI runner or a container stop that
 * signals the group — reaches Playwright as well as certify. Playwright's default was to exit at once: no teardown,
 * no cleanup, no sign-off, everything the run had created left on the target. Now the run stops as on Ctrl-C: the
 * current item interrupted, the cleanup and the report follow (helpers/global-setup.ts stopGracefullyOnSigterm).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import * as path from 'node:path';
import { startCertify, tail } from './run';
import { Ledger } from '../../helpers/ledger';

test('SIGTERM to the whole process group mid-run: cleanup and sign-off still run', { timeout: 180_000 }, async () => {
  const specs = ['01-account', '02-products', '03-packages', '04-message-route', '05-voice-route', '06-subscriber', '07-provision-number', '08-number-status'];
  // every call slowed down, so the stop lands mid-run
  const run = startCertify(
    { CERT_REPORT_PDF: '0', SANDBOX_FAULTS: 'latency:150' },
    specs.map((s) => `specs/${s}.spec.ts`),
  );
  // mid-run: the ledger holds a few resources created (stdout may reach a pipe in one block at the end)
  const ledgerFile = path.join(run.reportDir, 'run-state.json');
  const created = () => Ledger.read(ledgerFile)?.resources.filter((r) => r.state === 'created').length ?? 0;
  for (let t = Date.now(); Date.now() - t < 60_000 && run.child.exitCode === null && created() < 3;) await sleep(100);
  assert.equal(run.child.exitCode, null, 'the run was still going when the group was signalled');
  process.kill(-run.child.pid!, 'SIGTERM'); // certify, Playwright and its workers alike
  const done = await Promise.race([run.done, sleep(90_000, undefined, { ref: false })]);
  if (!done) process.kill(-run.child.pid!, 'SIGKILL');
  assert.ok(done, 'the run ended after the SIGTERM');
  assert.match(done.stdout, /verdict REHEARSAL/, `a sign-off was written by this run:\n${tail(done.stdout)}\n${tail(done.stderr, 1500)}`);
  assert.match(done.stdout, /cleanup: \d+ resources undone, 0 failed/, tail(done.stdout));
  const left = (done.ledger?.resources ?? []).filter((r: { state: string; cleanup?: unknown }) => r.cleanup && r.state === 'created');
  assert.deepEqual(left, [], 'nothing the run could undo was left on the target');
});
