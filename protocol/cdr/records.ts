/** One record, whatever its format: its kind, its values converted to the schema's types, validation, consistency, duplicates. */
import type { KindInfo, LoadedMapping } from './mapping';
import { ajvErrorToFinding } from './mapping';
import type { FileContext } from './context';
import type { CdrKind } from './types';

/** The record type the file name names (mapping `fileNamePattern`), when exactly one matches. */
export function kindFromFileName(L: LoadedMapping, file: string): CdrKind | undefined {
  const lower = file.toLowerCase();
  const hits = (Object.keys(L.kinds) as CdrKind[]).filter((k) => {
    const p = L.kinds[k].mapping.fileNamePattern;
    return p && lower.includes(p.toLowerCase());
  });
  return hits.length === 1 ? hits[0] : undefined;
}

export function noteKind(ctx: FileContext, kind: CdrKind, line: number | undefined, pointer?: string): void {
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
        message: `${ctx.file} ${line !== undefined ? `line ${line}` : (pointer ?? '')}: a ${kind} record in a file that already holds ${others.join(', ')} records; voice, SMS and data must come in separate files`,
        expected: 'one record type per file',
        actual: [...others, kind].join('+'),
      });
    }
    k[kind] = 0;
  }
  k[kind]!++;
}

const INT_RE = /^-?\d{1,15}$/;

export function convert(info: KindInfo, canon: string, raw: unknown, out: Record<string, unknown>, parseDate: (raw: string) => string | undefined): void {
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
  } else if (t === 'word') {
    out[canon] = info.words[canon].get(raw.toLowerCase()) ?? raw; // any case; another word -> the schema's enum error
  } else {
    out[canon] = raw;
  }
}

export function checkRecord(ctx: FileContext, kind: CdrKind, fields: Record<string, unknown>, line: number | undefined, pointerBase = ''): boolean {
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
      ctx.finding({
        ...f,
        line,
        pointer: pointerBase + f.pointer,
        actual,
        message: `${ctx.file} ${where}: ${kind} ${ext ?? f.pointer}: ${e.message}${e.keyword === 'required' ? '' : ` (got ${actual})`}`,
      });
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
      ctx.finding({
        check: 'cdr.duplicate',
        severity: 'error',
        line,
        kind,
        pointer: pointerBase || undefined,
        message: `${ctx.file} ${line !== undefined ? `line ${line}` : pointerBase}: duplicate ${kind} record (${label})${line !== undefined ? `, first seen at line ${first}` : ''}`,
        actual: label,
      });
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
  if (
    (n === 24 || n === 20) &&
    s.charCodeAt(n - 1) === 90 &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58 &&
    (n === 20 || s.charCodeAt(19) === 46)
  ) {
    const y = digits(s, 0, 4);
    const mo = digits(s, 5, 7);
    const d = digits(s, 8, 10);
    const h = digits(s, 11, 13);
    const mi = digits(s, 14, 16);
    const se = digits(s, 17, 19);
    const ms = n === 24 ? digits(s, 20, 23) : 0;
    if (y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && d <= 28 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && se >= 0 && se <= 59 && ms >= 0)
      return Date.UTC(y, mo - 1, d, h, mi, se, ms);
  }
  return Date.parse(s);
}

function consistency(ctx: FileContext, kind: CdrKind, f: Record<string, any>, line: number | undefined, pointerBase: string): void {
  if (kind === 'voice') {
    const s = isoMs(f.startTime);
    const e = isoMs(f.endTime);
    const a = f.answerTime ? isoMs(f.answerTime) : NaN;
    const where = line !== undefined ? `line ${line}` : pointerBase;
    if (e < s)
      ctx.finding({
        check: 'cdr.consistency',
        severity: 'error',
        line,
        kind,
        pointer: `${pointerBase}/endTime`,
        message: `${ctx.file} ${where}: voice endTime is before startTime`,
      });
    if (f.disposition === 'ANSWERED' && Number.isNaN(a))
      ctx.finding({
        check: 'cdr.consistency',
        severity: 'error',
        line,
        kind,
        pointer: `${pointerBase}/answerTime`,
        message: `${ctx.file} ${where}: ANSWERED call without answerTime`,
      });
    if (!Number.isNaN(a)) {
      const expect = Math.ceil((e - a) / 1000);
      if (Math.abs(expect - f.durationSeconds) > 1)
        ctx.finding({
          check: 'cdr.consistency',
          severity: 'error',
          line,
          kind,
          pointer: `${pointerBase}/durationSeconds`,
          expected: String(expect),
          actual: String(f.durationSeconds),
          message: `${ctx.file} ${where}: voice durationSeconds ${f.durationSeconds} but answerTime..endTime is ${expect} s`,
        });
    } else if (f.durationSeconds > 0) {
      ctx.finding({
        check: 'cdr.consistency',
        severity: 'error',
        line,
        kind,
        pointer: `${pointerBase}/durationSeconds`,
        expected: '0',
        actual: String(f.durationSeconds),
        message: `${ctx.file} ${where}: unanswered call with durationSeconds ${f.durationSeconds}`,
      });
    }
  } else if (kind === 'data') {
    if (isoMs(f.endTime) < isoMs(f.startTime))
      ctx.finding({
        check: 'cdr.consistency',
        severity: 'error',
        line,
        kind,
        pointer: `${pointerBase}/endTime`,
        message: `${ctx.file} ${line !== undefined ? `line ${line}` : pointerBase}: data endTime is before startTime`,
      });
  }
}
