/**
 * The head of a CDR file: enough bytes to sniff the encoding (BOM, UTF-16), the format (CSV or JSON) and the
 * delimiter, then the whole body as UTF-8 chunks (transcoded when the file is UTF-16).
 */
import type { FileContext } from './context';

const HEAD_BYTES = 64 * 1024;

type Transcode = (b: Buffer, final: boolean) => Buffer;

/** The first bytes of the file, up to its first line break after some text (or HEAD_BYTES). */
export interface Head {
  head: Buffer;
  /** the source had nothing more */
  srcDone: boolean;
}

const isBlank = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

async function nextChunk(src: AsyncGenerator<Buffer>): Promise<IteratorResult<Buffer>> {
  try {
    return await src.next();
  } catch (e: any) {
    throw Object.assign(new Error(`input stream failed: ${e?.message ?? e}`), { code: 'CDR_INPUT_ERROR' });
  }
}

// ---- head: enough bytes to sniff encoding, format and delimiter
export async function readHead(src: AsyncGenerator<Buffer>): Promise<Head> {
  const headChunks: Buffer[] = [];
  let headLen = 0;
  let sawText = false;
  while (headLen < HEAD_BYTES) {
    const r = await nextChunk(src);
    if (r.done) return { head: Buffer.concat(headChunks), srcDone: true };
    headChunks.push(r.value);
    headLen += r.value.length;
    if (!sawText) sawText = r.value.some((b) => !isBlank(b));
    if (sawText && r.value.includes(10)) break;
  }
  return { head: Buffer.concat(headChunks), srcDone: false };
}

/** UTF-16 without a BOM: NUL bytes in one of the two positions of most characters of the first 512 bytes. */
function utf16ByNulBytes(head: Buffer): { utf16?: 'utf-16le' | 'utf-16be'; how: string } {
  const n = Math.min(head.length, 512);
  let zEven = 0;
  let zOdd = 0;
  for (let i = 0; i < n; i++) {
    if (head[i] !== 0) continue;
    if (i % 2) zOdd++;
    else zEven++;
  }
  if (n >= 4 && zOdd > n / 4) return { utf16: 'utf-16le', how: 'NUL bytes in odd positions, no BOM' };
  if (n >= 4 && zEven > n / 4) return { utf16: 'utf-16be', how: 'NUL bytes in even positions, no BOM' };
  return { how: '' };
}

function utf16Of(head: Buffer): { utf16?: 'utf-16le' | 'utf-16be'; how: string } {
  if (head[0] === 0xff && head[1] === 0xfe) return { utf16: 'utf-16le', how: 'byte order mark FF FE' };
  if (head[0] === 0xfe && head[1] === 0xff) return { utf16: 'utf-16be', how: 'byte order mark FE FF' };
  return utf16ByNulBytes(head);
}

// ---- encoding
/** The head without a UTF-8 BOM, or transcoded from UTF-16 (and the transcoder for the rest of the file). */
export function decodeHead(h: Head, ctx: FileContext): { head: Buffer; transcode?: Transcode } {
  const head = h.head;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    ctx.finding({
      check: 'cdr.bom',
      severity: 'warning',
      line: 1,
      message: `${ctx.file} starts with a UTF-8 byte order mark; stripped before parsing`,
      expected: 'UTF-8 without BOM',
      actual: 'UTF-8 with BOM',
    });
    return { head: head.subarray(3) };
  }
  const { utf16, how } = utf16Of(head);
  if (!utf16) return { head };
  ctx.finding({
    check: 'cdr.encoding',
    severity: 'error',
    line: 1,
    message: `${ctx.file} is encoded as ${utf16.toUpperCase()} (${how}); the mapping declares ${ctx.L.mapping.csv.encoding}. Decoded as ${utf16.toUpperCase()} to continue.`,
    expected: ctx.L.mapping.csv.encoding,
    actual: utf16,
  });
  const dec = new TextDecoder(utf16, { ignoreBOM: false });
  const transcode: Transcode = (b, final) => Buffer.from(dec.decode(b, { stream: !final }), 'utf8');
  return { head: transcode(head, h.srcDone), transcode };
}

/** The whole body as UTF-8: the (decoded) head, then the rest of the source. */
export async function* bodyAfterHead(src: AsyncGenerator<Buffer>, head: Buffer, srcDone: boolean, transcode: Transcode | undefined): AsyncGenerator<Buffer> {
  if (head.length) yield head;
  if (srcDone) return;
  for (;;) {
    const r = await nextChunk(src);
    if (r.done) break;
    yield transcode ? transcode(r.value, false) : r.value;
  }
  if (transcode) {
    const tail = transcode(Buffer.alloc(0), true);
    if (tail.length) yield tail;
  }
}

// ---- format
/** CSV or JSON (by the first non-blank byte, against what the caller declared); undefined for a blank file. */
export function detectFormat(head: Buffer, srcDone: boolean, ctx: FileContext): 'csv' | 'json' | undefined {
  let i0 = 0;
  while (i0 < head.length && isBlank(head[i0])) i0++;
  if (i0 === head.length && srcDone) {
    ctx.finding({
      check: 'cdr.empty-file',
      severity: 'error',
      line: 1,
      message: `${ctx.file} holds only whitespace`,
      expected: 'a header line and records',
      actual: `${head.length} whitespace byte(s)`,
    });
    return undefined;
  }
  const looksJson = head[i0] === 0x7b || head[i0] === 0x5b; // { or [
  let format: 'csv' | 'json' = ctx.opts.format === 'auto' ? (looksJson ? 'json' : 'csv') : ctx.opts.format;
  if (format === 'csv' && looksJson) {
    ctx.finding({
      check: 'cdr.format',
      severity: 'error',
      line: 1,
      message: `${ctx.file} was expected to be CSV but holds JSON; parsed as JSON`,
      expected: 'csv',
      actual: 'json',
    });
    format = 'json';
  } else if (format === 'json' && !looksJson) {
    ctx.finding({
      check: 'cdr.format',
      severity: 'error',
      line: 1,
      message: `${ctx.file} was expected to be JSON but does not start with '{' or '['; parsed as CSV`,
      expected: 'json',
      actual: 'csv?',
    });
    format = 'csv';
  }
  return format;
}
