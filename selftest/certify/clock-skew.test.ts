/**
 * A remote platform whose clock runs 10 minutes ahead of ours (standalone sandbox, SANDBOX_CLOCK_SKEW=+10m;
 * R-platform-clock-skew). Before: item 18 failed ("answerTime … off by 599994 ms") and item 1 took a token for one
 * living the skew longer (a +90 s skew failed item 1: "the token is still accepted 60.00 s before its tokenExpiry",
 * and blocked 21 items). Now every item passes as on a platform whose clock agrees, and item 1 warns, naming the skew.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certify, statuses, tail, sandboxAsTargetEnv } from './run';
import { startStandaloneSandbox, freePort } from './standalone';
import { CHECKLIST_ORDER } from '../../helpers/item';

test('a platform clock 10 min ahead: item 1 and item 18 read its times on its clock, with a warning', { timeout: 300_000 }, async () => {
  const webhookPort = await freePort();
  const publicUrl = `http://127.0.0.1:${webhookPort}`;
  const sb = await startStandaloneSandbox({
    SANDBOX_CDR_WEBHOOK_URL: `${publicUrl}/hooks/cdr`,
    SANDBOX_PROPAGATION_MS: '300',
    SANDBOX_TOKEN_TTL_SECONDS: '3',
    SANDBOX_CLOCK_SKEW: '+10m',
  });
  try {
    // the token's announced life (10 min 3 s on our clock, read naively) is within the wait: item 1 checks its expiry
    const run = await certify(sandboxAsTargetEnv(sb.baseUrl, webhookPort, publicUrl, { CERT_TOKEN_EXPIRY_WAIT_MS: '700000' }));
    const st = statuses(run);
    const bad = CHECKLIST_ORDER.filter((id) => st[id] !== 'passed');
    assert.deepEqual(
      bad.map((id) => `${id}=${st[id]}`),
      [],
      `items not passed:\n${tail(run.stdout)}\n${tail(sb.output(), 1500)}`,
    );
    assert.ok(run.signoff, `a sign-off was written:\n${tail(run.stdout)}\n${tail(run.stderr)}`);
    const item1 = run.signoff.items.find((i: any) => i.id === '1');
    const skew = item1.findings.find((f: any) => f.check === 'platform.clock-skew');
    assert.ok(skew && skew.severity === 'warning', `item 1 warns of the skew: ${JSON.stringify(item1.findings)}`);
    assert.match(skew.actual, /^10 min 0 s ahead of/);
    assert.match(JSON.stringify(run.signoff), /the expected CDR times are shifted by it/);
  } finally {
    await sb.stop();
  }
});
