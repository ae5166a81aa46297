/**
 * npm run bench:cdr [-- --records N[,N…]] [--kind sms|voice] [--api batches|stream] [--no-dups] [--tuned] [--keep] [--json]
 * --chunk-kb K: file read size (default 256 KiB; the parser decodes and reads 64 KiB at a time whatever the read size)
 * --json: one machine-readable line (every size's figures) after the text
 * (--tuned runs the child with node --max-semi-space-size=32: larger young generation, fewer GC pauses)
 * (--no-dups turns the whole-file duplicate index off: 24 bytes per distinct record, the only state that grows)
 *
 * Generates a CDR CSV of N records to a temp file (streamed, never held in memory), then parses and
 * validates it with the suite's streaming parser (protocol/cdr: hand-tuned CSV reader + mapping + ajv +
 * duplicate index) and prints records/second, wall and CPU time, the load average and peak memory (rss and
 * heapUsed, sampled every 20 ms and every 50,000 records). Beside it, two floors on the same file: the bare
 * reader (protocol/cdr/csv.ts, no mapping/validation) and bare csv-parse (the library it replaced).
 * Default: 100,000 then 1,000,000 records, each in its own child process so the memory figures are
 * comparable (memory must not grow with the file). Goal: 1,000,000 records in <= 3 s wall.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import { parse as csvParse } from 'csv-parse';
import { StringDecoder } from 'node:string_decoder';
import { CsvReader } from '../protocol/cdr/csv';
import { parseCdrBatches, parseCdrStream, type CdrStreamItem } from '../protocol/cdr/parse';

const GOAL_SECONDS = 3;

type Kind = 'sms' | 'voice';

interface BenchResult {
  records: number;
  kind: Kind;
  api: 'batches' | 'stream';
  fileBytes: number;
  genSeconds: number;
  parseSeconds: number;
  /** CPU time (user+system) of the parse: the figure that does not depend on other load on the machine */
  cpuSeconds: number;
  recordsPerSecond: number;
  recordsPerCpuSecond: number;
  loadAverage: number;
  /** the same file through bare csv-parse (no mapping, no validation): the library floor on this machine, now */
  floorCpuSeconds: number;
  floorSeconds: number;
  /** the same file through the bare hand-tuned reader (protocol/cdr/csv.ts): rows only */
  readerFloorSeconds: number;
  readerFloorCpuSeconds: number;
  valid: number;
  findings: number;
  baselineRssMb: number;
  peakRssMb: number;
  peakHeapMb: number;
  rssAt10pctMb: number;
  rssAt90pctMb: number;
  heapAt10pctMb: number;
  heapAt90pctMb: number;
  /** typed-array memory (the duplicate index) after GC */
  arrayBuffersAt10pctMb: number;
  arrayBuffersAt90pctMb: number;
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
  for (let i = 0; i < n;) {
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

/** a fresh CDR file of n records in a temp folder */
async function generated(n: number, kind: Kind): Promise<{ file: string; fileBytes: number; genSeconds: number }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cdr-')), `cdr-${kind}-${n}.csv`);
  const g0 = Date.now();
  const fileBytes = await generate(file, n, kind);
  return { file, fileBytes, genSeconds: (Date.now() - g0) / 1000 };
}

/** Memory sampling for one run: peaks of rss and heapUsed, and the memory retained after a forced full GC. */
function memoryProbe() {
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    return m;
  };
  const retained = () => {
    sample();
    global.gc?.();
    return process.memoryUsage();
  };
  return { baselineRss, sample, retained, peakRss: () => peakRss, peakHeap: () => peakHeap };
}

async function runOne(n: number, kind: Kind, keep: boolean, api: 'batches' | 'stream'): Promise<BenchResult> {
  const { file, fileBytes, genSeconds } = await generated(n, kind);
  global.gc?.();
  const mem = memoryProbe();
  const sample = mem.sample;
  const timer = setInterval(sample, 20);
  let records = 0;
  let valid = 0;
  let findings = 0;
  let at10 = { rss: 0, heapUsed: 0, arrayBuffers: 0 };
  let at90 = { rss: 0, heapUsed: 0, arrayBuffers: 0 };
  const c0 = process.cpuUsage();
  const p0 = process.hrtime.bigint();
  const onItem = (it: CdrStreamItem) => {
    if (it.type === 'record') {
      records++;
      if (it.record.valid) valid++;
      if (records % 50_000 === 0) sample();
      // retained memory (after a forced full GC) at 10 % and 90 % of the file: must not grow with the file
      if (records === Math.floor(n * 0.1)) at10 = mem.retained();
      if (records === Math.floor(n * 0.9)) at90 = mem.retained();
    } else if (it.type === 'finding') {
      findings++;
      if (findings <= 5) process.stderr.write(`  finding: ${it.finding.check} line ${it.finding.line}: ${it.finding.message}\n`);
    }
  };
  const input = fs.createReadStream(file, { highWaterMark: Number(arg('chunk-kb') ?? 256) * 1024 });
  const opts = { format: 'csv' as const, kind, fileName: path.basename(file), detectDuplicates: !process.argv.includes('--no-dups') };
  if (api === 'stream') {
    for await (const it of parseCdrStream(input, opts)) onItem(it);
  } else {
    for await (const batch of parseCdrBatches(input, opts)) for (const it of batch) onItem(it);
  }
  const parseSeconds = Number(process.hrtime.bigint() - p0) / 1e9;
  const cpu = process.cpuUsage(c0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(timer);
  sample();
  const floor = await timed(() => csvParseFloor(file));
  const readerFloor = await timed(() => readerOnly(file));
  if (!keep) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  else process.stderr.write(`  kept ${file}\n`);
  const r = (x: number) => Math.round((x / MB) * 10) / 10;
  return {
    records,
    kind,
    api,
    fileBytes,
    genSeconds,
    parseSeconds: Math.round(parseSeconds * 100) / 100,
    cpuSeconds: Math.round(cpuSeconds * 100) / 100,
    recordsPerSecond: Math.round(records / parseSeconds),
    recordsPerCpuSecond: Math.round(records / cpuSeconds),
    loadAverage: Math.round(os.loadavg()[0] * 10) / 10,
    floorSeconds: floor.seconds,
    floorCpuSeconds: floor.cpuSeconds,
    readerFloorSeconds: readerFloor.seconds,
    readerFloorCpuSeconds: readerFloor.cpuSeconds,
    valid,
    findings,
    baselineRssMb: r(mem.baselineRss),
    peakRssMb: r(mem.peakRss()),
    peakHeapMb: r(mem.peakHeap()),
    rssAt10pctMb: r(at10.rss),
    rssAt90pctMb: r(at90.rss),
    heapAt10pctMb: r(at10.heapUsed),
    heapAt90pctMb: r(at90.heapUsed),
    arrayBuffersAt10pctMb: r(at10.arrayBuffers),
    arrayBuffersAt90pctMb: r(at90.arrayBuffers),
  };
}

async function timed(f: () => Promise<unknown>): Promise<{ seconds: number; cpuSeconds: number }> {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  await f();
  const c = process.cpuUsage(c0);
  return { seconds: Math.round((Number(process.hrtime.bigint() - t0) / 1e9) * 100) / 100, cpuSeconds: Math.round(((c.user + c.system) / 1e6) * 100) / 100 };
}

/** library floor: bare csv-parse stream over the file */
function csvParseFloor(file: string): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    fs
      .createReadStream(file, { highWaterMark: 256 * 1024 })
      .pipe(csvParse({ relax_column_count: true }))
      .on('data', () => undefined)
      .on('end', resolve)
      .on('error', reject),
  );
}

/** reader floor: the hand-tuned reader alone (decode + rows), counting rows */
async function readerOnly(file: string): Promise<number> {
  let rows = 0;
  const reader = new CsvReader(',', '"', '"', { row: () => void rows++, skip: () => undefined });
  const dec = new StringDecoder('utf8');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    for (let off = 0; off < chunk.length; off += 64 * 1024) reader.write(dec.write(chunk.subarray(off, off + 64 * 1024)));
  }
  reader.write(dec.end());
  reader.end();
  return rows;
}

async function main() {
  const kind = (arg('kind') ?? 'sms') as Kind;
  const keep = process.argv.includes('--keep');
  const api = (arg('api') ?? 'batches') as 'batches' | 'stream';
  const tuned = process.argv.includes('--tuned');
  if (process.argv.includes('--child')) {
    const n = Number(arg('records'));
    const res = await runOne(n, kind, keep, api);
    process.send!(res);
    return;
  }
  const sizes = (arg('records') ?? '100000,1000000').split(',').map(Number);
  const results: BenchResult[] = [];
  process.stdout.write(
    `CDR parser bench (${kind} records, helpers/cdr ${api === 'stream' ? 'parseCdrStream (one item per await)' : 'parseCdrBatches (one array per input chunk)'}: hand-tuned CSV reader + mapping + ajv validation${process.argv.includes('--no-dups') ? '' : ' + duplicate index'}; one child process per size${tuned ? ', node --max-semi-space-size=32' : ''})\n`,
  );
  for (const n of sizes) {
    const child = fork(
      __filename,
      [
        '--child',
        '--records',
        String(n),
        '--kind',
        kind,
        '--api',
        api,
        '--chunk-kb',
        arg('chunk-kb') ?? '256',
        ...(keep ? ['--keep'] : []),
        ...(process.argv.includes('--no-dups') ? ['--no-dups'] : []),
      ],
      {
        // --tuned: a larger V8 young generation for this batch job (fewer scavenges); off by default
        execArgv: [...process.execArgv, '--expose-gc', ...(tuned ? ['--max-semi-space-size=32'] : [])],
        stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      },
    );
    const [res] = (await once(child, 'message')) as [BenchResult];
    await once(child, 'exit');
    results.push(res);
    process.stdout.write(
      `\n${res.records.toLocaleString('en-US')} ${res.kind} records (${(res.fileBytes / MB).toFixed(1)} MB file, generated in ${res.genSeconds.toFixed(1)} s)\n` +
        `  parse + validate: ${res.parseSeconds.toFixed(2)} s wall, ${res.recordsPerSecond.toLocaleString('en-US')} records/s (CPU ${res.cpuSeconds.toFixed(2)} s = ${res.recordsPerCpuSecond.toLocaleString('en-US')} records per CPU second; load average ${res.loadAverage} on ${os.cpus().length} CPUs), ${res.valid.toLocaleString('en-US')} valid, ${res.findings} finding(s)\n` +
        `  floors on the same file, no mapping/validation: bare reader (protocol/cdr/csv.ts) ${res.readerFloorSeconds.toFixed(2)} s wall / ${res.readerFloorCpuSeconds.toFixed(2)} s CPU; bare csv-parse ${res.floorSeconds.toFixed(2)} s wall / ${res.floorCpuSeconds.toFixed(2)} s CPU (${(res.floorCpuSeconds / Math.max(0.01, res.readerFloorCpuSeconds)).toFixed(1)}× the reader's CPU; the whole parse is ${(res.cpuSeconds / Math.max(0.01, res.floorCpuSeconds)).toFixed(2)}× bare csv-parse)\n` +
        `  memory: rss baseline ${res.baselineRssMb} MB, peak ${res.peakRssMb} MB; heapUsed peak ${res.peakHeapMb} MB\n` +
        `  retained after full GC: at 10% heap ${res.heapAt10pctMb} MB / rss ${res.rssAt10pctMb} MB / typed arrays ${res.arrayBuffersAt10pctMb} MB; at 90% heap ${res.heapAt90pctMb} MB / rss ${res.rssAt90pctMb} MB / typed arrays ${res.arrayBuffersAt90pctMb} MB\n`,
    );
  }
  const big = results[results.length - 1];
  const small = results[0];
  const goalTime = big.records >= 1_000_000 ? big.parseSeconds <= GOAL_SECONDS : true;
  process.stdout.write(
    `\nsummary: ${big.records.toLocaleString('en-US')} records in ${big.parseSeconds.toFixed(2)} s wall / ${big.cpuSeconds.toFixed(2)} s CPU (goal <= ${GOAL_SECONDS} s wall: ${goalTime ? 'met' : 'NOT met'}; CPU includes V8's parallel GC threads; load average ${big.loadAverage} on ${os.cpus().length} CPUs); ` +
      (results.length > 1
        ? `peak rss ${small.peakRssMb} MB for ${small.records.toLocaleString('en-US')} vs ${big.peakRssMb} MB for ${big.records.toLocaleString('en-US')} records ` +
          `(${(big.peakRssMb - small.peakRssMb).toFixed(1)} MB more for ${Math.round(big.records / small.records)}x the records; ${process.argv.includes('--no-dups') ? 'duplicate index off' : 'includes the duplicate index, 24 bytes/record'}); ` +
          `heap retained after GC ${small.heapAt90pctMb} MB vs ${big.heapAt90pctMb} MB`
        : `peak rss ${big.peakRssMb} MB, heap retained after GC ${big.heapAt10pctMb} MB at 10% / ${big.heapAt90pctMb} MB at 90%`) +
      '\n',
  );
  fs.mkdirSync(path.resolve(__dirname, '..', 'reports'), { recursive: true });
  fs.writeFileSync(
    path.resolve(__dirname, '..', 'reports', 'bench-cdr.json'),
    JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2),
  );
  if (process.argv.includes('--json'))
    process.stdout.write(`${JSON.stringify({ goalSeconds: GOAL_SECONDS, meetsGoal: goalTime, cpus: os.cpus().length, results })}\n`);
  process.exitCode = goalTime ? 0 : 1;
}

main().catch((e) => {
  process.stderr.write(`bench-cdr failed: ${e?.stack ?? e}\n`);
  process.exit(2);
});
