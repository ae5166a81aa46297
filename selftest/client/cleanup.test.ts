/**
 * scripts/cleanup.ts: `--help` prints help and touches nothing; an unknown option is refused; what a
 * pending item still waits on (an open port-in) is kept unless --include-pending; a lost create is found
 * by the natural key the ledger recorded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { parseCleanupArgs, HELP } from '../../scripts/cleanup';
import { cleanupLedger } from '../../helpers/cleanup';
import type { LedgerResource, LedgerState } from '../../helpers/ledger';
import { startFakeServer } from './fake-server';
import { npmScriptArgs } from '../npm-script';

const ROOT = path.resolve(__dirname, '..', '..');
const SECRET = 'cleanup-secret-Xy7';

function res(key: string, kind: string, item: string, createOp: string, extra: Partial<LedgerResource> = {}): LedgerResource {
  return { key, kind, item, createOp, state: 'created', createdAt: new Date().toISOString(), cleanupOrder: 0, ...extra };
}

function writeLedger(resources: LedgerResource[], items: LedgerState['items'] = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cert-cleanup-'));
  const file = path.join(dir, 'run-state.json');
  const now = new Date().toISOString();
  const st: LedgerState = {
    version: 1,
    runId: 'run-cleanup-test',
    startedAt: now,
    updatedAt: now,
    target: 'x',
    profile: 'core',
    ids: {},
    items,
    resources,
    data: {},
  };
  fs.writeFileSync(file, JSON.stringify(st));
  return file;
}

const portin = res('p1', 'portin-order:main', '8b', 'POST /v1.0/numbers/portin', {
  id: 'JNOID-1',
  cleanupOrder: 60,
  cleanup: { op: 'POST /v1.0/numbers/portin/cancel', body: { OrderId: 'JNOID-1' } },
  lookup: { PhoneNumber: '+12015550100' },
});
const product = res('r1', 'product', '2', 'POST /v1.0/products', {
  id: 'PRID-1',
  cleanupOrder: 10,
  cleanup: { op: 'POST /v1.0/products/delete', body: { ProductId: 'PRID-1' } },
});
const pendingItems = { '8b': { status: 'passed', ids: {} }, '8e': { status: 'pending', endedAt: new Date().toISOString(), ids: {} } } as LedgerState['items'];

test('--help prints every option and exits 0 without touching the target or the ledger', async () => {
  const s = await startFakeServer();
  try {
    const file = writeLedger([portin, product], pendingItems);
    const before = fs.readFileSync(file, 'utf8');
    for (const flag of ['--help', '-h']) {
      const r = spawnSync(process.execPath, [...npmScriptArgs('cleanup'), flag, '--ledger', file], {
        cwd: ROOT,
        env: { ...process.env, CERT_NO_DOTENV: '1', TELEGENT_BASE_URL: s.baseUrl, TELEGENT_ACCOUNT_KEY: 'DID-cleanup', TELEGENT_ACCOUNT_SECRET: SECRET },
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, HELP);
      for (const o of ['--ledger', '--dry-run', '--include-pending', '--help']) assert.ok(r.stdout.includes(o), o);
      assert.match(r.stdout, /never cancelled unless --include-pending/);
    }
    assert.equal(s.seen.length, 0, 'no request reached the target');
    assert.equal(fs.readFileSync(file, 'utf8'), before, 'the ledger is unchanged');
  } finally {
    await s.close();
  }
});

test('an unknown option is refused (a mistyped --dry-run never runs a real cleanup)', () => {
  assert.deepEqual(parseCleanupArgs(['--dryrun']), { error: 'unknown option "--dryrun"' });
  assert.deepEqual(parseCleanupArgs(['--ledger']), { error: '--ledger needs a file' });
  assert.deepEqual(parseCleanupArgs(['--dry-run', '--ledger', 'x.json', '--include-pending']), {
    help: false,
    dryRun: true,
    includePending: true,
    ledger: 'x.json',
  });
});

test("a pending item's open port-in is kept; --include-pending cancels it", async () => {
  const s = await startFakeServer();
  try {
    s.on('POST /v1.0/products/delete', () => ({ status: 200, body: { ProductId: 'PRID-1', Status: 'Deleted' } }));
    s.on('POST /v1.0/numbers/portin/cancel', () => ({ status: 200, body: { OrderId: 'JNOID-1', Status: 'Cancelled' } }));
    const opts = { baseUrl: s.baseUrl, accountKey: 'DID-cleanup', accountSecret: SECRET, log: () => {} };
    const file = writeLedger([portin, product], pendingItems);
    const r = await cleanupLedger(file, opts);
    assert.equal(s.count('POST', '/v1.0/numbers/portin/cancel'), 0, 'the pending port-in is not cancelled');
    assert.equal(s.count('POST', '/v1.0/products/delete'), 1);
    assert.equal(r.pending.length, 1);
    assert.match(r.pending[0], /portin-order:main JNOID-1/);
    const again = await cleanupLedger(file, { ...opts, includePending: true });
    assert.equal(s.count('POST', '/v1.0/numbers/portin/cancel'), 1, '--include-pending cancels it');
    assert.equal(again.undone.length, 1);
  } finally {
    await s.close();
  }
});

test('an item killed mid-run (pending, no end time) is cleaned; a lost create is found by its natural key', async () => {
  const s = await startFakeServer();
  try {
    s.on('GET /v1.0/distributor/products', () => ({ status: 200, body: { Results: [{ ProductId: 'PRID-lost', SKU: 'cert-abc-sku' }] } }));
    s.on('POST /v1.0/products/delete', (req) => ({ status: 200, body: { ProductId: req.body.ProductId } }));
    s.on('POST /v1.0/numbers/portin/cancel', () => ({ status: 200, body: {} }));
    const lost = res('r2', 'product', '2', 'POST /v1.0/products', { state: 'creating', lookup: { SKU: 'cert-abc-sku' } });
    const file = writeLedger([portin, lost], { '8b': { status: 'pending', ids: {} } });
    const r = await cleanupLedger(file, { baseUrl: s.baseUrl, accountKey: 'DID-cleanup', accountSecret: SECRET, log: () => {} });
    assert.equal(s.count('POST', '/v1.0/numbers/portin/cancel'), 1, 'no end time → not pending work, cleaned');
    assert.deepEqual(
      s.seen.filter((x) => x.path === '/v1.0/products/delete').map((x) => x.body),
      [{ ProductId: 'PRID-lost' }],
    );
    assert.equal(r.undone.length, 2);
  } finally {
    await s.close();
  }
});

test("a completed port-in is kept: the number it brought in (the partner's own) is never cancelled in its place", async () => {
  const s = await startFakeServer();
  try {
    s.on('POST /v1.0/numbers/portin/cancel', () => ({
      status: 400,
      body: { StatusCode: 400, Message: 'Order JNOID-1 is already Completed and cannot be cancelled' },
    }));
    s.on('POST /v1.0/numbers/status', () => ({ status: 200, body: { Status: 'Cancelled' } }));
    const lines: string[] = [];
    const opts = { baseUrl: s.baseUrl, accountKey: 'DID-cleanup', accountSecret: SECRET, log: (l: string) => lines.push(l) };
    const file = writeLedger([portin], { '8b': { status: 'passed', ids: {} } } as LedgerState['items']);
    const r = await cleanupLedger(file, opts);
    assert.equal(s.count('POST', '/v1.0/numbers/status'), 0, 'the ported-in number is not cancelled');
    assert.deepEqual([r.undone.length, r.failed.length, r.kept.length], [0, 0, 1]);
    assert.match(lines.join('\n'), /\+12015550100 is on the account now, the partner's own number — not cancelled \(R-portin-number-used/);
    // the ledger says so from now on: a second cleanup calls nothing and lists it kept again
    const again = await cleanupLedger(file, opts);
    assert.equal(s.count('POST', '/v1.0/numbers/portin/cancel'), 1);
    assert.equal(again.kept.length, 1);
  } finally {
    await s.close();
  }
});

test('a ledger written against another target is not undone on TELEGENT_BASE_URL: refused before any call, naming both', async () => {
  const s = await startFakeServer();
  try {
    for (const target of ['https://dev.telegent.example', 'embedded-sandbox']) {
      const file = writeLedger([product, res('n1', 'number:A', '7', 'POST /v1.0/numbers/provision', { id: '+12015550177', cleanupOrder: 20 })]);
      const st = JSON.parse(fs.readFileSync(file, 'utf8')) as LedgerState;
      fs.writeFileSync(file, JSON.stringify({ ...st, target }));
      const before = fs.readFileSync(file, 'utf8');
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [...npmScriptArgs('cleanup'), '--ledger', file], {
          cwd: ROOT,
          env: {
            ...process.env,
            CERT_NO_DOTENV: '1',
            TELEGENT_BASE_URL: s.baseUrl,
            TELEGENT_ACCOUNT_KEY: 'DID-cleanup',
            TELEGENT_ACCOUNT_SECRET: SECRET,
            WEBHOOK_PUBLIC_URL: 'http://127.0.0.1:9',
          },
        });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stderr }));
      });
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        target === 'embedded-sandbox'
          ? /ledger of a run on the embedded sandbox/
          : /records what a run created on https:\/\/dev\.telegent\.example, not on http:\/\/127\.0\.0\.1:\d+/,
      );
      assert.equal(s.seen.length, 0, `no request reached the other target: ${s.seen.map((x) => x.path).join(', ')}`);
      assert.equal(fs.readFileSync(file, 'utf8'), before, 'the ledger is unchanged');
    }
  } finally {
    await s.close();
  }
});

test('npm run cleanup after the tunnel is gone (no WEBHOOK_PUBLIC_URL): it still undoes the run — a cleanup receives nothing', async () => {
  const s = await startFakeServer();
  try {
    s.on('POST /v1.0/products/delete', () => ({ status: 200, body: { ProductId: 'PRID-1', Status: 'Deleted' } }));
    const file = writeLedger([product]);
    const st = JSON.parse(fs.readFileSync(file, 'utf8')) as LedgerState;
    fs.writeFileSync(file, JSON.stringify({ ...st, target: s.baseUrl }));
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [...npmScriptArgs('cleanup'), '--ledger', file], {
        cwd: ROOT,
        env: { ...process.env, CERT_NO_DOTENV: '1', TELEGENT_BASE_URL: s.baseUrl, TELEGENT_ACCOUNT_KEY: 'DID-cleanup', TELEGENT_ACCOUNT_SECRET: SECRET },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ code, out }));
    });
    assert.equal(r.code, 0, r.out);
    assert.equal(s.count('POST', '/v1.0/products/delete'), 1, 'the product is deleted');
    assert.match(r.out, /cleanup: 1 undone, 0 failed/);
  } finally {
    await s.close();
  }
});
