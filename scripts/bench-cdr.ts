/**
 * npm run bench:cdr [-- --records N[,N…]] [--kind sms|voice] [--keep]
 *
 * Generates a CDR CSV of N records to a temp file (streamed, never held in memory), then parses and
 * validates it with the suite's streaming parser (helpers/cdr) and prints records/second, wall time and
 * peak memory (rss and heapUsed, sampled every 20 ms and every 50,000 records).
 * Default: 100,000 then 1,000,000 records, each in its own child process so the memory figures are
 * comparable (memory must not grow with the file). Goal: 1,000,000 records in <= 10 s.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import { parseCdrStream } from '../helpers/cdr/parse';

type Kind = 'sms' | 'voice';

interface BenchResult {
  records: number;
  kind: Kind;
  fileBytes: number;
  genSeconds: number;
  parseSeconds: number;
  recordsPerSecond: number;
  valid: number;
  findings: number;
  baselineRssMb: number;
  peakRssMb: number;
  peakHeapMb: number;
  rssAt10pctMb: number;
  rssAt90pctMb: number;
  heapAt10pctMb: number;
  heapAt90pctMb: number;
}

const MB = 1024 * 1024;
const ACCOUNT = 'DID-7f3a9c';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function generate(file: string, n: number, kind: Kind): Promise<number> {
  const out = fs.createWriteStream(file, { highWaterMark: 1 << 20 });
  const t0 = Date.parse('2026-11-23T00:00:00.000Z');
  out.write(
    kind === 'sms'
      ? 'RecordId,RecordType,MessageId,Direction,From,To,Timestamp,Segments,AccountId\n'
      : 'RecordId,RecordType,CallId,Leg,Direction,From,To,StartTime,AnswerTime,EndTime,DurationSeconds,Disposition,AccountId\n',
  );
  const BATCH = 2000;
  for (let i = 0; i < n; ) {
    let chunk = '';
    for (let j = 0; j < BATCH && i < n; j++, i++) {
      const a = 2025550000 + (i % 10000);
      const b = 3105550000 + ((i * 7) % 10000);
      const ts = new Date(t0 + i * 37).toISOString();
      if (kind === 'sms') {
        chunk += `CDR-${i.toString(16).padStart(12, '0')},${i % 50 === 0 ? 'mms' : 'sms'},TMID-${i.toString(36)},${i % 2 ? 'inbound' : 'outbound'},+1${a},+1${b},${ts},${1 + (i % 3)},${ACCOUNT}\n`;
      } else {
        const start = t0 + i * 37;
        const answered = i % 5 !== 0;
        const dur = 1 + (i % 600);
        const end = start + 2000 + dur * 1000;
        chunk += `CDR-${i.toString(16).padStart(12, '0')},voice,call-${i.toString(36)}@10.0.0.1,${i % 2 ? 'B' : 'A'},${i % 2 ? 'inbound' : 'outbound'},+1${a},+1${b},${new Date(start).toISOString()},${answered ? new Date(start + 2000).toISOString() : ''},${new Date(answered ? end : start + 2000).toISOString()},${answered ? dur : 0},${answered ? 'ANSWERED' : 'NO_ANSWER'},${ACCOUNT}\n`;
      }
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return fs.statSync(file).size;
}

async function runOne(n: number, kind: Kind, keep: boolean): Promise<BenchResult> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cdr-')), `cdr-${kind}-${n}.csv`);
  const g0 = Date.now();
  const fileBytes = await generate(file, n, kind);
  const genSeconds = (Date.now() - g0) / 1000;
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    return m;
  };
  const timer = setInterval(sample, 20);
  let records = 0;
  let valid = 0;
  let findings = 0;
  let at10 = { rss: 0, heapUsed: 0 };
  let at90 = { rss: 0, heapUsed: 0 };
  const p0 = process.hrtime.bigint();
  for await (const it of parseCdrStream(fs.createReadStream(file, { highWaterMark: 256 * 1024 }), { format: 'csv', kind, fileName: path.basename(file) })) {
    if (it.type === 'record') {
      records++;
      if (it.record.valid) valid++;
      if (records % 50_000 === 0) sample();
      if (records === Math.floor(n * 0.1)) at10 = sample();
      if (records === Math.floor(n * 0.9)) at90 = sample();
    } else if (it.type === 'finding') {
      findings++;
      if (findings <= 5) process.stderr.write(`  finding: ${it.finding.check} line ${it.finding.line}: ${it.finding.message}\n`);
    }
  }
  const parseSeconds = Number(process.hrtime.bigint() - p0) / 1e9;
  clearInterval(timer);
  sample();
  if (!keep) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  else process.stderr.write(`  kept ${file}\n`);
  const r = (x: number) => Math.round((x / MB) * 10) / 10;
  return {
    records,
    kind,
    fileBytes,
    genSeconds,
    parseSeconds: Math.round(parseSeconds * 100) / 100,
    recordsPerSecond: Math.round(records / parseSeconds),
    valid,
    findings,
    baselineRssMb: r(baselineRss),
    peakRssMb: r(peakRss),
    peakHeapMb: r(peakHeap),
    rssAt10pctMb: r(at10.rss),
    rssAt90pctMb: r(at90.rss),
    heapAt10pctMb: r(at10.heapUsed),
    heapAt90pctMb: r(at90.heapUsed),
  };
}

async function main() {
  const kind = (arg('kind') ?? 'sms') as Kind;
  const keep = process.argv.includes('--keep');
  if (process.argv.includes('--child')) {
    const n = Number(arg('records'));
    const res = await runOne(n, kind, keep);
    process.send!(res);
    return;
  }
  const sizes = (arg('records') ?? '100000,1000000').split(',').map(Number);
  const results: BenchResult[] = [];
  process.stdout.write(`CDR parser bench (${kind}, streaming csv-parse + ajv validation, one child process per size)\n`);
  for (const n of sizes) {
    const child = fork(__filename, ['--child', '--records', String(n), '--kind', kind, ...(keep ? ['--keep'] : [])], {
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    });
    const [res] = (await once(child, 'message')) as [BenchResult];
    await once(child, 'exit');
    results.push(res);
    process.stdout.write(
      `\n${res.records.toLocaleString('en-US')} ${res.kind} records (${(res.fileBytes / MB).toFixed(1)} MB file, generated in ${res.genSeconds.toFixed(1)} s)\n` +
        `  parse + validate: ${res.parseSeconds.toFixed(2)} s wall, ${res.recordsPerSecond.toLocaleString('en-US')} records/s, ${res.valid.toLocaleString('en-US')} valid, ${res.findings} finding(s)\n` +
        `  memory: rss baseline ${res.baselineRssMb} MB, peak ${res.peakRssMb} MB (at 10% ${res.rssAt10pctMb} MB, at 90% ${res.rssAt90pctMb} MB); heapUsed peak ${res.peakHeapMb} MB (at 10% ${res.heapAt10pctMb} MB, at 90% ${res.heapAt90pctMb} MB)\n`,
    );
  }
  const big = results[results.length - 1];
  const small = results[0];
  const goalTime = big.records >= 1_000_000 ? big.parseSeconds <= 10 : true;
  process.stdout.write(
    `\nsummary: ${big.records.toLocaleString('en-US')} records in ${big.parseSeconds.toFixed(2)} s (goal <= 10 s: ${goalTime ? 'met' : 'NOT met'}); ` +
      `peak rss ${small.peakRssMb} MB for ${small.records.toLocaleString('en-US')} vs ${big.peakRssMb} MB for ${big.records.toLocaleString('en-US')} records ` +
      `(${(big.peakRssMb - small.peakRssMb).toFixed(1)} MB more for ${Math.round(big.records / small.records)}x the records; duplicate index is 24 bytes/record)\n`,
  );
  fs.mkdirSync(path.resolve(__dirname, '..', 'reports'), { recursive: true });
  fs.writeFileSync(path.resolve(__dirname, '..', 'reports', 'bench-cdr.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2));
  process.exitCode = goalTime ? 0 : 1;
}

main().catch((e) => {
  process.stderr.write(`bench-cdr failed: ${e?.stack ?? e}\n`);
  process.exit(2);
});
