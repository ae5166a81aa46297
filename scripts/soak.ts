/**
 * npm run soak [-- N]   (default 20)
 * N consecutive certification runs on the embedded sandbox; prints each run's verdict and wall time and
 * the count of failures. A false failure is any run whose verdict is not PASS.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import { certify, statuses } from '../selftest/certify/run';
import { CHECKLIST_ORDER } from '../helpers/item';

async function main() {
  const n = Number(process.argv[2] ?? 20);
  let failures = 0;
  const times: number[] = [];
  for (let i = 1; i <= n; i++) {
    const run = await certify();
    const st = statuses(run);
    const bad = CHECKLIST_ORDER.filter((id) => st[id] !== 'passed');
    times.push(run.wallMs);
    if (run.code !== 0 || bad.length) {
      failures++;
      process.stdout.write(`run ${i}/${n}: FAIL (${bad.map((id) => `${id}=${st[id]}`).join(', ')}) — report kept in ${run.reportDir}\n`);
    } else process.stdout.write(`run ${i}/${n}: PASS in ${(run.wallMs / 1000).toFixed(1)} s\n`);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    `\n${n} consecutive certification runs: ${n - failures} passed, ${failures} failed; wall time median ${(times[Math.floor(n / 2)] / 1000).toFixed(1)} s, max ${(times[n - 1] / 1000).toFixed(1)} s\n`,
  );
  process.exit(failures ? 1 : 0);
}
void main();
