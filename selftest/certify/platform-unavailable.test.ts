/**
 * A maintenance window in the middle of a run: the gateway in front of the platform answers one read with its
 * maintenance page (503, text/html, Retry-After: 3600 — longer than the client ever waits). Before, item 1 failed
 * ("GET /v1.0/account → HTTP 503") as if the platform had done something wrong; now it is pending, naming the status,
 * the Retry-After and --resume (R-platform-unavailable). The preflight has already passed, so the run is under way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { certify, statuses, tail, sandboxAsTargetEnv } from './run';
import { startStandaloneSandbox, freePort } from './standalone';

const MAINTENANCE = '<!DOCTYPE html><html><head><title>Scheduled maintenance</title></head><body><h1>Back soon</h1></body></html>';

/** The platform's gateway: forwards every call, except the account read-back, answered by the maintenance page. */
async function gateway(target: string): Promise<{ url: string; pages: () => number; close: () => Promise<void> }> {
  const up = new URL(target);
  let pages = 0;
  const srv = http.createServer((req, res) => {
    if (req.method === 'GET' && new URL(req.url ?? '/', 'http://x').pathname.toLowerCase() === '/v1.0/account') {
      pages++;
      req.resume();
      res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '3600' }).end(MAINTENANCE);
      return;
    }
    const fwd = http.request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    fwd.on('error', () => res.writeHead(502).end());
    req.pipe(fwd);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, pages: () => pages, close: () => new Promise((r) => srv.close(() => r())) };
}

test('a maintenance page (503, Retry-After 1 h) mid-run: the item is pending, not failed (R-platform-unavailable)', { timeout: 120_000 }, async () => {
  const webhookPort = await freePort();
  const sb = await startStandaloneSandbox({ SANDBOX_TOKEN_TTL_SECONDS: '30' });
  const gw = await gateway(sb.baseUrl);
  try {
    const env = sandboxAsTargetEnv(gw.url, webhookPort, `http://127.0.0.1:${webhookPort}`, { CERT_TOKEN_EXPIRY_WAIT_MS: '0' });
    const run = await certify(env, ['specs/01-account.spec.ts']);
    const out = `${tail(run.stdout)}\n${tail(run.stderr, 1500)}`;
    assert.ok(gw.pages() >= 1, `the read met the maintenance page:\n${out}`);
    assert.equal(statuses(run)['1'], 'pending', `item 1 pending, not failed:\n${out}`);
    const item1 = run.signoff.items.find((i: any) => i.id === '1');
    assert.match(JSON.stringify(item1), /GET \/v1\.0\/account answered HTTP 503 after 1 attempt\(s\), Retry-After 3600: .*R-platform-unavailable/);
    assert.doesNotMatch(run.stdout + run.stderr, /sandbox-secret/);
  } finally {
    await gw.close();
    await sb.stop();
  }
});
