/**
 * Issue 16: the matrix's runs keep their Playwright worker when a test fails (CERT_KEEP_WORKER_ON_FAILURE=1,
 * helpers/config.ts). A failed test must still be a failed item with the same findings, its item's later tests must
 * still not run, and every other item must come out exactly as in a run that starts a new worker after the failure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { certify, ROOT, statuses, tail } from '../certify/run';
import { ConfigError, loadConfig } from '../../helpers/config';
import { readSpecMetas } from '../../helpers/spec-registry';
import { modeItems } from '../../scripts/matrix-pack';
import { allDriftModes } from '../../sandbox/drift/catalogue';

test('CERT_KEEP_WORKER_ON_FAILURE needs the sign-off-only reporters (any other would show a kept failure as passed)', () => {
  const base = { CERT_NO_DOTENV: '1', CERT_KEEP_WORKER_ON_FAILURE: '1' };
  assert.throws(
    () => loadConfig({ ...base }, { reload: true }),
    (e: unknown) => e instanceof ConfigError && /CERT_REPORTERS=signoff/.test(e.message),
  );
  assert.equal(loadConfig({ ...base, CERT_REPORTERS: 'signoff' }, { reload: true }).keepWorkerOnFailure, true);
  // never against a real target: the matrix's knob only
  assert.throws(
    () => loadConfig({ ...base, CERT_REPORTERS: 'signoff', TELEGENT_BASE_URL: 'https://api.telegent.example' }, { reload: true }),
    (e: unknown) => e instanceof ConfigError && /embedded sandbox/.test(e.message),
  );
  assert.equal(loadConfig({ CERT_NO_DOTENV: '1' }, { reload: true }).keepWorkerOnFailure, false);
});

/** an item's tests as the sign-off shows them: status of each, in order */
function testStatuses(run: Awaited<ReturnType<typeof certify>>, id: string): string[] {
  return (run.signoff?.items ?? []).find((i: any) => i.id === id)?.tests.map((t: any) => t.status) ?? [];
}

function errorChecks(run: Awaited<ReturnType<typeof certify>>, id: string): string[] {
  const item = (run.signoff?.items ?? []).find((i: any) => i.id === id);
  return (item?.findings ?? [])
    .filter((f: any) => f.severity !== 'warning')
    .map((f: any) => f.check)
    .sort();
}

test('a drift run with the worker kept: same item statuses, tests and findings as with a new worker after the failure', { timeout: 180_000 }, async () => {
  const mode = allDriftModes().find((m) => m.name === 'account-name-not-echoed')!;
  const specs = readSpecMetas();
  const ids = modeItems(specs, mode);
  const files = specs.filter((s) => ids.has(s.meta.id)).map((s) => path.relative(ROOT, s.file));
  const env = { CERT_REPORT_PDF: '0', CERT_REPORTERS: 'signoff', SANDBOX_DRIFT: mode.name };
  const [fresh, kept] = await Promise.all([certify(env, files), certify({ ...env, CERT_KEEP_WORKER_ON_FAILURE: '1' }, files)]);
  assert.ok(fresh.signoff && kept.signoff, `both runs wrote a sign-off\n${tail(fresh.stdout + fresh.stderr)}\n${tail(kept.stdout + kept.stderr)}`);
  assert.equal(statuses(kept)[mode.item], 'failed', 'the drift mode still fails its item');
  assert.deepEqual([kept.code, fresh.code], [1, 1], 'an item failed: certify exits 1 either way (the sign-off decides, not the expected failure)');
  assert.deepEqual(statuses(kept), statuses(fresh), 'every item as in the run that restarts its worker');
  assert.deepEqual(testStatuses(kept, mode.item), testStatuses(fresh, mode.item), "the failed item's later tests do not run");
  assert.deepEqual(errorChecks(kept, mode.item), errorChecks(fresh, mode.item), 'the same findings');
  // the proof the worker was kept: Playwright counted the failure as expected (an unexpected one stops the worker)
  const failedTests = (kept.signoff.items as any[]).flatMap((i) => i.tests).filter((t: any) => t.status === 'failed');
  assert.ok(failedTests.length && failedTests.every((t: any) => t.outcome === 'expected'), JSON.stringify(failedTests.map((t: any) => t.outcome)));
});
