/**
 * Issue 11, nightly re-runs: two complete runs in a row against the same persistent sandbox (a standalone
 * `npm run sandbox` with a state file, restarted between the runs, reached only through TELEGENT_BASE_URL and
 * WEBHOOK_PUBLIC_URL) both PASS, and the second prints no regression line: each run uses fresh resources
 * (port-in numbers included) and releases what it created.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
      } finally {
        await sb.stop();
      }
    }
  } finally {
    await fwd.close();
  }
});
