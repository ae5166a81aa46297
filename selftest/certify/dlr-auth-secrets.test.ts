/**
 * Issue 11, safety: a failing run under a DLR-auth drift (the delivery report arrives without the route's
 * callback credentials) fails item 10 — and prints no secret value on stdout/stderr, assertion messages included,
 * nor in any file under reports/: not the account secret, not the callback bearer token, not the inbound password.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { certify, statuses, tail } from './run';

const ACCOUNT_SECRET = 'Vd7-dlr-auth-secret-Qm2';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

/** The per-run webhook credentials, derived exactly as the suite derives them (helpers/fixtures.ts `hooks`). */
function runSecrets(runId: string): Record<string, string> {
  const derive = (label: string) => crypto.createHmac('sha256', ACCOUNT_SECRET).update(`${runId}:${label}`).digest('base64url').slice(0, 24);
  return { ACCOUNT_SECRET, callbackBearer: derive('callback'), inboundPassword: derive('inbound') };
}

for (const drift of ['dlr-without-auth']) {
  test(`drift ${drift}: item 10 fails, and no secret reaches the console or reports/`, { timeout: 300_000 }, async () => {
    const run = await certify({ SANDBOX_ACCOUNT_SECRET: ACCOUNT_SECRET, SANDBOX_DRIFT: drift, CERT_REPORT_PDF: '0' });
    assert.equal(statuses(run)['10'], 'failed', tail(run.stdout));
    const runId: string | undefined = run.ledger?.runId;
    assert.ok(runId, 'the ledger names the run');
    const leaks: string[] = [];
    for (const [name, value] of Object.entries(runSecrets(runId!))) {
      if ((run.stdout + run.stderr).includes(value)) leaks.push(`${name} on stdout/stderr`);
      for (const f of filesUnder(run.reportDir)) if (fs.readFileSync(f).includes(value)) leaks.push(`${name} in ${path.relative(run.reportDir, f)}`);
    }
    assert.deepEqual(leaks, [], 'no secret anywhere');
  });
}
