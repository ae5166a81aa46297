/**
 * Issue 4: the same specs, unchanged, against a separately started `npm run sandbox` named by
 * TELEGENT_BASE_URL, with WEBHOOK_PUBLIC_URL pointing at a forwarder in front of the suite's receiver
 * (as a partner's tunnel would be). The forwarder proves webhooks really travel through the public URL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certify, statuses, tail, sandboxAsTargetEnv } from './run';
import { startStandaloneSandbox, freePort } from './standalone';
import { startForwarder } from './forwarder';
import { CHECKLIST_ORDER } from '../../helpers/item';

test('npm run certify against a standalone sandbox (TELEGENT_BASE_URL) through a webhook forwarder (WEBHOOK_PUBLIC_URL)', { timeout: 300_000 }, async () => {
  const webhookPort = await freePort();
  const fwd = await startForwarder(webhookPort);
  // CDR delivery is configured on the platform at onboarding (Phase 2): here, the sandbox's environment.
  const sb = await startStandaloneSandbox({ SANDBOX_CDR_WEBHOOK_URL: `${fwd.url}/hooks/cdr`, SANDBOX_PROPAGATION_MS: '300', SANDBOX_TOKEN_TTL_SECONDS: '3' });
  try {
    const run = await certify(sandboxAsTargetEnv(sb.baseUrl, webhookPort, fwd.url));
    const st = statuses(run);
    const bad = CHECKLIST_ORDER.filter((id) => st[id] !== 'passed');
    assert.deepEqual(
      bad.map((id) => `${id}=${st[id]}`),
      [],
      `items not passed:\n${tail(run.stdout)}\n${tail(sb.output(), 1500)}`,
    );
    assert.ok(fwd.forwarded() >= 5, `webhooks went through the forwarder (${fwd.forwarded()})`);
  } finally {
    await sb.stop();
    await fwd.close();
  }
});
