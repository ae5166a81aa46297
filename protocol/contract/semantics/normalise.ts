/**
 * Value normalisation for the semantic checks: what counts as "the same value" when a platform reads back what
 * the suite wrote. Benign representation differences are NOT differences: numbers vs numeric strings ("0.00" / 0,
 * "$12.34" / 12.34), "true" / true, E.164 vs national digits, key casing (IpWhitelist / IpWhiteList), date formats
 * (11/29/2026, 2026-11-29T00:00:00, "16:45:59 MST 2026-01-23" — compared by calendar day), string case and padding.
 * Secrets (passwords, tokens, PINs) are never compared (they are redacted in the records anyway).
 */
export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
export const isSecretKey = (k: string): boolean => /password|secret|token|pin$/i.test(k);
export const isRedacted = (v: unknown): boolean => typeof v === 'string' && /\[REDACTED/.test(v);
/** nothing was written: null, undefined, '', [] */
export const isBlank = (v: unknown): boolean => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** the value of `key` in `o`, key matched case-insensitively */
export function getCi(o: Obj, key: string): { key: string; value: unknown } | undefined {
  if (key in o) return { key, value: o[key] };
  const lk = key.toLowerCase();
  const k = Object.keys(o).find((x) => x.toLowerCase() === lk);
  return k === undefined ? undefined : { key: k, value: o[k] };
}

export function phoneDigits(v: unknown): string | undefined {
  if (typeof v !== 'string' || !/^\+?[\d\s().-]{10,18}$/.test(v.trim())) return undefined;
  let d = v.replace(/\D/g, '');
  if (d.length === 11 && d.startsWith('1')) d = d.slice(1);
  return d.length >= 10 ? d : undefined;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*\$?-?\d+(\.\d+)?\s*$/.test(v)) return Number(v.replace(/[$\s]/g, ''));
  return undefined;
}

function asBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  return undefined;
}

/** calendar day of a date in any of the vendor's formats (no zone conversion: each side's own day) */
export function calendarDay(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+[\d:]+(?:\s*[AP]M)?)?$/i.exec(s);
  if (m) return `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`;
  m = /^\d{1,2}:\d{2}:\d{2}\s+[A-Z]{2,5}\s+(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  return undefined;
}

/** two scalar values mean the same thing */
export function sameScalar(w: unknown, r: unknown): boolean {
  if (w === r) return true;
  if (r === null || r === undefined) return false;
  if (typeof w === 'string' && typeof r === 'string' && w.trim().toLowerCase() === r.trim().toLowerCase()) return true;
  const pw = phoneDigits(w);
  const pr = phoneDigits(r);
  if (pw && pr) return pw === pr;
  const dw = calendarDay(w);
  const dr = calendarDay(r);
  if (dw && dr) return dw === dr;
  const bw = asBool(w);
  const br = asBool(r);
  if (bw !== undefined && br !== undefined) return bw === br;
  const nw = asNumber(w);
  const nr = asNumber(r);
  // long digit strings (ICCIDs) are identifiers, not quantities: compared as text above
  if (nw !== undefined && nr !== undefined && String(w).replace(/\D/g, '').length <= 15 && String(r).replace(/\D/g, '').length <= 15)
    return Math.abs(nw - nr) < 1e-9;
  return false;
}

export interface Diff {
  path: string;
  written: unknown;
  read: unknown;
}

/** a one-key object stands for its value ({ Number: '+1…' } ~ '+1…') */
function unwrap(v: unknown): unknown {
  if (isObj(v)) {
    const ks = Object.keys(v);
    if (ks.length === 1) return v[ks[0]];
  }
  return v;
}

/**
 * Where `read` says something different from `written`. Only what was written is compared (overlapping keys,
 * case-insensitive); a written array must be found element by element in the read one (the platform may add).
 */
export function diffValues(written: unknown, read: unknown, path = ''): Diff[] {
  if (isBlank(written) || isRedacted(written) || isRedacted(read) || read === undefined) return [];
  if (Array.isArray(written)) {
    const list = Array.isArray(read) ? read : [read];
    const missing = written.filter((w) => !isBlank(w) && !list.some((r) => diffValues(w, r).length === 0 || diffValues(unwrap(w), unwrap(r)).length === 0));
    return missing.length ? [{ path, written: missing.length === 1 ? missing[0] : missing, read }] : [];
  }
  if (isObj(written)) {
    if (!isObj(read)) return diffValues(unwrap(written), read, path);
    const out: Diff[] = [];
    for (const [k, w] of Object.entries(written)) {
      if (isSecretKey(k)) continue;
      const got = getCi(read, k);
      if (got) out.push(...diffValues(w, got.value, `${path}/${got.key}`));
    }
    return out;
  }
  if (Array.isArray(read)) return read.some((r) => sameScalar(written, unwrap(r))) ? [] : [{ path, written, read }];
  return sameScalar(written, unwrap(read)) ? [] : [{ path, written, read }];
}

/** short rendering of a value for a message */
export function show(v: unknown): string {
  const s = typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? 'missing');
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}
