/**
 * Streaming CDR parser (CSV through the hand-tuned reader in ./csv, JSON batches / NDJSON), driven by schemas/cdr/mapping.json.
 *
 * Never throws on bad input: every problem becomes a CdrFinding with the file name and line number.
 * Handled: empty file, UTF-8 BOM, UTF-16 (with or without BOM), invalid UTF-8, wrong delimiter, quoted
 * delimiters and line breaks, unknown / missing / duplicate columns, short or long rows, truncated file
 * (unterminated quote, last line cut), duplicate records, voice and SMS mixed in one file.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createHash } from 'node:crypto';
import { CsvReader, type CsvSink } from './csv';
import { KeySet64 } from './keyset';
import { ajvErrorToFinding, loadCdrMapping, type KindInfo, type LoadedMapping } from './mapping';
import type {
  CdrFileSummary,
  CdrFinding,
  CdrKind,
  CdrParseItem,
  CdrParseOptions,
  CdrParseResult,
  CdrRecord,
  CdrSource,
} from './types';

export type CdrStreamItem = CdrParseItem | { type: 'summary'; summary: CdrFileSummary };
export type CdrInput = Readable | AsyncIterable<Buffer | string | Uint8Array> | Buffer | string;

const HEAD_BYTES = 64 * 1024;
const FEED_BYTES = 64 * 1024;
const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];
const REPLACEMENT = '\uFFFD';

class FileContext {
  readonly summary: CdrFileSummary;
  queue: CdrStreamItem[] = [];
  private perCheck = new Map<string, number>();
  private readonly max: number;
  readonly dups: KeySet64 | undefined;
  private onceKeys = new Set<string>();
  /** `${kind}:${field}` reported missing from the header: their per-record 'required' errors are not repeated. */
  readonly missingCols = new Set<string>();
  /** scratch array for duplicate keys (no per-record key string) */
  readonly keyParts: string[] = [];

  constructor(
    readonly file: string,
    readonly opts: CdrParseOptions,
    readonly L: LoadedMapping,
  ) {
    this.max = opts.maxFindingsPerCheck ?? 20;
    this.summary = { file, via: opts.via, format: 'unknown', kinds: {}, records: 0, invalid: 0, findings: 0 };
    this.dups = opts.detectDuplicates === false ? undefined : new KeySet64(4096);
  }

  finding(f: Omit<CdrFinding, 'file'>): void {
    const n = (this.perCheck.get(f.check) ?? 0) + 1;
    this.perCheck.set(f.check, n);
    this.summary.findings++;
    if (n <= this.max) this.queue.push({ type: 'finding', finding: { file: this.file, ...f } });
  }

  /** Emit a finding only once per file for the given key. */
  once(key: string, f: Omit<CdrFinding, 'file'>): void {
    if (this.onceKeys.has(key)) return;
    this.onceKeys.add(key);
    this.finding(f);
  }

  /** The items gathered so far (a new queue starts). */
  takeQueue(): CdrStreamItem[] {
    const q = this.queue;
    this.queue = [];
    return q;
  }

  capped(): void {
    for (const [check, n] of this.perCheck) {
      if (n > this.max) {
        this.queue.push({
          type: 'finding',
          finding: {
            file: this.file,
            check: 'cdr.findings-capped',
            severity: 'info',
            message: `${n - this.max} more '${check}' finding(s) in ${this.file} not listed (${n} in total)`,
            actual: String(n),
          },
        });
      }
    }
  }

  source(line?: number): CdrSource {
    return { file: this.file, line, via: this.opts.via };
  }
}

async function* toChunks(input: CdrInput): AsyncGenerator<Buffer> {
  if (typeof input === 'string') {
    yield Buffer.from(input, 'utf8');
    return;
  }
  if (Buffer.isBuffer(input)) {
    yield input;
    return;
  }
  for await (const c of input as AsyncIterable<Buffer | string | Uint8Array>) {
    if (typeof c === 'string') yield Buffer.from(c, 'utf8');
    else if (Buffer.isBuffer(c)) yield c;
    else yield Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  }
}

function kindFromFileName(L: LoadedMapping, file: string): CdrKind | undefined {
  const lower = file.toLowerCase();
  const hits = (Object.keys(L.kinds) as CdrKind[]).filter((k) => {
    const p = L.kinds[k].mapping.fileNamePattern;
    return p && lower.includes(p.toLowerCase());
  });
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * Parse one CDR file/stream. Yields records and findings as they are found, and a final summary item.
 * The stream is consumed with back-pressure; memory does not grow with the file (except for the
 * fixed-width duplicate index, 24 bytes per distinct record key).
 */
export async function* parseCdrStream(
  input: CdrInput,
  opts: CdrParseOptions & { mapping?: LoadedMapping },
): AsyncGenerator<CdrStreamItem> {
  for await (const batch of parseCdrBatches(input, opts)) for (const it of batch) yield it;
}

/**
 * Same as parseCdrStream, in arrays (one per chunk of input): far fewer async hops per record, for
 * high-volume consumers (bench, large files).
 */
export async function* parseCdrBatches(
  input: CdrInput,
  opts: CdrParseOptions & { mapping?: LoadedMapping },
): AsyncGenerator<CdrStreamItem[]> {
  const L = opts.mapping ?? loadCdrMapping();
  const ctx = new FileContext(opts.fileName ?? '(stream)', opts, L);
  const src = toChunks(input);
  try {
    yield* parseInner(src, ctx);
  } catch (err: any) {
    // Last-resort guard: a parser bug or a failing input stream must still not crash the caller.
    ctx.finding({
      check: err?.code === 'CDR_INPUT_ERROR' ? 'cdr.read-error' : 'cdr.internal',
      severity: 'error',
      message: `could not finish parsing ${ctx.file}: ${err?.message ?? String(err)}`,
    });
  } finally {
    // Release the source if we stopped early (not awaited: a stalled input must not hang the caller).
    src.return(undefined).catch(() => undefined);
  }
  ctx.capped();
  ctx.queue.push({ type: 'summary', summary: ctx.summary });
  yield ctx.queue.splice(0);
}

async function* parseInner(src: AsyncGenerator<Buffer>, ctx: FileContext): AsyncGenerator<CdrStreamItem[]> {
  // ---- head: enough bytes to sniff encoding, format and delimiter
  const headChunks: Buffer[] = [];
  let headLen = 0;
  let srcDone = false;
  let sawText = false;
  while (headLen < HEAD_BYTES) {
    let r: IteratorResult<Buffer>;
    try {
      r = await src.next();
    } catch (e: any) {
      throw Object.assign(new Error(`input stream failed: ${e?.message ?? e}`), { code: 'CDR_INPUT_ERROR' });
    }
    if (r.done) {
      srcDone = true;
      break;
    }
    headChunks.push(r.value);
    headLen += r.value.length;
    if (!sawText) sawText = r.value.some((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
    if (sawText && r.value.includes(10)) break;
  }
  let head: Buffer = Buffer.concat(headChunks);
  if (head.length === 0) {
    ctx.finding({ check: 'cdr.empty-file', severity: 'error', line: 1, message: `${ctx.file} is empty (0 bytes)`, expected: 'a header line and records', actual: '0 bytes' });
    return;
  }

  // ---- encoding
  let transcode: ((b: Buffer, final: boolean) => Buffer) | undefined;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    ctx.finding({ check: 'cdr.bom', severity: 'warning', line: 1, message: `${ctx.file} starts with a UTF-8 byte order mark; stripped before parsing`, expected: 'UTF-8 without BOM', actual: 'UTF-8 with BOM' });
    head = head.subarray(3);
  } else {
    let utf16: 'utf-16le' | 'utf-16be' | undefined;
    let how = '';
    if (head[0] === 0xff && head[1] === 0xfe) {
      utf16 = 'utf-16le';
      how = 'byte order mark FF FE';
    } else if (head[0] === 0xfe && head[1] === 0xff) {
      utf16 = 'utf-16be';
      how = 'byte order mark FE FF';
    } else {
      const n = Math.min(head.length, 512);
      let zEven = 0;
      let zOdd = 0;
      for (let i = 0; i < n; i++) if (head[i] === 0) (i % 2 ? zOdd++ : zEven++);
      if (n >= 4 && zOdd > n / 4) (utf16 = 'utf-16le'), (how = 'NUL bytes in odd positions, no BOM');
      else if (n >= 4 && zEven > n / 4) (utf16 = 'utf-16be'), (how = 'NUL bytes in even positions, no BOM');
    }
    if (utf16) {
      ctx.finding({
        check: 'cdr.encoding',
        severity: 'error',
        line: 1,
        message: `${ctx.file} is encoded as ${utf16.toUpperCase()} (${how}); the mapping declares ${ctx.L.mapping.csv.encoding}. Decoded as ${utf16.toUpperCase()} to continue.`,
        expected: ctx.L.mapping.csv.encoding,
        actual: utf16,
      });
      const dec = new TextDecoder(utf16, { ignoreBOM: false });
      transcode = (b, final) => Buffer.from(dec.decode(b, { stream: !final }), 'utf8');
    }
  }
  if (transcode) head = transcode(head, srcDone);

  const rest = async function* (): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (srcDone) return;
    for (;;) {
      let r: IteratorResult<Buffer>;
      try {
        r = await src.next();
      } catch (e: any) {
        throw Object.assign(new Error(`input stream failed: ${e?.message ?? e}`), { code: 'CDR_INPUT_ERROR' });
      }
      if (r.done) break;
      yield transcode ? transcode(r.value, false) : r.value;
    }
    if (transcode) {
      const tail = transcode(Buffer.alloc(0), true);
      if (tail.length) yield tail;
    }
  };

  // ---- format
  let i0 = 0;
  while (i0 < head.length && (head[i0] === 0x20 || head[i0] === 0x09 || head[i0] === 0x0a || head[i0] === 0x0d)) i0++;
  if (i0 === head.length && srcDone) {
    ctx.finding({ check: 'cdr.empty-file', severity: 'error', line: 1, message: `${ctx.file} holds only whitespace`, expected: 'a header line and records', actual: `${head.length} whitespace byte(s)` });
    return;
  }
  const looksJson = head[i0] === 0x7b || head[i0] === 0x5b; // { or [
  let format: 'csv' | 'json' = ctx.opts.format === 'auto' ? (looksJson ? 'json' : 'csv') : ctx.opts.format;
  if (format === 'csv' && looksJson) {
    ctx.finding({ check: 'cdr.format', severity: 'error', line: 1, message: `${ctx.file} was expected to be CSV but holds JSON; parsed as JSON`, expected: 'csv', actual: 'json' });
    format = 'json';
  } else if (format === 'json' && !looksJson) {
    ctx.finding({ check: 'cdr.format', severity: 'error', line: 1, message: `${ctx.file} was expected to be JSON but does not start with '{' or '['; parsed as CSV`, expected: 'json', actual: 'csv?' });
    format = 'csv';
  }
  ctx.summary.format = format;
  if (format === 'json') yield* parseJson(rest(), ctx);
  else yield* parseCsv(rest(), head, ctx);
}

// ------------------------------------------------------------------------------------------------ CSV

/** One mapped column: [index in the row, canonical field, value type]. */
type PlanCol = [number, string, ValueType];
interface ColumnPlan {
  cols: PlanCol[];
}
/** 0 string, 1 integer, 2 date-time, 3 nullable date-time */
type ValueType = 0 | 1 | 2 | 3;

function sniffDelimiter(head: Buffer, ctx: FileContext): string {
  // first non-blank physical line (leading blank lines are allowed) is the header
  const headerLine = (head.toString('utf8').split('\n').find((l) => l.trim().length > 0) ?? '').replace(/\r$/, '');
  const declared = ctx.L.mapping.csv.delimiter;
  const countOf = (s: string, d: string) => s.split(d).length - 1;
  if (countOf(headerLine, declared) > 0) return declared;
  let best: string | undefined;
  let bestN = 0;
  for (const d of CANDIDATE_DELIMITERS) {
    const n = countOf(headerLine, d);
    if (d !== declared && n > bestN) (best = d), (bestN = n);
  }
  if (!best) return declared;
  ctx.finding({
    check: 'cdr.delimiter',
    severity: 'error',
    line: 1,
    message: `${ctx.file}: header uses ${JSON.stringify(best)} as delimiter, the mapping declares ${JSON.stringify(declared)}; parsed with ${JSON.stringify(best)}`,
    expected: JSON.stringify(declared),
    actual: JSON.stringify(best),
  });
  return best;
}

/**
 * CSV: the hand-tuned reader (./csv) turns decoded text into rows synchronously; each row is mapped,
 * converted and validated at once (CsvRows), and the records of each input slice are yielded together.
 */
async function* parseCsv(body: AsyncGenerator<Buffer>, head: Buffer, ctx: FileContext): AsyncGenerator<CdrStreamItem[]> {
  const csvCfg = ctx.L.mapping.csv;
  const rows = new CsvRows(ctx);
  const reader = new CsvReader(sniffDelimiter(head, ctx), csvCfg.quote, csvCfg.escape, rows);
  rows.reader = reader;
  const decoder = new StringDecoder('utf8');
  let lastByte = -1;
  try {
    for await (const chunk of body) {
      if (chunk.length) lastByte = chunk[chunk.length - 1];
      // slices of FEED_BYTES: the records of one slice live together until they are yielded
      for (let off = 0; off < chunk.length; off += FEED_BYTES) {
        reader.write(decoder.write(off === 0 && chunk.length <= FEED_BYTES ? chunk : chunk.subarray(off, off + FEED_BYTES)));
        if (ctx.queue.length) yield ctx.takeQueue();
      }
    }
  } catch (err: any) {
    if (err?.code !== 'CDR_INPUT_ERROR') throw err;
    ctx.finding({ check: 'cdr.read-error', severity: 'error', line: reader.nextLine, message: `${ctx.file}: ${err.message}` });
  }
  reader.write(decoder.end());
  reader.end();
  rows.finish(lastByte);
  if (ctx.queue.length) yield ctx.takeQueue();
}

class CsvRows implements CsvSink {
  reader!: CsvReader;
  header: string[] | undefined;
  plans: Partial<Record<CdrKind, ColumnPlan>> = {};
  fileKind: CdrKind | undefined;
  typeIdx = -1;
  lastRecordShort = false;
  lastRecordLine = 0;
  lastRecordValid = true;
  unclosedQuote = false;
  /** last RecordType value seen and its kind (files hold one type: no trim / lower-case / lookup per row) */
  private lastType: string | undefined;
  private lastTypeKind: CdrKind | undefined;

  constructor(private readonly ctx: FileContext) {}

  skip(code: string, message: string, line: number): void {
    const ctx = this.ctx;
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      this.unclosedQuote = true;
      ctx.finding({ check: 'cdr.truncated', severity: 'error', line, message: `${ctx.file}: a quoted field opened on line ${line} is never closed; the file looks truncated (record dropped)`, actual: code });
      return;
    }
    ctx.finding({ check: 'cdr.csv-syntax', severity: 'error', line, message: `${ctx.file} line ${line}: record skipped, ${message} (${code})`, actual: code });
  }

  row(row: string[], n: number, line: number): void {
    if (n === 1 && row[0] === '') return; // empty line
    const ctx = this.ctx;
    const header = this.header;
    if (!header) {
      this.header = row.slice(0, n).map((h) => h.trim());
      ({ plans: this.plans, fileKind: this.fileKind, typeIdx: this.typeIdx } = planHeader(this.header, line, ctx));
      return;
    }
    this.lastRecordLine = line;
    this.lastRecordShort = n < header.length;
    if (n !== header.length) {
      ctx.finding({ check: 'cdr.row.column-count', severity: 'error', line, message: `${ctx.file} line ${line}: ${n} field(s), header has ${header.length}`, expected: String(header.length), actual: String(n) });
    }
    const kind = this.kindOf(row, n, line);
    if (!kind) {
      ctx.once('no-kind', { check: 'cdr.unknown-kind', severity: 'error', line, message: `${ctx.file}: cannot tell the record type (no known columns, no ${ctx.L.mapping.typeColumn ?? 'type'} column, file name does not say)` });
      ctx.summary.invalid++;
      return;
    }
    const info = ctx.L.kinds[kind];
    const plan = this.plans[kind] ?? (this.plans[kind] = planFor(info, header));
    noteKind(ctx, kind, line);
    const fields: Record<string, unknown> = {};
    const cols = plan.cols;
    const parseDate = ctx.L.parseDate;
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c];
      const idx = col[0];
      if (idx >= n) continue;
      const raw = row[idx];
      if (this.reader.hasReplacement && raw.indexOf(REPLACEMENT) >= 0) {
        ctx.finding({ check: 'cdr.encoding', severity: 'error', line, pointer: `/${col[1]}`, message: `${ctx.file} line ${line}: column ${header[idx]} holds bytes that are not valid UTF-8`, expected: 'UTF-8', actual: JSON.stringify(raw) });
      }
      if (raw === '') {
        if (col[2] === 3) fields[col[1]] = null;
      } else if (col[2] === 0) fields[col[1]] = raw;
      else if (col[2] === 1) fields[col[1]] = toInteger(raw);
      else fields[col[1]] = parseDate(raw) ?? raw; // left as-is -> the schema reports the format error
    }
    const valid = checkRecord(ctx, kind, fields, line);
    this.lastRecordValid = valid;
    ctx.queue.push({ type: 'record', record: { kind, fields, valid, source: ctx.source(line) } as unknown as CdrRecord });
  }

  private kindOf(row: string[], n: number, line: number): CdrKind | undefined {
    const ti = this.typeIdx;
    if (ti < 0 || ti >= n) return this.fileKind;
    const raw = row[ti];
    if (raw === this.lastType) return this.lastTypeKind;
    const tv = raw.trim();
    if (!tv) return this.fileKind;
    const k = this.ctx.L.typeValueToKind.get(tv.toLowerCase());
    if (k) {
      this.lastType = raw;
      this.lastTypeKind = k;
      return k;
    }
    const ctx = this.ctx;
    ctx.finding({ check: 'cdr.value', severity: 'error', line, pointer: `/${this.header![ti]}`, message: `${ctx.file} line ${line}: unknown record type ${JSON.stringify(tv)}`, actual: tv });
    return this.fileKind;
  }

  /** End of file: empty-file and truncation findings. */
  finish(lastByte: number): void {
    const ctx = this.ctx;
    if (!this.header) {
      ctx.finding({ check: 'cdr.empty-file', severity: 'error', line: 1, message: `${ctx.file} has no header line`, expected: 'a header line', actual: 'nothing' });
    } else if (ctx.summary.records === 0 && ctx.summary.invalid === 0) {
      ctx.finding({ check: 'cdr.empty-file', severity: 'warning', line: 1, message: `${ctx.file} has a header but no records`, expected: '>= 1 record', actual: '0 records' });
    }
    if (lastByte >= 0 && lastByte !== 10 && ctx.summary.records > 0 && !this.unclosedQuote) {
      const bad = this.lastRecordShort || !this.lastRecordValid;
      const line = this.lastRecordLine;
      ctx.finding({
        check: 'cdr.truncated',
        severity: bad ? 'error' : 'warning',
        line,
        message: bad
          ? `${ctx.file}: file ends without a line break inside the record at line ${line}, which is incomplete; the file looks truncated`
          : `${ctx.file}: file does not end with a line break (last record, line ${line}, is complete)`,
      });
    }
  }
}

/** Same result as `INT_RE.test(raw) ? Number(raw) : raw` (INT_RE = /^-?\d{1,15}$/), without the regular expression. */
function toInteger(raw: string): number | string {
  const len = raw.length;
  let i = raw.charCodeAt(0) === 45 ? 1 : 0;
  if (len === i || len - i > 15) return raw;
  let v = 0;
  for (; i < len; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return raw;
    v = v * 10 + d;
  }
  return raw.charCodeAt(0) === 45 ? -v : v;
}

function noteKind(ctx: FileContext, kind: CdrKind, line: number | undefined, pointer?: string): void {
  const k = ctx.summary.kinds;
  if (k[kind] === undefined) {
    const others = Object.keys(k) as CdrKind[];
    if (others.length) {
      ctx.once('mixed-rows', {
        check: 'cdr.mixed-file',
        severity: 'error',
        line,
        kind,
        pointer,
        message: `${ctx.file} ${line !== undefined ? `line ${line}` : pointer ?? ''}: a ${kind} record in a file that already holds ${others.join(', ')} records; voice, SMS and data must come in separate files`,
        expected: 'one record type per file',
        actual: [...others, kind].join('+'),
      });
    }
    k[kind] = 0;
  }
  k[kind]!++;
}

const VALUE_TYPE: Record<KindInfo['fieldTypes'][string], ValueType> = { string: 0, integer: 1, 'date-time': 2, 'nullable-date-time': 3 };

function planFor(info: KindInfo, header: string[]): ColumnPlan {
  const cols: PlanCol[] = [];
  const seen = new Set<string>();
  header.forEach((h, i) => {
    const canon = info.byExternalLower.get(h.toLowerCase());
    if (canon && !seen.has(canon)) {
      seen.add(canon);
      cols.push([i, canon, VALUE_TYPE[info.fieldTypes[canon]] ?? 0]);
    }
  });
  return { cols };
}

function planHeader(header: string[], line: number, ctx: FileContext) {
  const L = ctx.L;
  const kinds = Object.keys(L.kinds) as CdrKind[];
  // duplicate header names
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    const k = h.toLowerCase();
    if (seen.has(k)) ctx.finding({ check: 'cdr.header.duplicate-column', severity: 'error', line, pointer: `/${h}`, message: `${ctx.file}: column ${JSON.stringify(h)} appears twice (columns ${seen.get(k)! + 1} and ${i + 1}); the first one is used` });
    else seen.set(k, i);
  });
  // which kinds does the header speak for? A column that belongs to exactly one kind identifies it.
  const owners = (h: string) => kinds.filter((k) => L.kinds[k].byExternalLower.has(h.toLowerCase()));
  let headerKinds = kinds.filter((k) => header.some((h) => { const o = owners(h); return o.length === 1 && o[0] === k; }));
  if (headerKinds.length === 0) {
    // no identifying column: take the kind that explains most columns, if unique
    const scores = kinds.map((k) => header.filter((h) => L.kinds[k].byExternalLower.has(h.toLowerCase())).length);
    const best = Math.max(...scores);
    if (best > 0 && scores.filter((x) => x === best).length === 1) headerKinds = [kinds[scores.indexOf(best)]];
  }
  const known = header.filter((h) => kinds.some((k) => L.kinds[k].byExternalLower.has(h.toLowerCase())));
  for (const h of header) {
    if (!kinds.some((k) => L.kinds[k].byExternalLower.has(h.toLowerCase()))) {
      ctx.finding({ check: 'cdr.header.unknown-column', severity: 'warning', line, pointer: `/${h}`, message: `${ctx.file}: column ${JSON.stringify(h)} is not in mapping.json (ignored)`, actual: h });
    }
  }
  if (known.length === 0) {
    ctx.finding({ check: 'cdr.header.missing', severity: 'error', line, message: `${ctx.file} line ${line}: first line holds no known column name (${JSON.stringify(header.slice(0, 4).join(','))}...); no header row or a different layout; edit schemas/cdr/mapping.json`, expected: Object.keys(L.kinds.sms.mapping.columns).join(','), actual: header.join(',') });
  }
  const typeCol = L.mapping.typeColumn?.toLowerCase();
  const typeIdx = typeCol ? header.findIndex((h) => h.toLowerCase() === typeCol) : -1;
  let fileKind = ctx.opts.kind;
  const byName = kindFromFileName(L, ctx.file);
  if (!fileKind) fileKind = headerKinds.length === 1 ? headerKinds[0] : headerKinds.length === 0 ? byName : undefined;
  if (ctx.opts.kind && headerKinds.length && !headerKinds.includes(ctx.opts.kind)) {
    ctx.finding({ check: 'cdr.kind-mismatch', severity: 'error', line, message: `${ctx.file}: expected ${ctx.opts.kind} records but the header has ${headerKinds.join('/')} columns`, expected: ctx.opts.kind, actual: headerKinds.join('+') });
  }
  if (headerKinds.length > 1) {
    ctx.once('mixed-header', {
      check: 'cdr.mixed-file',
      severity: 'error',
      line,
      message: `${ctx.file}: header holds columns of ${headerKinds.join(' and ')} records in one file; voice and SMS must come in separate files`,
      expected: 'one record type per file',
      actual: headerKinds.join('+'),
    });
  }
  const plans: Partial<Record<CdrKind, ColumnPlan>> = {};
  const checkKinds = headerKinds.length > 1 ? headerKinds : fileKind ? [fileKind] : [];
  for (const k of checkKinds) {
    const info = L.kinds[k];
    plans[k] = planFor(info, header);
    const present = new Set(plans[k]!.cols.map(([, c]) => c));
    for (const req of info.required) {
      if (!present.has(req) && known.length > 0) {
        ctx.missingCols.add(`${k}:${req}`);
        ctx.finding({ check: 'cdr.header.missing-column', severity: 'error', line, kind: k, pointer: `/${info.externalOf[req] ?? req}`, message: `${ctx.file}: required ${k} column ${JSON.stringify(info.externalOf[req] ?? req)} (${req}) is missing from the header`, expected: info.externalOf[req] ?? req, actual: 'absent' });
      }
    }
  }
  return { plans, fileKind, typeIdx };
}

// ------------------------------------------------------------------------------------------------ values

const INT_RE = /^-?\d{1,15}$/;

function convert(info: KindInfo, canon: string, raw: unknown, out: Record<string, unknown>, parseDate: (raw: string) => string | undefined): void {
  const t = info.fieldTypes[canon];
  if (raw === null) {
    if (t === 'nullable-date-time') out[canon] = null;
    else out[canon] = raw;
    return;
  }
  if (typeof raw !== 'string') {
    out[canon] = raw;
    return;
  }
  if (raw === '') {
    if (t === 'nullable-date-time') out[canon] = null;
    return; // absent -> 'required' finding from the schema when it matters
  }
  if (t === 'integer') {
    out[canon] = INT_RE.test(raw) ? Number(raw) : raw;
  } else if (t === 'date-time' || t === 'nullable-date-time') {
    out[canon] = parseDate(raw) ?? raw; // left as-is -> the schema reports the format error
  } else {
    out[canon] = raw;
  }
}

function checkRecord(ctx: FileContext, kind: CdrKind, fields: Record<string, unknown>, line: number | undefined, pointerBase = ''): boolean {
  const info = ctx.L.kinds[kind];
  ctx.summary.records++;
  let valid = true;
  if (!info.validate(fields)) {
    valid = false;
    ctx.summary.invalid++;
    for (const e of info.validate.errors ?? []) {
      if (e.keyword === 'required' && ctx.missingCols.has(`${kind}:${(e.params as any).missingProperty}`)) continue;
      const f = ajvErrorToFinding(kind, e);
      const ext = info.externalOf[f.pointer!.slice(1)];
      const where = line !== undefined ? `line ${line}` : pointerBase;
      const actual = e.keyword === 'required' ? 'absent' : JSON.stringify(fields[f.pointer!.slice(1)]);
      ctx.finding({ ...f, line, pointer: pointerBase + f.pointer, actual, message: `${ctx.file} ${where}: ${kind} ${ext ?? f.pointer}: ${e.message}${e.keyword === 'required' ? '' : ` (got ${actual})`}` });
    }
  } else {
    consistency(ctx, kind, fields, line, pointerBase);
  }
  // duplicates
  if (ctx.dups) {
    const keyFields = info.mapping.key;
    const parts = ctx.keyParts;
    parts.length = 0;
    parts.push(kind);
    for (const k of keyFields) {
      const v = fields[k];
      parts.push(typeof v === 'string' ? v : String(v ?? ''));
    }
    const first = ctx.dups.addOrGetParts(parts, line ?? 0);
    if (first >= 0) {
      const label = keyFields.map((k) => `${k}=${String(fields[k] ?? '')}`).join(', ');
      ctx.finding({ check: 'cdr.duplicate', severity: 'error', line, kind, pointer: pointerBase || undefined, message: `${ctx.file} ${line !== undefined ? `line ${line}` : pointerBase}: duplicate ${kind} record (${label})${line !== undefined ? `, first seen at line ${first}` : ''}`, actual: label });
    }
  }
  return valid;
}

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Date.parse for the canonical `YYYY-MM-DDTHH:MM:SS[.sss]Z` with plain field ranges (day <= 28) computed from
 * the digits — exactly Date.parse's value there; every other string goes to Date.parse itself.
 */
function isoMs(s: string): number {
  const n = s.length;
  if ((n === 24 || n === 20) && s.charCodeAt(n - 1) === 90 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 && (n === 20 || s.charCodeAt(19) === 46)) {
    const y = digits(s, 0, 4);
    const mo = digits(s, 5, 7);
    const d = digits(s, 8, 10);
    const h = digits(s, 11, 13);
    const mi = digits(s, 14, 16);
    const se = digits(s, 17, 19);
    const ms = n === 24 ? digits(s, 20, 23) : 0;
    if (y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && d <= 28 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && se >= 0 && se <= 59 && ms >= 0) return Date.UTC(y, mo - 1, d, h, mi, se, ms);
  }
  return Date.parse(s);
}

function consistency(ctx: FileContext, kind: CdrKind, f: Record<string, any>, line: number | undefined, pointerBase: string): void {
  if (kind === 'voice') {
    const s = isoMs(f.startTime);
    const e = isoMs(f.endTime);
    const a = f.answerTime ? isoMs(f.answerTime) : NaN;
    const where = line !== undefined ? `line ${line}` : pointerBase;
    if (e < s) ctx.finding({ check: 'cdr.consistency', severity: 'error', line, kind, pointer: `${pointerBase}/endTime`, message: `${ctx.file} ${where}: voice endTime is before startTime` });
    if (f.disposition === 'ANSWERED' && Number.isNaN(a)) ctx.finding({ check: 'cdr.consistency', severity: 'error', line, kind, pointer: `${pointerBase}/answerTime`, message: `${ctx.file} ${where}: ANSWERED call without answerTime` });
    if (!Number.isNaN(a)) {
      const expect = Math.ceil((e - a) / 1000);
      if (Math.abs(expect - f.durationSeconds) > 1)
        ctx.finding({ check: 'cdr.consistency', severity: 'error', line, kind, pointer: `${pointerBase}/durationSeconds`, expected: String(expect), actual: String(f.durationSeconds), message: `${ctx.file} ${where}: voice durationSeconds ${f.durationSeconds} but answerTime..endTime is ${expect} s` });
    } else if (f.durationSeconds > 0) {
      ctx.finding({ check: 'cdr.consistency', severity: 'error', line, kind, pointer: `${pointerBase}/durationSeconds`, expected: '0', actual: String(f.durationSeconds), message: `${ctx.file} ${where}: unanswered call with durationSeconds ${f.durationSeconds}` });
    }
  } else if (kind === 'data') {
    if (isoMs(f.endTime) < isoMs(f.startTime)) ctx.finding({ check: 'cdr.consistency', severity: 'error', line, kind, pointer: `${pointerBase}/endTime`, message: `${ctx.file} ${line !== undefined ? `line ${line}` : pointerBase}: data endTime is before startTime` });
  }
}

// ------------------------------------------------------------------------------------------------ JSON

async function* parseJson(body: AsyncGenerator<Buffer>, ctx: FileContext): AsyncGenerator<CdrStreamItem[]> {
  const max = ctx.opts.maxJsonBytes ?? 64 * 1024 * 1024;
  const parts: Buffer[] = [];
  let len = 0;
  for await (const c of body) {
    len += c.length;
    if (len > max) {
      ctx.finding({ check: 'cdr.json.too-large', severity: 'error', message: `${ctx.file}: JSON document larger than ${max} bytes; use NDJSON or CSV for large files`, actual: `> ${max} bytes` });
      return;
    }
    parts.push(c);
  }
  const text = Buffer.concat(parts).toString('utf8');
  if (text.includes(REPLACEMENT)) {
    const idx = text.indexOf(REPLACEMENT);
    ctx.finding({ check: 'cdr.encoding', severity: 'error', line: lineAt(text, idx), message: `${ctx.file} line ${lineAt(text, idx)}: bytes that are not valid UTF-8`, expected: 'UTF-8' });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err: any) {
    // NDJSON? (one object per line)
    const lines = text.split(/\r?\n/);
    const objs: Array<{ line: number; value: any }> = [];
    let ok = lines.length > 1;
    let bad: { line: number; msg: string } | undefined;
    for (let i = 0; i < lines.length && ok; i++) {
      const l = lines[i].trim();
      if (!l) continue;
      try {
        objs.push({ line: i + 1, value: JSON.parse(l) });
      } catch (e: any) {
        if (objs.length === 0) ok = false;
        else bad = bad ?? { line: i + 1, msg: e.message };
      }
    }
    if (ok && objs.length > 1 && objs.every((o) => o.value && typeof o.value === 'object' && !Array.isArray(o.value))) {
      if (bad) ctx.finding({ check: bad.line === lines.length || bad.line === lines.length - 1 ? 'cdr.truncated' : 'cdr.json-syntax', severity: 'error', line: bad.line, message: `${ctx.file} line ${bad.line}: not a JSON object (${bad.msg})` });
      for (const o of objs) jsonRecord(ctx, o.value, undefined, o.line, `/${o.line}`);
      yield ctx.queue.splice(0);
      return;
    }
    const pos = /position (\d+)/.exec(err.message);
    const at = pos ? Number(pos[1]) : text.length;
    const truncated = /end of JSON input|Unterminated/i.test(err.message) || at >= text.trimEnd().length;
    ctx.finding({
      check: truncated ? 'cdr.truncated' : 'cdr.json-syntax',
      severity: 'error',
      line: lineAt(text, at),
      message: `${ctx.file} line ${lineAt(text, at)}: ${truncated ? 'JSON ends early (truncated)' : 'invalid JSON'}: ${err.message}`,
    });
    return;
  }
  let fileKind = ctx.opts.kind;
  let records: unknown[];
  let base = '';
  if (Array.isArray(doc)) records = doc;
  else if (doc && typeof doc === 'object' && Array.isArray((doc as any).records)) {
    records = (doc as any).records;
    base = '/records';
    const t = (doc as any).type;
    const k = typeof t === 'string' ? (['sms', 'voice', 'data'].includes(t) ? (t as CdrKind) : ctx.L.typeValueToKind.get(t.toLowerCase())) : undefined;
    if (ctx.opts.kind && k && k !== ctx.opts.kind)
      ctx.finding({ check: 'cdr.kind-mismatch', severity: 'error', pointer: '/type', message: `${ctx.file}: expected a ${ctx.opts.kind} batch, got type ${JSON.stringify(t)}`, expected: ctx.opts.kind, actual: String(t) });
    if (!fileKind) fileKind = k;
    if (t !== undefined && !k)
      ctx.finding({ check: 'cdr.value', severity: 'warning', pointer: '/type', message: `${ctx.file}: batch type ${JSON.stringify(t)} is not sms, voice or data; record types taken from each record`, actual: String(t) });
  } else if (doc && typeof doc === 'object') records = [doc];
  else {
    ctx.finding({ check: 'cdr.json-shape', severity: 'error', pointer: '/', message: `${ctx.file}: JSON is neither a batch { type, records: [...] }, an array nor a record`, actual: typeof doc });
    return;
  }
  if (records.length === 0) ctx.finding({ check: 'cdr.empty-file', severity: 'warning', pointer: base || '/', message: `${ctx.file}: batch holds no records`, actual: '0 records' });
  for (let i = 0; i < records.length; i++) {
    jsonRecord(ctx, records[i], fileKind, undefined, `${base}/${i}`);
    if (ctx.queue.length >= 1000) yield ctx.queue.splice(0);
  }
  if (ctx.queue.length) yield ctx.queue.splice(0);
}

function jsonRecord(ctx: FileContext, rec: any, fileKind: CdrKind | undefined, line: number | undefined, pointer: string): void {
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) {
    ctx.finding({ check: 'cdr.json-shape', severity: 'error', line, pointer, message: `${ctx.file} ${pointer}: record is not an object` });
    ctx.summary.invalid++;
    return;
  }
  const L = ctx.L;
  const typeKeys = [L.mapping.typeColumn, 'type'].filter(Boolean).map((s) => s!.toLowerCase());
  let kind = fileKind;
  for (const [k, v] of Object.entries(rec)) {
    if (typeKeys.includes(k.toLowerCase()) && typeof v === 'string') {
      const kk = L.typeValueToKind.get(v.toLowerCase());
      if (kk) kind = kk;
      else ctx.finding({ check: 'cdr.value', severity: 'error', line, pointer: `${pointer}/${k}`, message: `${ctx.file} ${pointer}: unknown record type ${JSON.stringify(v)}`, actual: v });
      break;
    }
  }
  if (!kind) kind = kindFromFileName(L, ctx.file);
  if (!kind) {
    ctx.once('no-kind', { check: 'cdr.unknown-kind', severity: 'error', line, pointer, message: `${ctx.file}: cannot tell the record type of ${pointer} (no type field, batch type or file name)` });
    ctx.summary.invalid++;
    return;
  }
  const info = L.kinds[kind];
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) {
    const canon = info.byExternalLower.get(k.toLowerCase()) ?? (info.fieldTypes[k] ? k : undefined);
    if (!canon) {
      const knownElsewhere = (Object.keys(L.kinds) as CdrKind[]).some((o) => L.kinds[o].byExternalLower.has(k.toLowerCase()));
      ctx.once(`unknown:${kind}:${k}`, { check: 'cdr.header.unknown-column', severity: 'warning', line, pointer: `${pointer}/${k}`, message: `${ctx.file}: field ${JSON.stringify(k)} is not a ${kind} field in mapping.json${knownElsewhere ? ' (it belongs to another record type)' : ''} (ignored)`, actual: k });
      continue;
    }
    if (typeof v === 'string' && v.includes(REPLACEMENT))
      ctx.finding({ check: 'cdr.encoding', severity: 'error', line, pointer: `${pointer}/${k}`, message: `${ctx.file} ${pointer}/${k}: value holds bytes that are not valid UTF-8` });
    convert(info, canon, v, fields, L.parseDate);
  }
  noteKind(ctx, kind, line, pointer);
  const valid = checkRecord(ctx, kind, fields, line, pointer);
  ctx.queue.push({ type: 'record', record: { kind, fields, valid, source: ctx.source(line) } as unknown as CdrRecord });
}

function lineAt(text: string, pos: number): number {
  let n = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

// ------------------------------------------------------------------------------------------------ convenience

/** Parse one input completely and collect everything. */
export async function parseCdr(input: CdrInput, opts: CdrParseOptions & { mapping?: LoadedMapping }): Promise<CdrParseResult> {
  const out: CdrParseResult = { records: [], findings: [], files: [] };
  for await (const it of parseCdrStream(input, opts)) {
    if (it.type === 'record') out.records.push(it.record);
    else if (it.type === 'finding') out.findings.push(it.finding);
    else out.files.push(it.summary);
  }
  return out;
}

/** One delivered CDR file: an e-mail attachment, a webhook body, or a file on disk. */
export interface CdrFile {
  name: string;
  content: Buffer | string;
  contentType?: string;
  via?: CdrSource['via'];
  kind?: CdrKind;
}

/**
 * Parse several delivered files (e.g. every attachment of the CDR e-mails, every webhook body).
 * Records carry their file's content digest and delivery position. A file whose content was delivered
 * before (at-least-once delivery: same content under the same or another name) is not parsed again: its
 * records are the earlier file's, tagged `redeliveryOf`, and an info finding `cdr.redelivered` says so.
 */
export async function parseCdrFiles(files: CdrFile[], opts: { mapping?: LoadedMapping } = {}): Promise<CdrParseResult> {
  const out: CdrParseResult = { records: [], findings: [], files: [], redelivered: [] };
  const byDigest = new Map<string, { name: string; records: CdrRecord[]; summaries: CdrFileSummary[] }>();
  for (const [delivery, f] of files.entries()) {
    const digest = createHash('sha256').update(f.content).digest('hex');
    const first = byDigest.get(digest);
    if (first) {
      out.records.push(...first.records.map((r) => ({ ...r, source: { ...r.source, file: f.name, via: f.via, delivery, redeliveryOf: first.name } }) as CdrRecord));
      out.files.push(...first.summaries.map((x) => ({ ...x, file: f.name, via: f.via })));
      out.redelivered!.push({ file: f.name, of: first.name, digest });
      out.findings.push(redeliveredFinding(f.name, first.name, digest, first.records.length));
      continue;
    }
    const ct = (f.contentType ?? '').toLowerCase();
    const format = ct.includes('json') || /\.(nd)?json$/i.test(f.name) ? 'json' : ct.includes('csv') || /\.csv$/i.test(f.name) ? 'csv' : 'auto';
    const r = await parseCdr(f.content, { format, fileName: f.name, via: f.via, kind: f.kind, mapping: opts.mapping });
    const records = r.records.map((x) => ({ ...x, source: { ...x.source, digest, delivery } }) as CdrRecord);
    byDigest.set(digest, { name: f.name, records, summaries: r.files });
    out.records.push(...records);
    out.findings.push(...r.findings);
    out.files.push(...r.files);
  }
  return out;
}

function redeliveredFinding(file: string, of: string, digest: string, records: number): CdrFinding {
  const same = file === of ? 'the same file' : `the same content as ${of}`;
  return {
    check: 'cdr.redelivered',
    severity: 'info',
    file,
    message: `${file} was delivered again (${same}, sha256 ${digest.slice(0, 12)}…, ${records} record(s)): at-least-once delivery, absorbed — not a duplicate`,
    actual: of,
  };
}
