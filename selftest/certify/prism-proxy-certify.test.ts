/**
 * Issue 3: an independent validating proxy — Stoplight Prism in proxy mode with the project's OpenAPI
 * document — in front of the sandbox during a full certification run reports no response violation.
 * (Request-side findings are listed: the suite's negative checks send invalid requests on purpose.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { certify, statuses, tail, ROOT, sandboxAsTargetEnv } from './run';
import { freePort } from './standalone';
import { startSandbox } from '../../sandbox';
import { CHECKLIST_ORDER } from '../../helpers/item';

test('a full certification through a Prism validating proxy: no response violation', { timeout: 300_000 }, async () => {
  const webhookPort = await freePort();
  const sb = await startSandbox({ cdrDelivery: { webhookUrl: `http://127.0.0.1:${webhookPort}/hooks/cdr` }, tokenTtlSeconds: 2 });
  const port = await freePort();
  const prism = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'prism'),
    ['proxy', '-h', '127.0.0.1', '-p', String(port), path.join(ROOT, 'schemas', 'telegent.openapi.json'), sb.baseUrl],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  prism.stdout.on('data', (d) => (log += d));
  prism.stderr.on('data', (d) => (log += d));
  try {
    const end = Date.now() + 90_000;
    while (!/Prism is listening/i.test(log)) {
      if (Date.now() > end || prism.exitCode !== null) throw new Error(`prism did not start:\n${log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const run = await certify(
      sandboxAsTargetEnv(`http://127.0.0.1:${port}`, webhookPort, `http://127.0.0.1:${webhookPort}`, { CERT_SANDBOX_CONTROL_URL: sb.baseUrl }),
    );
    const st = statuses(run);
    const bad = CHECKLIST_ORDER.filter((id) => st[id] !== 'passed');
    assert.deepEqual(
      bad.map((id) => `${id}=${st[id]}`),
      [],
      `items not passed through the proxy:\n${tail(run.stdout)}`,
    );
    const violations = log.split('\n').filter((l) => /Violation/.test(l));
    const response = violations.filter((l) => /Violation: response/.test(l) && /error/i.test(l));
    const proxied = (log.match(/Forwarding|Request received|> Forwarding|Received/gi) ?? []).length;
    console.log(
      `prism proxy: ${proxied} log lines of proxied traffic; ${response.length} response violations (error level); ${violations.length - response.length} other findings (request side: the suite's deliberate negative checks)`,
    );
    assert.deepEqual(response.slice(0, 20), []);
  } finally {
    prism.kill('SIGTERM');
    await sb.close();
  }
});
