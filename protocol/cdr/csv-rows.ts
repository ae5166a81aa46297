/**
 * CSV: the hand-tuned reader (./csv) turns decoded text into rows synchronously; each row is mapped,
 * converted and validated at once (CsvRows), and the records of each input slice are yielded together.
 */
import { StringDecoder } from 'node:string_decoder';
import { CsvReader, type CsvSink } from './csv';
import { REPLACEMENT, type CdrStreamItem, type FileContext } from './context';
import type { KindInfo } from './mapping';
import { checkRecord, kindFromFileName, noteKind } from './records';
import type { CdrKind, CdrRecord } from './types';

const FEED_BYTES = 64 * 1024;
const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

/** One mapped column: [index in the row, canonical field, value type, a word's spellings (type 4)]. */
type PlanCol = [number, string, ValueType, Map<string, string>?];
interface ColumnPlan {
  cols: PlanCol[];
}
/** 0 string, 1 integer, 2 date-time, 3 nullable date-time, 4 word (a string enum read in any case) */
type ValueType = 0 | 1 | 2 | 3 | 4;

function sniffDelimiter(head: Buffer, ctx: FileContext): string {
  // first non-blank physical line (leading blank lines are allowed) is the header
  const headerLine = (
    head
      .toString('utf8')
      .split('\n')
      .find((l) => l.trim().length > 0) ?? ''
  ).replace(/\r$/, '');
  const declared = ctx.L.mapping.csv.delimiter;
  const countOf = (s: string, d: string) => s.split(d).length - 1;
  if (countOf(headerLine, declared) > 0) return declared;
  let best: string | undefined;
  let bestN = 0;
  for (const d of CANDIDATE_DELIMITERS) {
    const n = countOf(headerLine, d);
    if (d !== declared && n > bestN) {
      best = d;
      bestN = n;
    }
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
export async function* parseCsv(body: AsyncGenerator<Buffer>, head: Buffer, ctx: FileContext): AsyncGenerator<CdrStreamItem[]> {
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
      ctx.finding({
        check: 'cdr.truncated',
        severity: 'error',
        line,
        message: `${ctx.file}: a quoted field opened on line ${line} is never closed; the file looks truncated (record dropped)`,
        actual: code,
      });
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
      ctx.finding({
        check: 'cdr.row.column-count',
        severity: 'error',
        line,
        message: `${ctx.file} line ${line}: ${n} field(s), header has ${header.length}`,
        expected: String(header.length),
        actual: String(n),
      });
    }
    const kind = this.kindOf(row, n, line);
    if (!kind) {
      ctx.once('no-kind', {
        check: 'cdr.unknown-kind',
        severity: 'error',
        line,
        message: `${ctx.file}: cannot tell the record type (no known columns, no ${ctx.L.mapping.typeColumn ?? 'type'} column, file name does not say)`,
      });
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
        ctx.finding({
          check: 'cdr.encoding',
          severity: 'error',
          line,
          pointer: `/${col[1]}`,
          message: `${ctx.file} line ${line}: column ${header[idx]} holds bytes that are not valid UTF-8`,
          expected: 'UTF-8',
          actual: JSON.stringify(raw),
        });
      }
      if (raw === '') {
        if (col[2] === 3) fields[col[1]] = null;
      } else if (col[2] === 0) fields[col[1]] = raw;
      else if (col[2] === 1) fields[col[1]] = toInteger(raw);
      else if (col[2] === 4) fields[col[1]] = col[3]!.get(raw.toLowerCase()) ?? raw;
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
    ctx.finding({
      check: 'cdr.value',
      severity: 'error',
      line,
      pointer: `/${this.header![ti]}`,
      message: `${ctx.file} line ${line}: unknown record type ${JSON.stringify(tv)}`,
      actual: tv,
    });
    return this.fileKind;
  }

  /** End of file: empty-file and truncation findings. */
  finish(lastByte: number): void {
    const ctx = this.ctx;
    if (!this.header) {
      ctx.finding({
        check: 'cdr.empty-file',
        severity: 'error',
        line: 1,
        message: `${ctx.file} has no header line`,
        expected: 'a header line',
        actual: 'nothing',
      });
    } else if (ctx.summary.records === 0 && ctx.summary.invalid === 0) {
      ctx.finding({
        check: 'cdr.empty-file',
        severity: 'warning',
        line: 1,
        message: `${ctx.file} has a header but no records`,
        expected: '>= 1 record',
        actual: '0 records',
      });
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

const VALUE_TYPE: Record<KindInfo['fieldTypes'][string], ValueType> = { string: 0, integer: 1, 'date-time': 2, 'nullable-date-time': 3, word: 4 };

function planFor(info: KindInfo, header: string[]): ColumnPlan {
  const cols: PlanCol[] = [];
  const seen = new Set<string>();
  header.forEach((h, i) => {
    const canon = info.byExternalLower.get(h.toLowerCase());
    if (canon && !seen.has(canon)) {
      seen.add(canon);
      cols.push([i, canon, VALUE_TYPE[info.fieldTypes[canon]] ?? 0, info.words[canon]]);
    }
  });
  return { cols };
}

/** Header names: duplicates, names not in the mapping, no known name at all. Returns the known names. */
function checkHeaderNames(header: string[], line: number, ctx: FileContext): string[] {
  const L = ctx.L;
  const kinds = Object.keys(L.kinds) as CdrKind[];
  // duplicate header names
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    const k = h.toLowerCase();
    if (seen.has(k))
      ctx.finding({
        check: 'cdr.header.duplicate-column',
        severity: 'error',
        line,
        pointer: `/${h}`,
        message: `${ctx.file}: column ${JSON.stringify(h)} appears twice (columns ${seen.get(k)! + 1} and ${i + 1}); the first one is used`,
      });
    else seen.set(k, i);
  });
  const known = header.filter((h) => kinds.some((k) => L.kinds[k].byExternalLower.has(h.toLowerCase())));
  for (const h of header) {
    if (!kinds.some((k) => L.kinds[k].byExternalLower.has(h.toLowerCase()))) {
      ctx.finding({
        check: 'cdr.header.unknown-column',
        severity: 'warning',
        line,
        pointer: `/${h}`,
        message: `${ctx.file}: column ${JSON.stringify(h)} is not in mapping.json (ignored)`,
        actual: h,
      });
    }
  }
  if (known.length === 0) {
    ctx.finding({
      check: 'cdr.header.missing',
      severity: 'error',
      line,
      message: `${ctx.file} line ${line}: first line holds no known column name (${JSON.stringify(header.slice(0, 4).join(','))}...); no header row or a different layout; edit schemas/cdr/mapping.json`,
      expected: Object.keys(L.kinds.sms.mapping.columns).join(','),
      actual: header.join(','),
    });
  }
  return known;
}

/** Which kinds does the header speak for? A column that belongs to exactly one kind identifies it. */
function headerKindsOf(header: string[], ctx: FileContext): CdrKind[] {
  const L = ctx.L;
  const kinds = Object.keys(L.kinds) as CdrKind[];
  const owners = (h: string) => kinds.filter((k) => L.kinds[k].byExternalLower.has(h.toLowerCase()));
  const headerKinds = kinds.filter((k) =>
    header.some((h) => {
      const o = owners(h);
      return o.length === 1 && o[0] === k;
    }),
  );
  if (headerKinds.length === 0) {
    // no identifying column: take the kind that explains most columns, if unique
    const scores = kinds.map((k) => header.filter((h) => L.kinds[k].byExternalLower.has(h.toLowerCase())).length);
    const best = Math.max(...scores);
    if (best > 0 && scores.filter((x) => x === best).length === 1) return [kinds[scores.indexOf(best)]];
  }
  return headerKinds;
}

/** The header's kinds against the kind the caller declared, and more than one kind in one file. */
function checkHeaderKinds(headerKinds: CdrKind[], line: number, ctx: FileContext): void {
  if (ctx.opts.kind && headerKinds.length && !headerKinds.includes(ctx.opts.kind)) {
    ctx.finding({
      check: 'cdr.kind-mismatch',
      severity: 'error',
      line,
      message: `${ctx.file}: expected ${ctx.opts.kind} records but the header has ${headerKinds.join('/')} columns`,
      expected: ctx.opts.kind,
      actual: headerKinds.join('+'),
    });
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
}

/** A column plan per kind to check, and the required columns missing from the header. */
function planKinds(checkKinds: CdrKind[], header: string[], known: string[], line: number, ctx: FileContext): Partial<Record<CdrKind, ColumnPlan>> {
  const L = ctx.L;
  const plans: Partial<Record<CdrKind, ColumnPlan>> = {};
  for (const k of checkKinds) {
    const info = L.kinds[k];
    plans[k] = planFor(info, header);
    const present = new Set(plans[k]!.cols.map(([, c]) => c));
    for (const req of info.required) {
      if (!present.has(req) && known.length > 0) {
        ctx.missingCols.add(`${k}:${req}`);
        ctx.finding({
          check: 'cdr.header.missing-column',
          severity: 'error',
          line,
          kind: k,
          pointer: `/${info.externalOf[req] ?? req}`,
          message: `${ctx.file}: required ${k} column ${JSON.stringify(info.externalOf[req] ?? req)} (${req}) is missing from the header`,
          expected: info.externalOf[req] ?? req,
          actual: 'absent',
        });
      }
    }
  }
  return plans;
}

function planHeader(header: string[], line: number, ctx: FileContext) {
  const known = checkHeaderNames(header, line, ctx);
  const headerKinds = headerKindsOf(header, ctx);
  const L = ctx.L;
  const typeCol = L.mapping.typeColumn?.toLowerCase();
  const typeIdx = typeCol ? header.findIndex((h) => h.toLowerCase() === typeCol) : -1;
  let fileKind = ctx.opts.kind;
  const byName = kindFromFileName(L, ctx.file);
  if (!fileKind) fileKind = headerKinds.length === 1 ? headerKinds[0] : headerKinds.length === 0 ? byName : undefined;
  checkHeaderKinds(headerKinds, line, ctx);
  const checkKinds = headerKinds.length > 1 ? headerKinds : fileKind ? [fileKind] : [];
  return { plans: planKinds(checkKinds, header, known, line, ctx), fileKind, typeIdx };
}
