/**
 * npm run bench:validate — response validations per second over every vendor 200 example.
 *
 * Examples come from ../shared/reference/telegent-openapi.json (the vendor document), or, when that
 * file is absent, from the examples embedded in schemas/telegent.openapi.json. Each validation is
 * the public `validateResponse(opKey, 200, body, 'application/json')` — operation lookup, status and
 * content-type checks, strict twin (and lax twin when the strict one fails) — exactly what the
 * client runs per response. Validators are compiled and warmed up before timing.
 *
 * Options: --seconds N (timed duration, default 3), --json (machine-readable line).
 * Goal (issue 16): ≥ 1,000,000 validations/s (issue 2 asked for 50,000). The load average is printed beside it.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findOperation, jsonMedia, listOperations, mediaExamples, deref, validateResponse } from '../protocol/contract';

const GOAL = 1_000_000;
const args = process.argv.slice(2);
const secIdx = args.indexOf('--seconds');
const seconds = secIdx >= 0 ? Number(args[secIdx + 1]) : 3;
if (!(seconds > 0)) {
  process.stderr.write('bench:validate: --seconds needs a positive number\n');
  process.exit(2);
}
const asJson = args.includes('--json');

type Ex = { op: string; body: unknown };
function examples(): { list: Ex[]; source: string } {
  const vendor = path.resolve(__dirname, '..', '..', 'shared', 'reference', 'telegent-openapi.json');
  const list: Ex[] = [];
  if (fs.existsSync(vendor)) {
    const vdoc = JSON.parse(fs.readFileSync(vendor, 'utf8'));
    for (const [p, item] of Object.entries<any>(vdoc.paths ?? {})) {
      for (const [m, op] of Object.entries<any>(item)) {
        const ours = op && typeof op === 'object' ? findOperation(m, p) : undefined;
        const resp = ours ? deref<any>(vdoc, op.responses?.['200']) : undefined;
        if (!ours || !resp) continue;
        for (const body of mediaExamples(vdoc, jsonMedia(resp.content))) list.push({ op: ours.key, body });
      }
    }
    return { list, source: path.relative(process.cwd(), vendor) };
  }
  for (const op of listOperations()) for (const body of op.responseExamples['200'] ?? []) list.push({ op: op.key, body });
  return { list, source: 'schemas/telegent.openapi.json (embedded examples)' };
}

const { list, source } = examples();
if (!list.length) {
  process.stderr.write('bench:validate: no 200 examples found\n');
  process.exit(1);
}

const t0 = performance.now();
let conforming = 0;
for (const ex of list) if (!validateResponse(ex.op, 200, ex.body, 'application/json').some((f) => f.severity === 'error')) conforming++;
const compileMs = performance.now() - t0;

// warm-up: let V8 optimise the generated validators
const warmEnd = performance.now() + 1500; // long enough for V8 to optimise the generated validators, also on a busy machine
while (performance.now() < warmEnd) for (const ex of list) validateResponse(ex.op, 200, ex.body, 'application/json');

let n = 0;
let sink = 0;
const cpu0 = process.cpuUsage();
const start = performance.now();
const end = start + seconds * 1000;
let now = start;
while (now < end) {
  for (let i = 0; i < list.length; i++) {
    const ex = list[i];
    sink += validateResponse(ex.op, 200, ex.body, 'application/json').length;
  }
  n += list.length;
  now = performance.now();
}
const elapsed = (now - start) / 1000;
const cpuUsed = process.cpuUsage(cpu0);
const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
const perSec = Math.round(n / elapsed);
/** throughput per CPU-second: robust when the machine is shared (wall-clock figure drops under load) */
const perCpuSec = Math.round(n / cpuSeconds);
const result = {
  examples: list.length,
  operations: new Set(list.map((e) => e.op)).size,
  conforming,
  source,
  compileMs: Math.round(compileMs),
  validations: n,
  seconds: Number(elapsed.toFixed(2)),
  perSecond: perSec,
  perCpuSecond: perCpuSec,
  cpuSeconds: Number(cpuSeconds.toFixed(2)),
  microsPerValidation: Number(((elapsed * 1e6) / n).toFixed(2)),
  goal: GOAL,
  meetsGoal: perSec >= GOAL,
  findingsPerRound: sink / (n / list.length),
  loadAverage: Number(os.loadavg()[0].toFixed(2)),
  cpus: os.cpus().length,
};
if (asJson) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(
    [
      `bench:validate — ${result.examples} vendor 200 examples over ${result.operations} operations (${source}); ${conforming} conform`,
      `  first pass (compile + validate): ${result.compileMs} ms`,
      `  ${n.toLocaleString('en-US')} validations in ${result.seconds} s after warm-up`,
      `  ${perSec.toLocaleString('en-US')} validations/s (${result.microsPerValidation} µs each) — goal ${GOAL.toLocaleString('en-US')}/s: ${result.meetsGoal ? 'met' : 'NOT met'}`,
      `  ${perCpuSec.toLocaleString('en-US')} validations per CPU-second (${result.cpuSeconds} CPU-s used; differs from wall clock when the machine is busy); load average ${result.loadAverage} on ${result.cpus} CPUs`,
    ].join('\n') + '\n',
  );
}
