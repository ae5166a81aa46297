/**
 * Issue 4: a run killed with SIGKILL halfway, then `npm run cleanup`: the target holds nothing the run
 * created (numbers cancelled, products / packages / routes / subscriptions deleted, port-ins cancelled).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { startCertify, tempReportDir, ROOT, sandboxAsTargetEnv } from './run';
import { startStandaloneSandbox, freePort } from './standalone';
import { startForwarder } from './forwarder';
import { createClient } from '../../helpers/client';
import { Ledger } from '../../helpers/ledger';
import { npmScriptArgs } from '../npm-script';

const KEY = 'DID-00000000-0000-4000-8000-000000000001';
const SECRET = 'sandbox-secret';

test('SIGKILL halfway, then npm run cleanup: nothing the run created is left on the target', { timeout: 240_000 }, async () => {
  const sb = await startStandaloneSandbox({ SANDBOX_TOKEN_TTL_SECONDS: '3' });
  // a reachable webhook path: the preflight checks it before any item (a run that never starts cannot crash halfway)
  const webhookPort = await freePort();
  const fwd = await startForwarder(webhookPort);
  try {
    const dir = tempReportDir('crash');
    const env = sandboxAsTargetEnv(sb.baseUrl, webhookPort, fwd.url);
    const run = startCertify(env, [], dir);
    // kill once numbers exist (item 8 provisions its throwaway number) — event-driven on the ledger file
    const ledgerFile = path.join(dir, 'run-state.json');
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const st = Ledger.read(ledgerFile);
      if (st && st.resources.filter((r) => r.kind.startsWith('number') && r.state === 'created').length >= 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(run.child.exitCode, null, 'the run was still going when the numbers existed');
    process.kill(-run.child.pid!, 'SIGKILL'); // the whole run dies at once: certify, Playwright, its worker
    const killed = await run.done;
    assert.equal(killed.signal, 'SIGKILL');
    const before = Ledger.read(ledgerFile)!;
    const created = before.resources.filter((r) => r.state === 'created');
    assert.ok(created.length >= 5, `the run had created resources before it was killed (${created.length})`);

    const clean = spawnSync(process.execPath, npmScriptArgs('cleanup'), {
      cwd: ROOT,
      env: { ...process.env, CERT_NO_DOTENV: '1', CERT_REPORT_DIR: dir, ...env },
      encoding: 'utf8',
    });
    assert.equal(clean.status, 0, `cleanup:\n${clean.stdout}\n${clean.stderr}`);

    const api = createClient({ baseUrl: sb.baseUrl, accountKey: KEY, accountSecret: SECRET });
    const inv = await api.call('GET /v1.0/numbers/inventory', { query: { PageNumber: '1', TotalNumbersRequested: '500' } });
    const active = ((inv.body as any).PhoneNumbers ?? []).filter((n: any) => !/cancel/i.test(String(n.Status)));
    assert.deepEqual(
      active.map((n: any) => `${n.Number} ${n.Status}`),
      [],
      'no active number left in the inventory',
    );
    for (const r of before.resources.filter((x) => x.id && x.cleanup)) {
      if (r.kind === 'product') assert.equal((await api.call('GET /v1.0/products', { query: { ProductId: r.id! } })).status, 404, `product ${r.id} deleted`);
      if (r.kind === 'package') assert.equal((await api.call('GET /v1.0/packages', { query: { PackageId: r.id! } })).status, 404, `package ${r.id} deleted`);
      if (r.kind === 'message-route')
        assert.equal((await api.call('GET /v1.0/message/routes', { query: { MessageRouteId: r.id! } })).status, 404, `route ${r.id} deleted`);
    }
    const after = Ledger.read(ledgerFile)!;
    assert.deepEqual(
      after.resources.filter((r) => r.state === 'created' && r.cleanup).map((r) => r.key),
      [],
      'the ledger has nothing left to undo',
    );
  } finally {
    await sb.stop();
    await fwd.close();
  }
});
