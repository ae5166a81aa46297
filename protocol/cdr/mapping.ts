/**
 * Loads schemas/cdr/mapping.json and the three CDR schemas, compiles the validators (ajv 8 + ajv-formats),
 * and provides the date conversion declared by the mapping.
 */
import Ajv, { type ValidateFunction, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { useFastDateTime } from '../fast-formats';
import { localToEpoch } from '../dates';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CdrFinding, CdrKind } from './types';

export const CDR_KINDS: readonly CdrKind[] = ['sms', 'voice', 'data'];
export const SCHEMAS_DIR = path.resolve(__dirname, '..', '..', 'schemas', 'cdr');

export interface KindMapping {
  schema: string;
  fileNamePattern?: string;
  key: string[];
  columns: Record<string, string>;
}

export interface CdrMapping {
  version: number;
  csv: { delimiter: string; quote: string; escape: string; header: boolean; encoding: string; recordDelimiter?: string };
  dateFormat: string;
  /** IANA zone for date patterns without an offset (default UTC) */
  timeZone?: string;
  typeColumn?: string;
  typeValues: Record<CdrKind, string[]>;
  kinds: Record<CdrKind, KindMapping>;
}

export interface KindInfo {
  kind: CdrKind;
  mapping: KindMapping;
  schema: any;
  validate: ValidateFunction;
  /** canonical field -> 'integer' | 'date-time' | 'nullable-date-time' | 'word' (a string enum) | 'string' */
  fieldTypes: Record<string, 'integer' | 'date-time' | 'nullable-date-time' | 'word' | 'string'>;
  /** 'word' fields: each enum value lower-cased -> its spelling in the schema (values are read in any case, R-cdr-spellings) */
  words: Record<string, Map<string, string>>;
  required: string[];
  /** external (file) name, lower-cased -> canonical */
  byExternalLower: Map<string, string>;
  /** canonical -> external name */
  externalOf: Record<string, string>;
}

export interface LoadedMapping {
  mapping: CdrMapping;
  kinds: Record<CdrKind, KindInfo>;
  /** type column value (lower-cased) -> kind */
  typeValueToKind: Map<string, CdrKind>;
  parseDate: (raw: string) => string | undefined;
  file: string;
}

let cached: LoadedMapping | undefined;

export function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function makeAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  useFastDateTime(ajv); // same verdicts, without ajv-formats' regular expressions on the common form
  return ajv;
}

/** Load (cached) the mapping and compiled validators. Pass a path or object to use another mapping (tests, partners). */
export function loadCdrMapping(mappingOverride?: string | CdrMapping): LoadedMapping {
  if (!mappingOverride && cached) return cached;
  const file = typeof mappingOverride === 'string' ? mappingOverride : path.join(SCHEMAS_DIR, 'mapping.json');
  const mapping: CdrMapping = typeof mappingOverride === 'object' ? mappingOverride : readJson(file);
  const ajv = makeAjv();
  const kinds = {} as Record<CdrKind, KindInfo>;
  for (const kind of CDR_KINDS) {
    const km = mapping.kinds[kind];
    const schema = readJson(path.join(SCHEMAS_DIR, km.schema));
    const validate = ajv.compile(schema);
    const { fieldTypes, words } = fieldTypesOf(schema);
    const byExternalLower = new Map<string, string>();
    const externalOf: Record<string, string> = {};
    for (const [ext, canon] of Object.entries(km.columns)) {
      byExternalLower.set(ext.toLowerCase(), canon);
      externalOf[canon] = ext;
    }
    kinds[kind] = { kind, mapping: km, schema, validate, fieldTypes, words, required: schema.required ?? [], byExternalLower, externalOf };
  }
  const typeValueToKind = new Map<string, CdrKind>();
  for (const kind of CDR_KINDS) for (const v of mapping.typeValues?.[kind] ?? []) typeValueToKind.set(v.toLowerCase(), kind);
  const loaded: LoadedMapping = { mapping, kinds, typeValueToKind, parseDate: makeDateParser(mapping.dateFormat, mapping.timeZone), file };
  if (!mappingOverride) cached = loaded;
  return loaded;
}

/** How each canonical field's raw value is converted: by its schema type; a string enum is a 'word' read in any case. */
function fieldTypesOf(schema: any): Pick<KindInfo, 'fieldTypes' | 'words'> {
  const fieldTypes: KindInfo['fieldTypes'] = {};
  const words: KindInfo['words'] = {};
  for (const [name, prop] of Object.entries<any>(schema.properties ?? {})) {
    const types: string[] = Array.isArray(prop.type) ? prop.type : [prop.type];
    if (types.includes('integer') || types.includes('number')) fieldTypes[name] = 'integer';
    else if (prop.format === 'date-time') fieldTypes[name] = types.includes('null') ? 'nullable-date-time' : 'date-time';
    else if (Array.isArray(prop.enum) && prop.enum.every((v: unknown) => typeof v === 'string')) {
      fieldTypes[name] = 'word';
      words[name] = new Map(prop.enum.map((v: string) => [v.toLowerCase(), v]));
    } else fieldTypes[name] = 'string';
  }
  return { fieldTypes, words };
}

/** Schema-validate one canonical record; returns findings (pointer = JSON pointer into the record). */
export function validateCdrRecord(kind: CdrKind, record: unknown, loaded = loadCdrMapping()): CdrFinding[] {
  const info = loaded.kinds[kind];
  if (info.validate(record)) return [];
  return (info.validate.errors ?? []).map((e) => ajvErrorToFinding(kind, e));
}

export function ajvErrorToFinding(kind: CdrKind, e: ErrorObject): CdrFinding {
  const pointer = e.keyword === 'required' ? `${e.instancePath}/${(e.params as any).missingProperty}` : e.instancePath || '/';
  return {
    check: 'cdr.schema',
    severity: 'error',
    kind,
    pointer,
    expected: e.keyword === 'required' ? 'present' : `${e.keyword} ${JSON.stringify(e.params)}`,
    actual: e.keyword === 'required' ? 'absent' : '',
    message: `${kind} record ${pointer}: ${e.message ?? e.keyword}`,
  };
}

// ---------------------------------------------------------------- dates

/** ISO 8601 without an offset, as the vendor's API writes date-times (OrderDate "2025-12-08T00:12:08.89"; R-datetime-offset) */
const ISO_NO_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;

/**
 * 'iso8601': a value with an offset (or Z) is canonical as it is — the schema's date-time format check validates it
 * (the fast path); one without an offset is read in the mapping's timeZone (R-cdr-spellings).
 */
function isoReader(toUtc: (t: number) => number): (raw: string) => string | undefined {
  return (raw) => {
    const last = raw.charCodeAt(raw.length - 1);
    if (last === 90 || last === 122) return raw; // 'Z' / 'z'
    const m = ISO_NO_OFFSET.exec(raw);
    const local = m ? wallClockMs(m) : NaN;
    return Number.isFinite(local) ? new Date(toUtc(local)).toISOString() : raw; // not a date: the schema reports it
  };
}

/** The wall-clock time of an ISO_NO_OFFSET match as if in UTC; NaN when a field is out of range (month 13, hour 25…). */
function wallClockMs(m: RegExpExecArray): number {
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  const t = Date.UTC(y, mo - 1, d, h, mi, s, m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0);
  const back = new Date(t);
  const same =
    back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && back.getUTCHours() === h && back.getUTCMinutes() === mi && back.getUTCSeconds() === s;
  return same ? t : NaN;
}

/**
 * Build a converter from the mapping's date format to ISO 8601 (UTC, 'Z').
 * Returns undefined when the value does not match the declared format.
 */
export function makeDateParser(format: string, timeZone = 'UTC'): (raw: string) => string | undefined {
  new Intl.DateTimeFormat('en-US', { timeZone }); // an unknown zone throws here, when the mapping is read
  const toUtc = (t: number) => localToEpoch(t, timeZone);
  if (format === 'iso8601') return isoReader(toUtc);
  if (format === 'epoch-ms' || format === 'epoch-s') {
    const mult = format === 'epoch-s' ? 1000 : 1;
    return (raw) => (/^\d{1,16}(\.\d+)?$/.test(raw) ? new Date(Number(raw) * mult).toISOString() : undefined);
  }
  // Pattern: yyyy MM dd HH hh mm ss SSS a, everything else literal.
  const tokens = ['yyyy', 'MM', 'dd', 'HH', 'hh', 'mm', 'ss', 'SSS', 'a'];
  const order: string[] = [];
  let re = '^';
  for (let i = 0; i < format.length;) {
    const tok = tokens.find((t) => format.startsWith(t, i));
    if (tok) {
      order.push(tok);
      re += tok === 'a' ? '(AM|PM)' : tok === 'yyyy' ? '(\\d{4})' : tok === 'SSS' ? '(\\d{1,3})' : '(\\d{1,2})';
      i += tok.length;
    } else {
      re += format[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    }
  }
  const rx = new RegExp(re + '$', 'i');
  return (raw) => {
    const m = rx.exec(raw.trim());
    if (!m) return undefined;
    const v: Record<string, string> = {};
    order.forEach((t, idx) => (v[t] = m[idx + 1]));
    let hour = Number(v.HH ?? v.hh ?? 0);
    if (v.a) {
      const pm = v.a.toUpperCase() === 'PM';
      if (hour === 12) hour = pm ? 12 : 0;
      else if (pm) hour += 12;
    }
    const ms = v.SSS ? Number(v.SSS.padEnd(3, '0')) : 0;
    const t = toUtc(Date.UTC(Number(v.yyyy), Number(v.MM ?? 1) - 1, Number(v.dd ?? 1), hour, Number(v.mm ?? 0), Number(v.ss ?? 0), ms));
    return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
  };
}
