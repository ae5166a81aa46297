/**
 * npx tsx scripts/nightly-plan.ts [--targets FILE] [--only id,id] [--profile NAME]
 *
 * The nightly workflow's plan step: reads the target list (the repository variable CERT_TARGETS_JSON when set, else
 * FILE, default .github/targets.json) and prints the job matrix — one certification job per target × profile —
 * as `matrix=<json>` (appended to $GITHUB_OUTPUT when set), plus one line per job. Secret NAMES only.
 * Exit 1 with one line per problem when the list is invalid.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planMatrix, type TargetsFile } from './nightly-targets';

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const file = opt('--targets') ?? path.join(__dirname, '..', '.github', 'targets.json');
const only = (opt('--only') ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const profile = opt('--profile')?.trim() || undefined;

let cfg: TargetsFile;
try {
  const raw = process.env.CERT_TARGETS_JSON?.trim() || fs.readFileSync(file, 'utf8');
  cfg = JSON.parse(raw) as TargetsFile;
} catch (e) {
  process.stderr.write(
    `nightly-plan: cannot read the target list (${process.env.CERT_TARGETS_JSON?.trim() ? 'variable CERT_TARGETS_JSON' : file}): ${(e as Error).message.split('\n')[0]}\n`,
  );
  process.exit(1);
}
const { include, problems } = planMatrix(cfg, { only, profile });
if (problems.length) {
  for (const p of problems) process.stderr.write(`nightly-plan: ${p}\n`);
  process.exit(1);
}
const line = `matrix=${JSON.stringify({ include })}`;
if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `${line}\n`);
for (const j of include) process.stderr.write(`nightly-plan: job ${j.target} · ${j.profile}${j.real ? '' : ' (embedded sandbox)'}\n`);
process.stdout.write(`${line}\n`);
