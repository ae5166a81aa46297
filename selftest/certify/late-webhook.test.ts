/**
 * A real target whose delivery reports come later than the run waits (a slow webhook queue, a retry after a lost first
 * attempt): a standalone sandbox with its controls hidden (a control key the suite does not have), reached through a
 * forwarder that holds every post to the run's CallbackMessageUrl longer than CERT_WEBHOOK_TIMEOUT_MS. Before, item 10
 * failed on a bare "timed out … waiting for the delivery report" with no basis (nothing documents a delivery time);
 * now it is pending, naming what did not come and the ways on (R-webhook-late). A post that came and did not match
 * stays a failure (selftest/client/inbound-shapes.test.ts and the matrix, on the sandbox, judge those).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { certify, statuses, tail, sandboxAsTargetEnv } from './run';
import { startStandaloneSandbox, freePort } from './standalone';

/** A tunnel that forwards every post at once, except delivery reports (…/status): held `holdMs` first. */
async function slowReportTunnel(targetPort: number, holdMs: number): Promise<{ url: string; held: () => number; close: () => Promise<void> }> {
  let held = 0;
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const late = /\/status$/.test(new URL(req.url ?? '/', 'http://x').pathname);
      if (late) held++;
      setTimeout(
        () => {
          const up = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, (r) => {
            res.writeHead(r.statusCode ?? 502, r.headers);
            r.pipe(res);
          });
          up.on('error', () => res.writeHead(502).end());
          up.end(Buffer.concat(chunks));
        },
        late ? holdMs : 0,
      );
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    held: () => held,
    close: () => new Promise((r) => srv.close(() => r())),
  };
}

const SPECS = ['01-account', '04-message-route', '05-voice-route', '06-subscriber', '07-provision-number', '10-sms-outbound-dlr'].map(
  (s) => `specs/${s}.spec.ts`,
);

test('delivery reports later than CERT_WEBHOOK_TIMEOUT_MS on a real target: item 10 pending, not failed (R-webhook-late)', { timeout: 180_000 }, async () => {
  const webhookPort = await freePort();
  const tunnel = await slowReportTunnel(webhookPort, 6_000);
  const sb = await startStandaloneSandbox({
    SANDBOX_CONTROL_KEY: 'late-webhook-control-key-91',
    SANDBOX_PROPAGATION_MS: '300',
    SANDBOX_TOKEN_TTL_SECONDS: '30',
  });
  try {
    const env = sandboxAsTargetEnv(sb.baseUrl, webhookPort, tunnel.url, { CERT_WEBHOOK_TIMEOUT_MS: '2500', CERT_TOKEN_EXPIRY_WAIT_MS: '0' });
    const run = await certify(env, SPECS);
    const st = statuses(run);
    const out = `${tail(run.stdout)}\n${tail(run.stderr, 1500)}`;
    assert.ok(tunnel.held() >= 1, `a delivery report was sent and held:\n${out}`);
    for (const id of ['1', '4', '7']) assert.equal(st[id], 'passed', `item ${id}:\n${out}`);
    assert.equal(st['10'], 'pending', `item 10 pending, not failed:\n${out}`);
    const item10 = run.signoff.items.find((i: any) => i.id === '10');
    assert.match(JSON.stringify(item10), /waiting for the delivery report .*nothing came .*R-webhook-late.*CERT_WEBHOOK_TIMEOUT_MS/);
    assert.doesNotMatch(run.stdout + run.stderr, /sandbox-secret|late-webhook-control-key-91/);
  } finally {
    await sb.stop();
    await tunnel.close();
  }
});
