/**
 * npm run bench:selftest [-- --json] — `npm test` timed (type check, lint, every self-test), as CI runs it.
 * Goal (issue 16): ≤ 5 minutes on this 2-core machine, every self-test passing.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

const GOAL_SECONDS = 300;
const asJson = process.argv.includes('--json');
const load = Number(os.loadavg()[0].toFixed(2));
const started = Date.now();
const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(__dirname, 'selftest.ts')], {
  cwd: path.resolve(__dirname, '..'),
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
const seconds = (Date.now() - started) / 1000;
const out = `${r.stdout ?? ''}`;
const num = (k: string) => Number(new RegExp(`^ℹ ${k} (\\d+)`, 'm').exec(out)?.[1] ?? NaN);
const result = {
  seconds: Number(seconds.toFixed(1)),
  goalSeconds: GOAL_SECONDS,
  tests: num('tests'),
  pass: num('pass'),
  fail: num('fail'),
  exit: r.status,
  load,
  meetsGoal: r.status === 0 && seconds <= GOAL_SECONDS,
};
if (!asJson) process.stdout.write(`npm test: ${result.seconds} s, ${result.pass}/${result.tests} passed, ${result.fail} failed (exit ${r.status})\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
