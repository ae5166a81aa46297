/** JSON: a batch { type, records: [...] }, an array of records, one record, or NDJSON (one object per line). */
import { REPLACEMENT, type CdrStreamItem, type FileContext } from './context';
import { checkRecord, convert, kindFromFileName, noteKind } from './records';
import type { CdrKind, CdrRecord } from './types';

/** The whole document as text (JSON is not streamed: NDJSON or CSV for large files); undefined when too large. */
async function readJsonText(body: AsyncGenerator<Buffer>, ctx: FileContext): Promise<string | undefined> {
  const max = ctx.opts.maxJsonBytes ?? 64 * 1024 * 1024;
  const parts: Buffer[] = [];
  let len = 0;
  for await (const c of body) {
    len += c.length;
    if (len > max) {
      ctx.finding({
        check: 'cdr.json.too-large',
        severity: 'error',
        message: `${ctx.file}: JSON document larger than ${max} bytes; use NDJSON or CSV for large files`,
        actual: `> ${max} bytes`,
      });
      return undefined;
    }
    parts.push(c);
  }
  const text = Buffer.concat(parts).toString('utf8');
  if (text.includes(REPLACEMENT)) {
    const idx = text.indexOf(REPLACEMENT);
    ctx.finding({
      check: 'cdr.encoding',
      severity: 'error',
      line: lineAt(text, idx),
      message: `${ctx.file} line ${lineAt(text, idx)}: bytes that are not valid UTF-8`,
      expected: 'UTF-8',
    });
  }
  return text;
}

/** NDJSON (one object per line, at least two)? Parses its records and answers true; false when the text is not NDJSON. */
function parseNdjson(text: string, ctx: FileContext): boolean {
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
  if (!ok || objs.length <= 1 || !objs.every((o) => o.value && typeof o.value === 'object' && !Array.isArray(o.value))) return false;
  if (bad)
    ctx.finding({
      check: bad.line === lines.length || bad.line === lines.length - 1 ? 'cdr.truncated' : 'cdr.json-syntax',
      severity: 'error',
      line: bad.line,
      message: `${ctx.file} line ${bad.line}: not a JSON object (${bad.msg})`,
    });
  for (const o of objs) jsonRecord(ctx, o.value, undefined, o.line, `/${o.line}`);
  return true;
}

/** Neither JSON nor NDJSON: a truncated document or a syntax error, with the line it stops at. */
function reportJsonSyntax(text: string, err: any, ctx: FileContext): void {
  const pos = /position (\d+)/.exec(err.message);
  const at = pos ? Number(pos[1]) : text.length;
  const truncated = /end of JSON input|Unterminated/i.test(err.message) || at >= text.trimEnd().length;
  ctx.finding({
    check: truncated ? 'cdr.truncated' : 'cdr.json-syntax',
    severity: 'error',
    line: lineAt(text, at),
    message: `${ctx.file} line ${lineAt(text, at)}: ${truncated ? 'JSON ends early (truncated)' : 'invalid JSON'}: ${err.message}`,
  });
}

/** A batch's `type` as a record kind, with its findings (against the declared kind; not a known type). */
function batchKind(t: unknown, ctx: FileContext): CdrKind | undefined {
  const k = typeof t === 'string' ? (['sms', 'voice', 'data'].includes(t) ? (t as CdrKind) : ctx.L.typeValueToKind.get(t.toLowerCase())) : undefined;
  if (ctx.opts.kind && k && k !== ctx.opts.kind)
    ctx.finding({
      check: 'cdr.kind-mismatch',
      severity: 'error',
      pointer: '/type',
      message: `${ctx.file}: expected a ${ctx.opts.kind} batch, got type ${JSON.stringify(t)}`,
      expected: ctx.opts.kind,
      actual: String(t),
    });
  return k;
}

/** The records of a batch { type, records }, an array or a single record (and the file's kind); undefined for any other shape. */
function recordsOf(doc: unknown, ctx: FileContext): { records: unknown[]; base: string; fileKind: CdrKind | undefined } | undefined {
  if (Array.isArray(doc)) return { records: doc, base: '', fileKind: ctx.opts.kind };
  if (doc && typeof doc === 'object' && Array.isArray((doc as any).records)) {
    const t = (doc as any).type;
    const k = batchKind(t, ctx);
    if (t !== undefined && !k)
      ctx.finding({
        check: 'cdr.value',
        severity: 'warning',
        pointer: '/type',
        message: `${ctx.file}: batch type ${JSON.stringify(t)} is not sms, voice or data; record types taken from each record`,
        actual: String(t),
      });
    return { records: (doc as any).records, base: '/records', fileKind: ctx.opts.kind ?? k };
  }
  if (doc && typeof doc === 'object') return { records: [doc], base: '', fileKind: ctx.opts.kind };
  ctx.finding({
    check: 'cdr.json-shape',
    severity: 'error',
    pointer: '/',
    message: `${ctx.file}: JSON is neither a batch { type, records: [...] }, an array nor a record`,
    actual: typeof doc,
  });
  return undefined;
}

export async function* parseJson(body: AsyncGenerator<Buffer>, ctx: FileContext): AsyncGenerator<CdrStreamItem[]> {
  const text = await readJsonText(body, ctx);
  if (text === undefined) return;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err: any) {
    if (parseNdjson(text, ctx)) yield ctx.queue.splice(0);
    else reportJsonSyntax(text, err, ctx);
    return;
  }
  const found = recordsOf(doc, ctx);
  if (!found) return;
  const { records, base, fileKind } = found;
  if (records.length === 0)
    ctx.finding({ check: 'cdr.empty-file', severity: 'warning', pointer: base || '/', message: `${ctx.file}: batch holds no records`, actual: '0 records' });
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
      else
        ctx.finding({
          check: 'cdr.value',
          severity: 'error',
          line,
          pointer: `${pointer}/${k}`,
          message: `${ctx.file} ${pointer}: unknown record type ${JSON.stringify(v)}`,
          actual: v,
        });
      break;
    }
  }
  if (!kind) kind = kindFromFileName(L, ctx.file);
  if (!kind) {
    ctx.once('no-kind', {
      check: 'cdr.unknown-kind',
      severity: 'error',
      line,
      pointer,
      message: `${ctx.file}: cannot tell the record type of ${pointer} (no type field, batch type or file name)`,
    });
    ctx.summary.invalid++;
    return;
  }
  const info = L.kinds[kind];
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) {
    const canon = info.byExternalLower.get(k.toLowerCase()) ?? (info.fieldTypes[k] ? k : undefined);
    if (!canon) {
      const knownElsewhere = (Object.keys(L.kinds) as CdrKind[]).some((o) => L.kinds[o].byExternalLower.has(k.toLowerCase()));
      ctx.once(`unknown:${kind}:${k}`, {
        check: 'cdr.header.unknown-column',
        severity: 'warning',
        line,
        pointer: `${pointer}/${k}`,
        message: `${ctx.file}: field ${JSON.stringify(k)} is not a ${kind} field in mapping.json${knownElsewhere ? ' (it belongs to another record type)' : ''} (ignored)`,
        actual: k,
      });
      continue;
    }
    if (typeof v === 'string' && v.includes(REPLACEMENT))
      ctx.finding({
        check: 'cdr.encoding',
        severity: 'error',
        line,
        pointer: `${pointer}/${k}`,
        message: `${ctx.file} ${pointer}/${k}: value holds bytes that are not valid UTF-8`,
      });
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
