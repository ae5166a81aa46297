/**
 * `npm run report:allure`: Allure HTML report with history (trends across runs).
 * Copies the previous report's `history/` into the results before generating, so Allure carries the
 * trend forward: reports/allure-report/history → reports/allure-results/history, then
 * `allure generate reports/allure-results --clean -o reports/allure-report`.
 *
 *   tsx scripts/allure-history.ts [--copy-only] [--results DIR] [--report DIR]
 * Honors CERT_REPORT_DIR (default `reports`). In CI, restore reports/allure-report/history from the
 * cache before running this (the nightly workflow does).
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function copyAllureHistory(resultsDir: string, reportDir: string): number {
  const from = path.join(reportDir, 'history');
  const to = path.join(resultsDir, 'history');
  if (!fs.existsSync(from)) return 0;
  fs.mkdirSync(to, { recursive: true });
  let n = 0;
  for (const f of fs.readdirSync(from)) {
    const src = path.join(from, f);
    if (fs.statSync(src).isFile()) {
      fs.copyFileSync(src, path.join(to, f));
      n++;
    }
  }
  return n;
}

export function main(): number {
  const base = path.resolve(process.env.CERT_REPORT_DIR || 'reports');
  const results = path.resolve(arg('--results') ?? path.join(base, 'allure-results'));
  const report = path.resolve(arg('--report') ?? path.join(base, 'allure-report'));
  if (!fs.existsSync(results)) {
    console.error(`allure: no results at ${path.relative(process.cwd(), results)} — run \`npm run certify\` first (allure-playwright writes them)`);
    return 2;
  }
  const n = copyAllureHistory(results, report);
  console.log(
    n
      ? `allure: carried ${n} history file(s) forward from ${path.relative(process.cwd(), report)}/history`
      : 'allure: no previous report history (first report: trends start now)',
  );
  if (process.argv.includes('--copy-only')) return 0;
  const bin = path.resolve(__dirname, '..', 'node_modules', '.bin', process.platform === 'win32' ? 'allure.cmd' : 'allure');
  const r = spawnSync(fs.existsSync(bin) ? bin : 'allure', ['generate', results, '--clean', '-o', report], { stdio: 'inherit' });
  if (r.error) {
    console.error(`allure: could not start allure (${r.error.message}); it needs Java (apt-get install default-jre-headless)`);
    return 1;
  }
  return r.status ?? 1;
}

if (require.main === module) process.exitCode = main();
