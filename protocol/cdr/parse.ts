/**
 * Streaming CDR parser (CSV through the hand-tuned reader in ./csv, JSON batches / NDJSON), driven by schemas/cdr/mapping.json.
 *
 * Never throws on bad input: every problem becomes a CdrFinding with the file name and line number.
 * Handled: empty file, UTF-8 BOM, UTF-16 (with or without BOM), invalid UTF-8, wrong delimiter, quoted
 * delimiters and line breaks, unknown / missing / duplicate columns, short or long rows, truncated file
 * (unterminated quote, last line cut), duplicate records, voice and SMS mixed in one file.
 *
 * Layout: ./head (head, encoding, format), ./csv-rows (CSV), ./json (JSON), ./records (one record's values,
 * validation, consistency, duplicates), ./context (per-file findings and queue); this module: the entry points.
 */
import { createHash } from 'node:crypto';
import { FileContext, type CdrInput, type CdrStreamItem } from './context';
import { parseCsv } from './csv-rows';
import { bodyAfterHead, decodeHead, detectFormat, readHead } from './head';
import { parseJson } from './json';
import { loadCdrMapping, type LoadedMapping } from './mapping';
import type { CdrFileSummary, CdrFinding, CdrKind, CdrParseOptions, CdrParseResult, CdrRecord, CdrSource } from './types';

export type { CdrInput, CdrStreamItem } from './context';

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

/**
 * Parse one CDR file/stream. Yields records and findings as they are found, and a final summary item.
 * The stream is consumed with back-pressure; memory does not grow with the file (except for the
 * fixed-width duplicate index, 24 bytes per distinct record key).
 */
export async function* parseCdrStream(input: CdrInput, opts: CdrParseOptions & { mapping?: LoadedMapping }): AsyncGenerator<CdrStreamItem> {
  for await (const batch of parseCdrBatches(input, opts)) for (const it of batch) yield it;
}

/**
 * Same as parseCdrStream, in arrays (one per chunk of input): far fewer async hops per record, for
 * high-volume consumers (bench, large files).
 */
export async function* parseCdrBatches(input: CdrInput, opts: CdrParseOptions & { mapping?: LoadedMapping }): AsyncGenerator<CdrStreamItem[]> {
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
  const h = await readHead(src);
  if (h.head.length === 0) {
    ctx.finding({
      check: 'cdr.empty-file',
      severity: 'error',
      line: 1,
      message: `${ctx.file} is empty (0 bytes)`,
      expected: 'a header line and records',
      actual: '0 bytes',
    });
    return;
  }
  const { head, transcode } = decodeHead(h, ctx);
  const format = detectFormat(head, h.srcDone, ctx);
  if (!format) return;
  ctx.summary.format = format;
  const body = bodyAfterHead(src, head, h.srcDone, transcode);
  if (format === 'json') yield* parseJson(body, ctx);
  else yield* parseCsv(body, head, ctx);
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
      out.records.push(
        ...first.records.map((r) => ({ ...r, source: { ...r.source, file: f.name, via: f.via, delivery, redeliveryOf: first.name } }) as CdrRecord),
      );
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
