/**
 * The stateful sweep (npm run sweep, issue 17) on the embedded sandbox, in process, fixed seeds, small budgets:
 *  (a) a clean sandbox: every operation of the document answered 2xx at least once, no error finding, nothing
 *      left behind (every resource with an undo operation undone, none failed);
 *  (b) a drift mode per run (10 of the matrix's modes on operations the sweep calls + the 5 sweep modes): the sweep
 *      reports an error finding on an operation the mode touches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startSandbox } from '../../sandbox';
import { SWEEP_DRIFTS } from '../../sandbox/drift/modes-sweep';
import { listOperations } from '../../protocol/contract';
import type { ConformanceTable } from '../../helpers/sweep/table';
import { sweepTarget } from '../../scripts/sweep';
import { npmScriptArgs } from '../npm-script';

const SECRET = 'sweep-selftest-secret';
const ROOT = path.resolve(__dirname, '..', '..');

async function sweepOn(drift: string[], budgetMs: number, stopWhen?: (t: ConformanceTable) => boolean, seed = 7) {
  const sb = await startSandbox({ port: 0, accountSecret: SECRET, drift, logLevel: 'silent' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-'));
  try {
    return await sweepTarget({
      baseUrl: sb.baseUrl,
      accountKey: sb.credentials.accountKey,
      accountSecret: SECRET,
      sandbox: true,
      billableAllowed: true,
      seed,
      budgetMs,
      ledgerFile: path.join(dir, 'sweep-state.json'),
      stopWhen,
      shrinkMs: 500,
    });
  } finally {
    await sb.close();
  }
}

test('clean sandbox: 143/143 operations answered 2xx, no error finding, nothing left behind', async () => {
  const all = listOperations().map((o) => o.key);
  const { result, cleanup } = await sweepOn([], 50_000, (t) => t.covered().length === all.length, 1);
  const missing = all.filter((op) => !result.covered.includes(op));
  assert.deepEqual(missing, [], `never 2xx: ${missing.join(', ')}`);
  const errors = result.rows.flatMap((r) => r.findings.filter((f) => f.severity === 'error').map((f) => `${r.op} ${f.check} ${f.message}`));
  assert.deepEqual(errors, []);
  assert.deepEqual(cleanup.failed, []);
  assert.ok(cleanup.undone.length > 0);
  console.log(
    `sweep clean: ${result.covered.length}/${all.length} ops 2xx in ${result.elapsedMs} ms, ${result.sequences} sequences; cleanup ${cleanup.undone.length} undone, ${cleanup.kept.length} kept`,
  );
});

/** matrix modes (sandbox/drift/catalogue.ts) on operations the sweep calls, with the operations each touches */
const MATRIX_MODES: Record<string, string[]> = {
  'account-id-prefix': ['POST /v1.0/account/create'],
  'product-cost-string': ['POST /v1.0/products', 'GET /v1.0/products'],
  'subscriber-id-prefix': ['POST /v1.0/subscribers/create'],
  'number-not-e164': ['POST /v1.0/numbers/provision', 'GET /v1.0/numbers', 'GET /v1.0/numbers/inventory'],
  'order-id-prefix': ['POST /v1.0/numbers/portin'],
  'message-id-prefix': ['POST /v1.0/message/outbound'],
  'create-returns-201': [
    'POST /v1.0/products',
    'POST /v1.0/packages',
    'POST /v1.0/account/create',
    'POST /v1.0/subscribers/create',
    'POST /v1.0/message/routes',
    'POST /v1.0/voice/routes',
  ],
  'wrong-content-type': listOperations().map((o) => o.key),
  'product-description-readback': ['GET /v1.0/products'],
  'subscriber-name-readback': ['GET /v1.0/subscribers/get'],
  'voice-route-port-readback': ['GET /v1.0/voice/routes'],
  'subscription-create-unsuccessful': ['POST /v1.0/subscriptions'],
};
const SWEEP_MODES: Record<string, string[]> = {
  'workgroup-name-readback': ['GET /v1.0/workgroups'],
  'workgroup-activity-id-prefix': ['POST /v1.0/workgroups/activity'],
  'webhook-url-dropped': ['POST /v1.0/webhook/create', 'GET /v1.0/webhook'],
  'webhook-delete-not-applied': ['GET /v1.0/webhook', 'POST /v1.0/webhook/delete'],
  'distributor-name-readback': ['GET /v1.0/distributor'],
};

test('every sweep drift mode is declared for the sweep and listed here', () => {
  assert.deepEqual(SWEEP_DRIFTS.map((d) => d.name).sort(), Object.keys(SWEEP_MODES).sort());
  for (const d of SWEEP_DRIFTS) assert.deepEqual([d.caughtBy, d.area, d.item], ['sweep', 'beyond-checklist', 'sweep']);
});

for (const [mode, ops] of Object.entries({ ...MATRIX_MODES, ...SWEEP_MODES })) {
  test(`drift ${mode}: the sweep reports a finding on ${ops.length > 3 ? 'an operation it touches' : ops.join(' / ')}`, async () => {
    const hit = (t: ConformanceTable) => t.list().some((r) => ops.includes(r.op) && r.findings.some((f) => f.severity === 'error'));
    const { result } = await sweepOn([mode], 6_000, hit);
    const found = result.rows
      .filter((r) => ops.includes(r.op))
      .flatMap((r) => r.findings.filter((f) => f.severity === 'error').map((f) => `${r.op} ${f.check}`));
    assert.ok(found.length > 0, `no finding on ${ops.join(', ')} under ${mode}`);
    console.log(`sweep drift ${mode}: ${[...new Set(found)].slice(0, 3).join('; ')} (${result.elapsedMs} ms)`);
  });
}

test('CLI: --help prints usage, a bad option is a configuration error (exit 2) before any call', () => {
  const help = spawnSync(process.execPath, [...npmScriptArgs('sweep'), '--help'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /npm run sweep/);
  const bad = spawnSync(process.execPath, [...npmScriptArgs('sweep'), '--budget', 'soon'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CERT_NO_DOTENV: '1' },
  });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});
