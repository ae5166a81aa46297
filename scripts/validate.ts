/**
 * npm run validate — check a JSON payload against the project's contract.
 *
 *   npm run validate -- --op "POST /v1.0/numbers/provision" --status 200 FILE.json
 *   npm run validate -- --op "POST /v1.0/numbers/provision" --request FILE.json
 *   npm run validate -- --webhook inbound-sms FILE.json
 *   npm run validate -- --cdr voice FILE.json          (a record, or an array of records)
 *   npm run validate -- --examples [--op KEY] [--verbose]  (every vendor 200 example and request example; exit 0 when
 *                                                       none has an error — warnings allowed, listed with --verbose)
 *   FILE may be "-" (stdin).
 *
 * Prints each violation (pointer, expected, actual) and exits 1; prints OK and exits 0 when the
 * payload conforms (warnings — undocumented fields, inferred rules, tolerated forms — are printed with their
 * basis but do not fail). Usage errors exit 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getOperation, listOperations, validateCdr, validateRequest, validateResponse, validateWebhook, type Finding } from '../protocol/contract';
import { checkExamples } from './schema-tools/check-examples';

const USAGE = `usage:
  npm run validate -- --op "METHOD /path" [--status 200] FILE.json
  npm run validate -- --op "METHOD /path" --request FILE.json
  npm run validate -- --webhook inbound-sms|inbound-mms|inbound-older|dlr|voice-event FILE.json
  npm run validate -- --cdr sms|voice|data FILE.json
  npm run validate -- --examples [--op "METHOD /path"] [--verbose]
FILE may be "-" to read stdin. Exit: 0 conforms, 1 violations, 2 usage error.`;

function usage(msg: string): never {
  process.stderr.write(`validate: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

interface Args {
  op?: string;
  status?: number;
  request: boolean;
  webhook?: string;
  cdr?: string;
  examples: boolean;
  quiet: boolean;
  verbose: boolean;
  file?: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { request: false, examples: false, quiet: false, verbose: false };
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || (v.startsWith('--') && v !== '-')) usage(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i];
    const eq = t.startsWith('--') ? t.indexOf('=') : -1;
    const flag = eq > 0 ? t.slice(0, eq) : t;
    const inline = eq > 0 ? t.slice(eq + 1) : undefined;
    const take = () => (inline !== undefined ? inline : value(i++, flag));
    switch (flag) {
      case '--op':
        a.op = take();
        break;
      case '--status': {
        const s = take();
        if (!/^\d{3}$/.test(s)) usage(`--status must be a 3-digit HTTP status, got ${JSON.stringify(s)}`);
        a.status = Number(s);
        break;
      }
      case '--request':
        a.request = true;
        break;
      case '--webhook':
        a.webhook = take();
        break;
      case '--cdr':
        a.cdr = take();
        break;
      case '--examples':
        a.examples = true;
        break;
      case '--verbose':
      case '-v':
        a.verbose = true;
        break;
      case '--quiet':
      case '-q':
        a.quiet = true;
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
      default:
        if (t.startsWith('--')) usage(`unknown option ${t}`);
        if (a.file !== undefined) usage(`one FILE only (got ${a.file} and ${t})`);
        a.file = t;
    }
  }
  return a;
}

function readPayload(file: string): unknown {
  let text: string;
  if (file === '-') text = fs.readFileSync(0, 'utf8');
  else {
    if (!fs.existsSync(file)) usage(`file not found: ${file}`);
    text = fs.readFileSync(file, 'utf8');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    usage(`${file === '-' ? 'stdin' : file} is not valid JSON: ${(e as Error).message}`);
  }
}

function print(findings: Finding[], label: string, quiet = false): boolean {
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const basis = (f: Finding) => (f.basis ? ` {basis: ${f.basis}}` : '');
  for (const f of errors)
    process.stdout.write(`✗ ${f.pointer || '(body)'}  expected: ${f.expected}  actual: ${f.actual}  [${f.check}]${basis(f)} ${f.message}\n`);
  if (!quiet)
    for (const f of warnings)
      process.stdout.write(`! ${f.pointer || '(body)'}  expected: ${f.expected}  actual: ${f.actual}${basis(f)} (warning: not a failure)\n`);
  if (errors.length) process.stdout.write(`${label}: ${errors.length} violation(s)${warnings.length ? `, ${warnings.length} warning(s)` : ''}\n`);
  else if (!quiet) process.stdout.write(`OK ${label}${warnings.length ? ` (${warnings.length} warning(s))` : ''}\n`);
  return errors.length === 0;
}

function rulingsFor(opKey: string, fields: string[]): { explained: boolean; lines: string[] } {
  try {
    const file = path.join(path.resolve(__dirname, '..', 'schemas'), 'rulings.json');
    const rulings = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
    const op = getOperation(opKey);
    const ids = new Set<string>();
    const walk = (n: unknown) => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        for (const [k, v] of Object.entries(n)) {
          if (k === 'x-ruling') (Array.isArray(v) ? v : [v]).forEach((x) => ids.add(String(x)));
          else walk(v);
        }
      }
    };
    walk(op?.extensions);
    walk(op?.responses['200']);
    const candidates = rulings.filter((r) => ids.has(String(r.id)) || JSON.stringify(r).includes(`${op?.key}`));
    // prefer the rulings that name a failing field
    const naming = candidates.filter((r) => fields.some((f) => new RegExp(`\\b${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(JSON.stringify(r))));
    return { explained: naming.length > 0, lines: (naming.length ? naming : candidates).map((r) => `${r.id}: ${r.ruling}`) };
  } catch {
    return { explained: false, lines: [] };
  }
}

/**
 * Every vendor 200 example (validated as a response) and every vendor request example (validated as the
 * client validates a request before sending). Exit 0 when none has an error finding (warnings allowed).
 */
function examplesMode(onlyOp?: string, verbose = false): number {
  const only = onlyOp ? getOperation(onlyOp) : undefined;
  if (onlyOp && !only) usage(`unknown operation ${JSON.stringify(onlyOp)}`);
  const results = checkExamples().filter((r) => r.source !== 'seed003' && (!only || r.id.startsWith(`${only.key}#`)));
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    warnings += r.warnings;
    const failed = !r.ok;
    if (failed) errors++;
    if (failed || (verbose && r.warnings)) {
      process.stdout.write(`\n${r.id}:\n`);
      print(r.findings, r.id, !verbose);
      if (failed)
        for (const line of rulingsFor(r.id.split('#')[0], [
          ...new Set(
            r.findings
              .filter((f) => f.severity === 'error')
              .map((f) => f.pointer.split('/').pop() ?? '')
              .filter(Boolean),
          ),
        ]).lines)
          process.stdout.write(`  ruling ${line}\n`);
    }
  }
  const count = (src: string) => results.filter((r) => r.source === src);
  const line = (src: string, what: string) => {
    const rs = count(src);
    return `${rs.filter((r) => r.ok).length}/${rs.length} ${what} with no error, ${rs.reduce((a, r) => a + r.warnings, 0)} warning(s)`;
  };
  process.stdout.write(`\n${line('vendor', 'vendor 200 examples')}\n${line('vendor-request', 'vendor request examples')}\n`);
  process.stdout.write(`${errors} example(s) with errors, ${warnings} warning(s) in all${verbose ? '' : ' (--verbose lists the warnings)'}\n`);
  return errors ? 1 : 0;
}

function main(): number {
  const a = parseArgs(process.argv.slice(2));
  if (a.examples) return examplesMode(a.op, a.verbose);
  const modes = [a.op !== undefined, a.webhook !== undefined, a.cdr !== undefined].filter(Boolean).length;
  if (modes !== 1) usage('give exactly one of --op, --webhook, --cdr (or --examples)');
  if (!a.file) usage('missing FILE (use "-" for stdin)');
  const payload = readPayload(a.file);
  if (a.webhook !== undefined) return print(validateWebhook(a.webhook, payload), `webhook ${a.webhook}`, a.quiet) ? 0 : 1;
  if (a.cdr !== undefined) {
    const records = Array.isArray(payload) ? payload : [payload];
    let ok = true;
    records.forEach((r, i) => {
      ok = print(validateCdr(a.cdr!, r), `cdr ${a.cdr}${records.length > 1 ? ` record #${i}` : ''}`, a.quiet) && ok;
    });
    return ok ? 0 : 1;
  }
  const op = getOperation(a.op!);
  if (!op) {
    const near = listOperations()
      .filter((o) => o.path.toLowerCase().includes((a.op!.split(' ').pop() ?? '').toLowerCase().split('/').pop() ?? '~'))
      .slice(0, 5)
      .map((o) => `  ${o.key}`);
    usage(`unknown operation ${JSON.stringify(a.op)} — write it as "METHOD /path"${near.length ? `; did you mean:\n${near.join('\n')}` : ''}`);
  }
  if (a.request) {
    if (a.status !== undefined) usage('--request and --status exclude each other');
    return print(validateRequest(op.key, payload), `${op.key} request`, a.quiet) ? 0 : 1;
  }
  const status = a.status ?? 200;
  return print(validateResponse(op.key, status, payload), `${op.key} ${status}`, a.quiet) ? 0 : 1;
}

process.exitCode = main();
