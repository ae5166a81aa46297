/**
 * Production-cutover / CI gate over the sign-off report.
 *
 *   npm run gate                       # reads reports/signoff.json (or $CERT_REPORT_DIR/signoff.json)
 *   npm run gate -- --run              # runs `npm run certify` first
 *   npm run gate -- --scope phase4     # only the Phase 4 first-number flow (default against production)
 *   npm run gate -- --scope 2,3,7      # an explicit list
 *   npm run gate -- --run --allow-billable   # required to run against production (CERT_ENV=production
 *                                            # or the vendor's production host)
 *   npm run gate -- --report path/to/signoff.json
 *
 * Exit codes: 0 every in-scope item passed · 1 not passed (why is printed) · 2 no / unreadable report ·
 * 3 refused: production target without --allow-billable, or a sandbox rehearsal judged as a cutover without --rehearsal.
 */
import { spawnSync } from 'node:child_process';
import { config as loadDotenv } from 'dotenv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ITEM_IDS, PHASE4_FIRST_NUMBER_ITEMS } from '../reporter/checklist';
import { isProductionTarget } from '../helpers/production';
import { headline } from '../reporter/model';
import { verifyReport } from '../reporter/attestations';
import { createRedactor } from '../reporter/redaction';

export interface GateItem {
  id: string;
  status: string;
  reason?: string;
  /** Joint items: awaiting both teams' attestations, or attested (R-signoff-attestation) */
  attestation?: 'awaiting' | 'attested';
  findings?: { pointer?: string; expected?: string; actual?: string; message?: string; severity?: string }[];
}
export interface GateReport {
  verdict?: string;
  /** a run against the Telegent sandbox: never a production cutover unless the gate is told it is a rehearsal */
  rehearsal?: boolean;
  target?: string;
  profile?: string;
  items: GateItem[];
  regressions?: { line: string }[];
}

export type GateScope = { kind: 'all' } | { kind: 'list'; name: string; ids: string[] };

export function parseScope(arg: string | undefined): GateScope | undefined {
  if (!arg) return undefined;
  if (arg === 'all') return { kind: 'all' };
  if (arg === 'phase4' || arg === 'production') return { kind: 'list', name: 'phase4 first-number flow', ids: [...PHASE4_FIRST_NUMBER_ITEMS] };
  const ids = arg
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.filter((id) => !ITEM_IDS.includes(id));
  if (bad.length) throw new Error(`--scope: unknown item id(s) ${bad.join(', ')}`);
  return { kind: 'list', name: `items ${ids.join(', ')}`, ids };
}

/** The decision, as lines to print. Pure: the self-tests call it directly. */
export function evaluateGate(report: GateReport, scope: GateScope, opts: { technical?: boolean } = {}): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  const missingRows = Array.isArray(report.items) ? ITEM_IDS.filter((id) => !report.items.some((i) => i.id === id)) : ITEM_IDS;
  if (!Array.isArray(report.items) || missingRows.length) {
    return {
      ok: false,
      lines: [
        `gate: FAIL — malformed report: expected the ${ITEM_IDS.length} checklist items, missing ${Array.isArray(report.items) ? missingRows.join(', ') : 'all'}`,
      ],
    };
  }
  const byId = new Map(report.items.map((i) => [i.id, i]));
  let inScope: GateItem[];
  const problems: string[] = [];
  if (scope.kind === 'all') {
    inScope = report.items.filter((i) => i.status !== 'not-applicable');
    if (!inScope.length) problems.push('no item is in scope (every item is not-applicable): nothing was certified');
  } else {
    inScope = [];
    for (const id of scope.ids) {
      const it = byId.get(id);
      if (!it) {
        problems.push(`item ${id}: missing from the report`);
        continue;
      }
      if (it.status === 'not-applicable') {
        if ((it.reason ?? '') === 'no spec') problems.push(`item ${id}: required by the ${scope.name} scope but has no spec`);
        else lines.push(`gate: note — item ${id} not-applicable (${it.reason ?? 'out of profile scope'}), accepted`);
        continue;
      }
      inScope.push(it);
    }
  }
  const unsigned = inScope.filter((i) => i.status === 'pending' && i.attestation === 'awaiting');
  if (unsigned.length && opts.technical)
    lines.push(`gate: note — --technical: item(s) ${unsigned.map((i) => i.id).join(', ')} await the teams' attestations, accepted (not a sign-off)`);
  else if (unsigned.length) {
    problems.push(
      `${unsigned.length} item(s) awaiting the teams' attestations: ${unsigned.map((i) => i.id).join(', ')} — ${headline(unsigned[0].reason ?? '')}\n` +
        '      each team runs `npm run attest -- --team partner|telegent --name "…" --role "…"` on this report, then run the gate again',
    );
  }
  const pending = inScope.filter((i) => i.status === 'pending' && i.attestation !== 'awaiting');
  if (pending.length) {
    problems.push(
      `${pending.length} item(s) pending — the outside world has not answered yet: ${pending.map((i) => `${i.id}${i.reason ? ` (${headline(i.reason)})` : ''}`).join('; ')}\n` +
        '      resume with `npm run certify -- --resume` once it has (a port-in can take days), then run the gate again',
    );
  }
  for (const it of inScope) {
    if (it.status === 'passed' || it.status === 'pending') continue; // pending: named above
    let why = `item ${it.id} ${it.status}${it.reason ? ` — ${headline(it.reason)}` : ''}`;
    const errs = (it.findings ?? []).filter((f) => (f.severity ?? 'error') === 'error');
    for (const f of errs.slice(0, 5))
      why += `\n      finding ${f.pointer || '/'}: expected ${f.expected ?? '?'}, actual ${f.actual ?? '?'}${f.message ? ` — ${f.message}` : ''}`;
    if (errs.length > 5) why += `\n      … ${errs.length - 5} more finding(s)`;
    problems.push(why);
  }
  const scopeName = scope.kind === 'all' ? 'all in-scope items' : scope.name;
  if (problems.length) {
    lines.unshift(`gate: FAIL — ${problems.length} problem(s) in scope "${scopeName}" (report verdict ${report.verdict ?? '?'}):`);
    lines.push(...problems.map((p) => `  - ${p}`));
  } else {
    lines.unshift(`gate: PASS — ${inScope.length} item(s) in scope "${scopeName}" passed (report verdict ${report.verdict ?? '?'})`);
  }
  for (const r of report.regressions ?? []) lines.push(`gate: note — ${r.line}`);
  return { ok: problems.length === 0, lines };
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

type Say = (s: string) => void;

const HELP_LINES = [
  'usage: npm run gate -- [--run] [--allow-billable] [--scope all|phase4|ID,ID…] [--report FILE]',
  '  --run             run `npm run certify` first (its preflight and .env apply)',
  '  --allow-billable  accept billable steps against production (CERT_ENV=production or the production host)',
  '  --scope           all in-scope items (default), the Phase 4 first-number flow, or a list of item ids',
  '  --report FILE     the sign-off to judge (default reports/signoff.json)',
  '  --cutover         judge it as a production cutover (implied by a production target or --scope phase4):',
  '                    a rehearsal on the sandbox is then refused unless --rehearsal says that is what it is',
  "  --technical       judge what the platform proved: Joint items awaiting the teams' attestations are accepted",
  '                    (nightly regression); refused for a cutover, which needs both attestations',
  'Exit codes: 0 every in-scope item passed · 1 not passed (failed, pending, blocked, manual: each named) ·',
  '            2 no readable report, or certify stopped before any item (configuration / preflight) · 3 refused.',
];

/** `--run`: the certification first. Returns an exit code when the gate must stop, else the scope to judge. */
function runCertify(say: Say, allowBillable: boolean, scope: GateScope | undefined): { code: number } | { scope: GateScope | undefined } {
  const production = isProductionTarget(process.env.TELEGENT_BASE_URL, process.env);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (production) {
    if (!allowBillable) {
      say(
        'gate: REFUSED — the target is production (CERT_ENV=production or the vendor production host); the certification creates billable resources (numbers, subscriptions, messages).',
      );
      say('gate: re-run with --allow-billable to accept the charges; the scope defaults to the Phase 4 first-number flow.');
      return { code: 3 };
    }
    scope ??= parseScope('phase4');
    env.CERT_ALLOW_BILLABLE = '1';
    env.CERT_GATE_ITEMS = (scope as { ids?: string[] }).ids?.join(',') ?? '';
    say(`gate: production target — billable steps allowed by --allow-billable; scope ${scope!.kind === 'list' ? scope!.name : 'all'}`);
  } else if (allowBillable) env.CERT_ALLOW_BILLABLE = '1';
  say('gate: running npm run certify …');
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'certify'], { stdio: 'inherit', env });
  say(`gate: certify exited with ${r.status ?? r.signal}`);
  if (r.status === 2) {
    say('gate: FAIL — the certification did not start (configuration or preflight problem above); no report was judged');
    return { code: 2 };
  }
  return { scope };
}

function readReport(say: Say, reportFile: string): GateReport | undefined {
  try {
    return JSON.parse(fs.readFileSync(reportFile, 'utf8')) as GateReport;
  } catch (e) {
    say(
      `gate: FAIL — no readable sign-off report at ${path.relative(process.cwd(), reportFile) || reportFile} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); run \`npm run certify\` first or use --run`,
    );
    return undefined;
  }
}

/** Refusals before any judgement: a rehearsal judged as a cutover, or --technical on a cutover. */
function refusal(say: Say, report: GateReport, cutover: boolean, argv: string[]): number | undefined {
  if (report.rehearsal && cutover && !argv.includes('--rehearsal')) {
    say('gate: REFUSED — this sign-off is a rehearsal on the Telegent sandbox, not a certification of the production integration;');
    say('gate: run the certification against the production target, or pass --rehearsal when this IS a cutover rehearsal.');
    return 3;
  }
  if (argv.includes('--technical') && cutover) {
    say("gate: REFUSED — --technical cannot judge a cutover: a production cutover needs both teams' attestations (npm run attest)");
    return 3;
  }
  return undefined;
}

/** Attested items hold only while the attestations still bind to this run's evidence (npm run verify). */
function attestationsHold(say: Say, report: GateReport, reportFile: string): boolean {
  if (!report.items.some((i) => i.attestation === 'attested')) return true;
  const v = verifyReport(path.dirname(reportFile), { requireAll: true });
  if (!v.ok) {
    say('gate: FAIL — the attestations no longer hold for this report:');
    for (const l of v.lines.filter((x) => /FAIL|MISMATCH/.test(x))) say(`  - ${l}`);
    return false;
  }
  say('gate: note — both attestations verified against evidence.json');
  return true;
}

export function main(argv = process.argv.slice(2)): number {
  const redactor = createRedactor();
  const say: Say = (s) => console.log(redactor.text(s));
  if (argv.includes('--help') || argv.includes('-h')) {
    HELP_LINES.forEach((l) => say(l));
    return 0;
  }
  if (!process.env.CERT_NO_DOTENV) loadDotenv({ path: path.resolve(process.cwd(), '.env'), quiet: true } as never); // like certify
  const reportFile = path.resolve(arg(argv, '--report') ?? path.join(process.env.CERT_REPORT_DIR || 'reports', 'signoff.json'));
  let scope: GateScope | undefined;
  try {
    scope = parseScope(arg(argv, '--scope') ?? process.env.CERT_GATE_SCOPE);
  } catch (e) {
    say(`gate: ${(e as Error).message}`);
    return 2;
  }
  if (argv.includes('--run')) {
    const r = runCertify(say, argv.includes('--allow-billable'), scope);
    if ('code' in r) return r.code;
    scope = r.scope;
  }
  const report = readReport(say, reportFile);
  if (!report) return 2;
  const prodReport = isProductionTarget(report.target, { ...process.env, CERT_ENV: process.env.CERT_ENV });
  const cutover = prodReport || (scope?.kind === 'list' && scope.name.startsWith('phase4')) || argv.includes('--cutover');
  const refused = refusal(say, report, cutover, argv);
  if (refused !== undefined) return refused;
  const { ok, lines } = evaluateGate(report, scope ?? (prodReport ? parseScope('phase4')! : { kind: 'all' }), { technical: argv.includes('--technical') });
  for (const l of lines) say(l);
  return ok && attestationsHold(say, report, reportFile) ? 0 : 1;
}

if (require.main === module) process.exitCode = main();
