/**
 * npm run trends [-- --history DIR ...] [-- --out FILE] [-- --last N]
 *
 * Builds the nightly trends page (default reports/trends.html) from the run history (default reports/history;
 * --history may be given more than once, e.g. one directory per target downloaded from the nightly jobs):
 * per target + profile, each checklist item's status over the last N runs (default 30) — green passed, red failed,
 * amber pending/manual, grey blocked/N/A — and each measured latency's p50/p95 over time, drawn by Chart.js,
 * inlined: the page works offline, opened from disk. Allure's own history is untouched.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import * as path from 'node:path';
import { writeTrends } from '../reporter/trends-page';

function usage(msg: string): never {
  process.stderr.write(`trends: ${msg}\nusage: npm run trends [-- --history DIR ...] [-- --out FILE] [-- --last N]\n`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const history: string[] = [];
let out = path.join(process.env.CERT_REPORT_DIR || 'reports', 'trends.html');
let last = 30;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => argv[++i] ?? usage(`${a} needs a value`);
  if (a === '--history') history.push(val());
  else if (a === '--out') out = val();
  else if (a === '--last') {
    last = Number(val());
    if (!Number.isInteger(last) || last < 1) usage('--last must be a whole number ≥ 1');
  } else usage(`unknown argument ${JSON.stringify(a)}`);
}
if (!history.length) history.push(path.join(process.env.CERT_REPORT_DIR || 'reports', 'history'));

const r = writeTrends(history, out, last);
for (const g of r.groups)
  process.stdout.write(`trends: ${g.key}: ${g.runs.length} run(s), latency charts for item(s) ${g.latencyItems.join(', ') || 'none'}\n`);
process.stdout.write(`trends: ${r.runs} history entr${r.runs === 1 ? 'y' : 'ies'} from ${history.join(', ')} → ${out}\n`);
