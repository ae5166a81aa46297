/**
 * One run per ledger (helpers/run-lock.ts): while a run holds `<ledger>.lock`, `npm run cleanup` refuses (exit 2,
 * nothing called: a cleanup beside a nightly --resume would cancel the port-in it waits on) except as a dry run, and a
 * second `npm run certify` into the same report directory refuses before any call; a lock whose process is gone is
 * stale and taken over.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { acquireRunLock, lockFileOf, lockHolder, markStopping, releaseRunLock, stopRequested } from '../../helpers/run-lock';
import { certify, statuses, tempReportDir, ROOT } from './run';
import { npmScriptArgs } from '../npm-script';

/** a live process standing for a run in progress */
function liveRun() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return { pid: child.pid!, stop: () => child.kill('SIGKILL') };
}

/** the pid of a process that has ended */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('the lock: held by a live process it is refused; a dead holder is stale and taken over; release frees it', () => {
  const file = lockFileOf(path.join(tempReportDir('lock'), 'run-state.json'));
  const other = liveRun();
  try {
    assert.deepEqual(acquireRunLock(file, 'certify', other.pid), { ok: true });
    const again = acquireRunLock(file, 'certify');
    assert.equal(again.ok, false);
    assert.equal(!again.ok && again.holder.pid, other.pid, 'the holder is named');
    assert.equal(lockHolder(file)?.pid, other.pid);
    releaseRunLock(file); // not ours: left alone
    assert.equal(lockHolder(file)?.pid, other.pid);
  } finally {
    other.stop();
  }
  fs.writeFileSync(file, JSON.stringify({ pid: deadPid(), host: require('node:os').hostname(), startedAt: 'x', by: 'certify' }));
  assert.equal(lockHolder(file), undefined, 'a dead holder holds nothing');
  assert.deepEqual(acquireRunLock(file, 'certify'), { ok: true }, 'a stale lock is taken over');
  releaseRunLock(file);
  assert.equal(fs.existsSync(file), false);
});

test('a run in progress: npm run cleanup refuses (exit 2, nothing undone) except --dry-run; a second certify refuses', { timeout: 60_000 }, async () => {
  const dir = tempReportDir('lock-run');
  const ledger = path.join(dir, 'run-state.json');
  fs.writeFileSync(ledger, JSON.stringify({ runId: 'r1', startedAt: new Date().toISOString(), items: {}, resources: [], ids: {}, data: {} }));
  const run = liveRun();
  try {
    assert.ok(acquireRunLock(lockFileOf(ledger), 'certify', run.pid).ok);
    const env = {
      ...process.env,
      CERT_NO_DOTENV: '1',
      CERT_REPORT_DIR: dir,
      TELEGENT_BASE_URL: 'http://127.0.0.1:9',
      TELEGENT_ACCOUNT_KEY: 'DID-00000000-0000-4000-8000-000000000001',
      TELEGENT_ACCOUNT_SECRET: 'lock-test-secret',
      WEBHOOK_PUBLIC_URL: 'http://127.0.0.1:9',
    };
    const clean = spawnSync(process.execPath, npmScriptArgs('cleanup'), { cwd: ROOT, env, encoding: 'utf8' });
    assert.equal(clean.status, 2, `${clean.stdout}\n${clean.stderr}`);
    assert.match(clean.stderr, new RegExp(`a run is using .*run-state\\.json: certify \\(process ${run.pid}`));
    assert.doesNotMatch(clean.stdout, /undone/, 'nothing was attempted');
    const dry = spawnSync(process.execPath, [...npmScriptArgs('cleanup'), '--dry-run'], { cwd: ROOT, env, encoding: 'utf8' });
    assert.match(dry.stdout, /a run is using .*a dry run changes nothing/, `${dry.stdout}\n${dry.stderr}`);

    const second = await certify({ CERT_REPORT_PDF: '0' }, [], dir); // the embedded sandbox, the same report directory
    assert.equal(second.code, 2, `${second.stdout}\n${second.stderr}`);
    assert.match(second.stderr, /another run is using .*run-state\.json: certify \(process \d+/);
    assert.equal(fs.existsSync(path.join(dir, 'signoff.json')), false, 'nothing run, nothing written');
    assert.equal(JSON.parse(fs.readFileSync(ledger, 'utf8')).runId, 'r1', 'the running ledger untouched');
  } finally {
    run.stop();
  }
});

test('a stop left by an earlier run (<ledger>.stopping) is cleared when the next run starts: its items end as they end', { timeout: 60_000 }, async () => {
  const dir = tempReportDir('lock-stop');
  const ledger = path.join(dir, 'run-state.json');
  markStopping(ledger);
  assert.ok(stopRequested(ledger));
  const run = await certify({ CERT_REPORT_PDF: '0', CERT_REPORTERS: 'signoff' }, ['specs/01-account.spec.ts'], dir);
  assert.equal(statuses(run)['1'], 'passed', run.stdout);
  assert.equal(run.ledger?.items?.['1']?.status, 'passed', 'recorded passed, not interrupted');
  assert.equal(stopRequested(ledger), false);
  assert.equal(fs.existsSync(lockFileOf(ledger)), false, 'the lock given up at the end');
});
