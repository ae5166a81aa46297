/**
 * Issue 11, nightly re-runs: two complete runs in a row against the same persistent sandbox (a standalone
 * `npm run sandbox` with a state file, restarted between the runs, reached only through TELEGENT_BASE_URL and
 * WEBHOOK_PUBLIC_URL) both PASS, and the second prints no regression line: each run uses fresh resources
 * (port-in numbers included) and releases what it created.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { certify, statuses, sandboxAsTargetEnv, tail, tempReportDir } from './run';
import { startStandaloneSandbox, freePort } from './standalone';
import { startForwarder } from './forwarder';

test('two complete runs in a row against one persistent sandbox: both PASS, no regression line', { timeout: 600_000 }, async () => {
  const webhookPort = await freePort();
  const fwd = await startForwarder(webhookPort);
  const stateFile = path.join(tempReportDir('rerun-state'), 'sandbox-state.json');
  const reportDir = tempReportDir('rerun');
  // one target: the same base URL both nights (the history compares runs of the same target and profile)
  const sandboxEnv = {
    SANDBOX_PORT: String(await freePort()),
    SANDBOX_STATE_FILE: stateFile,
    SANDBOX_CDR_WEBHOOK_URL: `${fwd.url}/hooks/cdr`,
    SANDBOX_PROPAGATION_MS: '300',
    SANDBOX_TOKEN_TTL_SECONDS: '3',
  };
  const allure = path.join(reportDir, 'allure-results');
  const results = () => fs.readdirSync(allure).filter((f) => f.endsWith('-result.json')).length;
  const perRun: number[] = [];
  try {
    for (const n of [1, 2]) {
      const sb = await startStandaloneSandbox(sandboxEnv); // a restart: the second run meets the first run's state
      try {
        const run = await certify(sandboxAsTargetEnv(sb.baseUrl, webhookPort, fwd.url), [], reportDir);
        const st = statuses(run);
        const bad = Object.entries(st).filter(([, s]) => s !== 'passed');
        assert.deepEqual(bad, [], `run ${n}: every item passed\n${tail(run.stdout)}`);
        assert.equal(run.signoff?.verdict, 'PASS', `run ${n}`);
        assert.doesNotMatch(run.stdout, /REGRESSION/, `run ${n} prints no regression line`);
        if (n === 2) assert.ok(run.signoff?.previousRunId, 'the second run compared itself with the first');
        perRun.push(results());
        // the Allure trend folder npm run report:allure copies in survives the next run; results of this one do not
        if (n === 1) fs.mkdirSync(path.join(allure, 'history'), { recursive: true });
        if (n === 1) fs.writeFileSync(path.join(allure, 'history', 'history-trend.json'), '[]');
      } finally {
        await sb.stop();
      }
    }
    assert.ok(perRun[0] > 0, 'allure-results written');
    assert.equal(perRun[1], perRun[0], `allure-results holds one run's results (${perRun.join(' then ')})`);
    assert.ok(fs.existsSync(path.join(allure, 'history', 'history-trend.json')), 'allure-results/history kept');
  } finally {
    await fwd.close();
  }
});
