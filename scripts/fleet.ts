/**
 * npm run fleet -- DIR|signoff.json ... [--out DIR]
 *
 * Merges sign-offs — one per target × profile, e.g. the nightly matrix's downloaded `signoff-*` artifacts — into the
 * fleet page: OUT/fleet.html (self-contained), OUT/fleet.json and OUT/fleet.md (the job summary), default OUT =
 * reports/. One row per target/profile: verdict, failed and pending items, regressions. Each DIR is searched three
 * levels down for signoff.json; a target.json beside it ({ id, label }) names the row.
 * Exit 0 when at least one sign-off was merged; 2 when none was found (or on a usage error).
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import * as path from 'node:path';
import { writeFleet } from '../reporter/fleet-render';

const argv = process.argv.slice(2);
const inputs: string[] = [];
let out = process.env.CERT_REPORT_DIR || 'reports';
let bad = '';
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--out') out = argv[++i] ?? '';
  else if (argv[i].startsWith('-')) bad = `unknown option ${argv[i]}`;
  else inputs.push(argv[i]);
}
if (bad || !inputs.length || !out) {
  process.stderr.write(`fleet: ${bad || (out ? 'no sign-off given' : '--out needs a directory')}\nusage: npm run fleet -- DIR|signoff.json ... [--out DIR]\n`);
  process.exit(2);
}
const r = writeFleet(inputs, out);
for (const p of r.problems) process.stderr.write(`fleet: skipped ${p}\n`);
for (const row of r.rows) {
  const failed = row.failed.map((i) => i.id).join(',') || '—';
  const pending = row.pending.map((i) => i.id).join(',') || '—';
  process.stdout.write(
    `fleet: ${row.label} · ${row.profile}: ${row.verdict} (failed ${failed}; pending ${pending}; ${row.regressions.length} regression(s))\n`,
  );
}
if (!r.rows.length) {
  process.stderr.write(`fleet: no signoff.json found under ${inputs.join(', ')}\n`);
  process.exit(2);
}
process.stdout.write(
  `fleet: ${r.rows.length} row(s) → ${r.written.map((f) => (path.relative(process.cwd(), f).startsWith('..') ? f : path.relative(process.cwd(), f))).join(', ')}\n`,
);
