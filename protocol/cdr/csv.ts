/**
 * Hand-tuned streaming CSV reader for CDR files (replaces csv-parse in the parser's hot path).
 *
 * Text goes in as decoded chunks (`write`), records come out synchronously through a callback with a
 * reused field array (no per-record array, no per-character work on the common line without quotes:
 * `indexOf` finds the line end and the delimiters, `slice` makes the field strings). Lines holding a
 * quote take the RFC 4180 path: quoted fields with doubled quotes (or the mapping's escape character),
 * delimiters and line breaks inside quotes, CRLF. A quote inside an unquoted field is literal (as
 * csv-parse's `relax_quotes`), and so are characters after a closing quote (`"x"y` reads `"x"y`, as
 * csv-parse with `relax_quotes` reads it). A quote never closed is reported through `skip`
 * (`CSV_QUOTE_NOT_CLOSED`, with the record's first line; the rest of the file is dropped). Line numbers
 * are physical lines.
 * A record cut by a chunk border waits for the next chunk; the search for what it waits for resumes
 * where it stopped, so a long quoted field (or a file without line breaks) stays linear.
 */

export interface CsvSink {
  /** One record: `fields[0..n)` (the array is reused: copy what you keep), on physical line `line`. */
  row(fields: string[], n: number, line: number): void;
  /** A record that could not be read; `line` is its first physical line. */
  skip(code: string, message: string, line: number): void;
}

const LF = 10;
const CR = 13;

export class CsvReader {
  private carry = '';
  /** what the cut record waits for: a character (resume the search at needFrom), or '' for any byte */
  private needChar: string | undefined;
  private needFrom = 0;
  private line = 1;
  private readonly fields: string[] = [];
  private readonly d: number;
  private readonly q: number;
  private readonly e: number;
  /** a lone CR ends records (classic Mac files): decided on the first chunk */
  private crOnly: boolean | undefined;
  /** the current text holds U+FFFD (bytes that were not valid UTF-8) */
  hasReplacement = false;

  constructor(
    private readonly delim: string,
    private readonly quote: string,
    escape: string,
    private readonly sink: CsvSink,
  ) {
    this.d = delim.charCodeAt(0);
    this.q = quote.charCodeAt(0);
    this.e = (escape || quote).charCodeAt(0);
  }

  /** Physical line where the next record starts. */
  get nextLine(): number {
    return this.line;
  }

  write(text: string): void {
    this.feed(text, false);
  }

  /** No more input: a record without its final line break is read as it is. */
  end(): void {
    this.feed('', true);
  }

  private feed(text: string, final: boolean): void {
    let s = this.carry.length ? this.carry + text : text;
    if (this.crOnly === undefined) {
      if (s.indexOf('\n') >= 0) this.crOnly = false;
      else if (s.indexOf('\r') >= 0 && (s.length >= 4096 || final)) this.crOnly = true;
      if (this.crOnly) s = s.replace(/\r/g, '\n');
    } else if (this.crOnly) s = s.replace(/\r/g, '\n');
    this.carry = '';
    if (!s.length) return;
    if (this.needChar !== undefined && !final) {
      const waited = this.needChar === '' ? text.length > 0 : s.indexOf(this.needChar, this.needFrom) >= 0;
      if (!waited) {
        this.carry = s;
        if (this.needChar !== '') this.needFrom = s.length;
        return;
      }
    }
    this.needChar = undefined;
    this.hasReplacement = s.indexOf('\uFFFD') >= 0;
    const pos = this.records(s, final);
    if (pos < s.length) {
      this.carry = s.slice(pos);
      this.needFrom = Math.max(0, this.needFrom - pos);
    }
  }

  /** Reads every complete record of s; returns where the first incomplete one starts (s.length: none). */
  private records(s: string, final: boolean): number {
    const n = s.length;
    const fields = this.fields;
    let pos = 0;
    let qAt = -2; // next quote at or after pos (-1: none in s, -2: not searched yet)
    while (pos < n) {
      let nl = s.indexOf('\n', pos);
      if (qAt !== -1 && qAt < pos) qAt = s.indexOf(this.quote, pos);
      if (qAt === -1 || (nl >= 0 && qAt > nl)) {
        // the common line: no quote in it
        if (nl < 0) {
          if (!final) {
            this.wait(pos, '\n', n);
            return pos;
          }
          nl = n;
        }
        const end = nl > pos && s.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        let k = 0;
        let p = pos;
        for (;;) {
          const d = s.indexOf(this.delim, p);
          if (d < 0 || d >= end) {
            fields[k++] = s.slice(p, end);
            break;
          }
          fields[k++] = s.slice(p, d);
          p = d + 1;
        }
        this.sink.row(fields, k, this.line++);
        pos = nl + 1;
        continue;
      }
      const next = this.quotedRecord(s, pos, final);
      if (next < 0) return pos;
      pos = next;
    }
    return n;
  }

  /** The record is cut by the chunk end: remember what it waits for; returns -1. */
  private wait(_start: number, char: string, from: number): number {
    this.needChar = char;
    this.needFrom = from;
    return -1;
  }

  /** A record with at least one quote. Returns the position after it, or -1 when it is cut by the chunk end. */
  private quotedRecord(s: string, start: number, final: boolean): number {
    const n = s.length;
    const fields = this.fields;
    let k = 0;
    let p = start;
    let breaks = 0;
    for (;;) {
      let prefix = '';
      if (p < n && s.charCodeAt(p) === this.q) {
        const r = this.quotedField(s, p + 1, final);
        if (r === undefined) return -1;
        if (r.end < 0) {
          this.sink.skip('CSV_QUOTE_NOT_CLOSED', 'Quote Not Closed: the parsing is finished with an opening quote', this.line);
          this.line += 1 + breaks + r.breaks;
          return n;
        }
        fields[k++] = r.value;
        breaks += r.breaks;
        p = r.end;
        if (p >= n) {
          if (!final) return this.wait(start, '', n);
          break;
        }
        const c = s.charCodeAt(p);
        if (c === this.d) {
          p++;
          continue;
        }
        if (c === LF) {
          p++;
          break;
        }
        if (c === CR && p + 1 < n && s.charCodeAt(p + 1) === LF) {
          p += 2;
          break;
        }
        if (c === CR && p + 1 >= n && !final) return this.wait(start, '', n);
        // characters after the closing quote (csv-parse relax_quotes): the field goes on unquoted, its quotes kept
        k--;
        prefix = this.quote + r.value + this.quote;
      }
      // unquoted field: up to the delimiter or the line end (a quote in it is literal)
      const d = s.indexOf(this.delim, p);
      let nl = s.indexOf('\n', p);
      if (d >= 0 && (nl < 0 || d < nl)) {
        fields[k++] = prefix + s.slice(p, d);
        p = d + 1;
        continue;
      }
      if (nl < 0) {
        if (!final) return this.wait(start, '\n', n);
        nl = n;
      }
      fields[k++] = prefix + s.slice(p, nl > p && s.charCodeAt(nl - 1) === CR ? nl - 1 : nl);
      p = nl + 1;
      break;
    }
    this.sink.row(fields, k, this.line);
    this.line += 1 + breaks;
    return Math.min(p, n);
  }

  /**
   * The quoted field whose content starts at `from`. undefined: cut by the chunk end (not final);
   * end < 0: never closed (final).
   */
  private quotedField(s: string, from: number, final: boolean): { value: string; end: number; breaks: number } | undefined {
    const n = s.length;
    let value = '';
    let q0 = from;
    for (;;) {
      const c = this.e === this.q ? s.indexOf(this.quote, q0) : nextOf(s, this.q, this.e, q0);
      if (c < 0) {
        if (final) return { value, end: -1, breaks: countLf(s, from, n) };
        this.wait(0, this.e === this.q ? this.quote : '', n);
        return undefined;
      }
      const isEsc = s.charCodeAt(c) === this.e;
      if (c + 1 >= n && !final && (isEsc || this.e === this.q)) {
        this.wait(0, '', n);
        return undefined;
      }
      const nx = c + 1 < n ? s.charCodeAt(c + 1) : -1;
      if (isEsc && (nx === this.q || (nx === this.e && this.e !== this.q))) {
        value += s.slice(q0, c) + String.fromCharCode(nx);
        q0 = c + 2;
        continue;
      }
      if (s.charCodeAt(c) !== this.q) {
        // a lone escape character (escape differs from quote) is literal
        value += s.slice(q0, c + 1);
        q0 = c + 1;
        continue;
      }
      value += s.slice(q0, c);
      return { value, end: c + 1, breaks: countLf(s, from, c) };
    }
  }
}

function nextOf(s: string, a: number, b: number, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === a || c === b) return i;
  }
  return -1;
}

function countLf(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
