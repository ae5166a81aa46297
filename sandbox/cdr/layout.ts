/**
 * The CDR layout: external column names (schemas/cdr/mapping.json) ↔ canonical fields, CSV and JSON rendering.
 * Provisional — ruling R-cdr-layout; the vendor does not publish the layout.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { CanonicalCdr, CdrRecordKind } from './types';

export interface Layout {
  columns: Record<CdrRecordKind, Array<[string, string]>>; // [external, canonical]
}

export function loadLayout(): Layout {
  const file = path.resolve(__dirname, '..', '..', 'schemas', 'cdr', 'mapping.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  const columns = {} as Layout['columns'];
  for (const k of ['sms', 'voice', 'data'] as CdrRecordKind[]) columns[k] = Object.entries<string>(m.kinds[k].columns);
  return { columns };
}

/** the record kind of a type word, in any case (benign cdr-api-spellings writes "SMS") */
export const kindOf = (t: CanonicalCdr['type']): CdrRecordKind => {
  const k = t.toLowerCase();
  return (k === 'mms' ? 'sms' : k) as CdrRecordKind;
};

/** Render records as CSV with the mapping's external column names (union of columns for a merged file). */
/**
 * The CSV file of `records`. `variant` (benign cdr-wire-variants) writes what RFC 4180 also allows: every field quoted
 * (§2.5), CRLF line ends (§2.1), the header names in upper case and a trailing empty line.
 */
export function renderCsv(records: CanonicalCdr[], kinds: CdrRecordKind[], layout = loadLayout(), variant = false): string {
  const cols: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const k of kinds)
    for (const c of layout.columns[k])
      if (!seen.has(c[0])) {
        seen.add(c[0]);
        cols.push(c);
      }
  const rows = records.map((r) => cols.map(([, canon]) => (r[canon] === null || r[canon] === undefined ? '' : String(r[canon]))));
  if (!variant) return stringify([cols.map(([ext]) => ext), ...rows], { record_delimiter: '\n' });
  return stringify([cols.map(([ext]) => ext.toUpperCase()), ...rows], { record_delimiter: '\r\n', quoted: true, quoted_empty: true }) + '\r\n';
}

/** JSON batch records use the same external names as the CSV columns. */
export function renderJsonRecord(r: CanonicalCdr, layout = loadLayout()): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [ext, canon] of layout.columns[kindOf(r.type)]) if (r[canon] !== undefined) out[ext] = r[canon];
  return out;
}
