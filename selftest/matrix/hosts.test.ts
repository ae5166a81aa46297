/**
 * Issue 16: the matrix runs its certifications in runner hosts (scripts/matrix-hosts.ts): several runs, one after
 * another, in one Playwright runner process. A run there must come out exactly as in a certify process of its own —
 * also when it follows another run with another mode in the same host — and a host that fails must leave the
 * certification to a certify process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { certify, ROOT, statuses, tail, type CertifyRun } from '../certify/run';
import { readSpecMetas } from '../../helpers/spec-registry';
import { modeItems } from '../../scripts/matrix-pack';
import { RunnerHosts } from '../../scripts/matrix-hosts';

const FAST = { CERT_REPORT_PDF: '0', CERT_REPORTERS: 'signoff', CERT_KEEP_WORKER_ON_FAILURE: '1' };

/** a drift mode's run as the matrix makes it: its item, prerequisites and dependents */
function driftRun(name: string, item: string): { env: Record<string, string>; files: string[] } {
  const specs = readSpecMetas();
  const ids = modeItems(specs, { name, item, area: '', description: '' } as never);
  return { env: { ...FAST, SANDBOX_DRIFT: name }, files: specs.filter((s) => ids.has(s.meta.id)).map((s) => path.relative(ROOT, s.file)) };
}

/** what a run decided: each item's status, each item's tests and the checks of its error findings */
function outcome(run: CertifyRun) {
  const items = (run.signoff?.items ?? []) as any[];
  return {
    statuses: statuses(run),
    tests: Object.fromEntries(items.map((i) => [i.id, (i.tests ?? []).map((t: any) => `${t.title}: ${t.status}`)])),
    errors: Object.fromEntries(
      items.map((i) => [
        i.id,
        (i.findings ?? [])
          .filter((f: any) => f.severity !== 'warning')
          .map((f: any) => f.check)
          .sort(),
      ]),
    ),
  };
}

test('runs in one host, one after another, come out as in certify processes of their own', { timeout: 240_000 }, async () => {
  const a = driftRun('account-name-not-echoed', '1');
  const b = driftRun('product-cost-string', '2');
  const hosts = new RunnerHosts();
  try {
    const inHost: CertifyRun[] = [];
    for (const r of [a, b, a]) inHost.push(await hosts.certify(r.env, r.files));
    assert.equal(hosts.started, 1, 'the three runs shared one host');
    assert.deepEqual(hosts.fallbacks, [], 'no run fell back to a certify process');
    const [alone, bAlone] = await Promise.all([certify(a.env, a.files), certify(b.env, b.files)]);
    for (const [got, want, label] of [
      [inHost[0], alone, 'first run'],
      [inHost[1], bAlone, 'second run, another mode'],
      [inHost[2], alone, 'third run, the first mode again after another'],
    ] as const) {
      assert.ok(got.signoff, `${label}: a sign-off\n${tail(got.stdout + got.stderr)}`);
      assert.deepEqual(outcome(got), outcome(want), label);
    }
    assert.equal(statuses(inHost[0])['1'], 'failed', 'the drift mode fails its item');
    assert.equal(statuses(inHost[1])['2'], 'failed', 'the drift mode fails its item');
  } finally {
    hosts.close();
  }
});

test('a host that ends during a run leaves that certification to a certify process', { timeout: 120_000 }, async () => {
  const hosts = new RunnerHosts();
  try {
    // a configuration the global setup refuses (exit 2): the host process ends with it
    const env = { ...FAST, CERT_PROFILE: 'no-such-profile' };
    const run = await hosts.certify(env, ['specs/01-account.spec.ts']);
    assert.equal(hosts.fallbacks.length, 1, 'one certification fell back');
    assert.match(hosts.fallbacks[0], /runner host ended/);
    const alone = await certify(env, ['specs/01-account.spec.ts']);
    assert.deepEqual([run.code, run.signoff], [alone.code, alone.signoff], 'the same outcome as a certify process');
    assert.equal(run.code, 2, tail(run.stdout + run.stderr));
  } finally {
    hosts.close();
  }
});
