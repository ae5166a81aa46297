/**
 * npm run bench:matrix [-- --sample] [-- --concurrency N] [-- --json] — the drift/fault matrix, timed: every mode
 * (`--sample`: the self-test's subset), packed as `npm run matrix` packs them. Prints the wall time, the modes and the
 * runs they took, and the breakdown: the certifications of the pool (drift packs, benign pack), the fault lane, the
 * sweep rows, the packs that were run again mode by mode, and the slowest runs.
 * Goal (issue 16): the full matrix ≤ 120 s wall, every drift mode caught, every fault and benign mode passing.
 * The matrix table itself is written to reports/matrix.txt.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MatrixRow } from './matrix';

const GOAL_SECONDS = 120;
const args = process.argv.slice(2);
const sample = args.includes('--sample');
const asJson = args.includes('--json');
const cIdx = args.indexOf('--concurrency');
// required here, not imported: matrix.ts answers --help itself when it is loaded
const { runMatrix, renderMatrix, defaultConcurrency } = require('./matrix') as typeof import('./matrix');
const concurrency = cIdx >= 0 ? Number(args[cIdx + 1]) : defaultConcurrency();

async function main() {
  const load = Number(os.loadavg()[0].toFixed(2));
  const started = Date.now();
  const cpu0 = process.cpuUsage();
  let runs = 0;
  const splitWhy: string[] = [];
  const rows: MatrixRow[] = await runMatrix({
    sample,
    concurrency,
    onRuns: (k) => (runs = k),
    log: (s) => {
      if (s.includes('did not come out')) splitWhy.push(s.trim());
    },
  });
  const splits = splitWhy.length;
  const seconds = (Date.now() - started) / 1000;
  const reports = path.resolve(__dirname, '..', 'reports');
  fs.mkdirSync(reports, { recursive: true });
  fs.writeFileSync(path.join(reports, 'matrix.txt'), `${renderMatrix(rows)}\nmatrix wall time ${seconds.toFixed(0)} s, ${rows.length} modes in ${runs} runs\n`);
  // one entry per certification (a pack's rows share their wall time and their modes)
  const byRun = new Map<string, MatrixRow>();
  for (const r of rows) byRun.set([r.mode, ...(r.packedWith ?? [])].sort().join(','), r);
  const lane = (k: MatrixRow['kind']) => [...byRun.values()].filter((r) => r.kind === k).reduce((s, r) => s + r.wallMs / 1000, 0);
  const slowest = [...byRun.values()].sort((a, b) => b.wallMs - a.wallMs).slice(0, 3);
  const ok = rows.every((r) => r.ok);
  const out = {
    sample,
    seconds: Number(seconds.toFixed(1)),
    goalSeconds: GOAL_SECONDS,
    modes: rows.length,
    runs,
    splits,
    splitWhy,
    concurrency,
    load,
    runSeconds: { drift: Number(lane('drift').toFixed(1)), benign: Number(lane('benign').toFixed(1)), fault: Number(lane('fault').toFixed(1)) },
    slowest: slowest.map((r) => ({ modes: [r.mode, ...(r.packedWith ?? [])].length, first: r.mode, seconds: Number((r.wallMs / 1000).toFixed(1)) })),
    allAsExpected: ok,
    meetsGoal: ok && !sample && seconds <= GOAL_SECONDS,
  };
  if (!asJson) {
    process.stdout.write(
      `matrix${sample ? ' (sample)' : ''}: ${out.seconds} s wall for ${out.modes} modes in ${runs} runs (${splits} pack(s) run again mode by mode), concurrency ${concurrency} + the fault lane; ${ok ? 'every mode as expected' : 'NOT every mode as expected'}\n` +
        `  run time summed: drift packs ${out.runSeconds.drift} s, benign ${out.runSeconds.benign} s, fault lane ${out.runSeconds.fault} s; matrix process CPU ${((process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6).toFixed(1)} s\n` +
        splitWhy.map((w) => `  ${w}\n`).join(''),
    );
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main();
