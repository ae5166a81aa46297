/**
 * Value normalisation for the semantic checks: what counts as "the same value" when a platform reads back what
 * the suite wrote. Benign representation differences are NOT differences: numbers vs numeric strings ("0.00" / 0,
 * "$12.34" / 12.34), "true" / true, E.164 vs national digits, key casing (IpWhitelist / IpWhiteList), date formats
 * (11/29/2026, 2026-11-29T00:00:00, "16:45:59 MST 2026-01-23" — compared by calendar day), string case and padding,
 * and per field the spellings a ruling names (NumberType mvno / Mobile, ThrottleSpeed 1-mbps / thr1024kbps, an ICCID
 * with its F filler). A legacy form a ruling only tolerates (VoiceRouteId T9992774; an address Country answered null, as
 * the vendor's account/create example does) stays a difference, marked so.
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

/**
 * One canonical form of a ThrottleSpeed: the request's "1-mbps" and the settings read-back's "thr1024kbps" (vendor
 * example) name one speed — a kbps figure that is a whole number of megabits (×1024 or ×1000) reads as that many mbps.
 */
function throttleSpeed(v: string): string | undefined {
  const m = /^(?:thr)?(\d+)-?(kbps|mbps)$/i.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2].toLowerCase() === 'mbps') return `${n}m`;
  if (n >= 1000 && n % 1024 === 0) return `${n / 1024}m`;
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}m` : `${n}k`;
}

/** per field: the documented spellings of one value, mapped to one canonical form (a ruling names each) */
const FIELD_SPELLINGS: Array<{ key: RegExp; canon: (v: string) => string | undefined }> = [
  // R-number-type: an mvno line reads "mobile" / "Mobile" (vendor availability, inventory, GET /v1.0/numbers examples)
  {
    key: /^(numbertype|classification)$/i,
    canon: (v) =>
      v
        .trim()
        .toLowerCase()
        .replace(/^mobile$/, 'mvno'),
  },
  // R-throttle-speed: "1-mbps" reads back "thr1024kbps" (vendor data-usage/settings example)
  { key: /^throttlespeed$/i, canon: throttleSpeed },
  // R-iccid-format: an ICCID padded with the filler nibble F is the same SIM (vendor example "…557414F")
  { key: /^iccid$/i, canon: (v) => v.trim().replace(/^(\d{18,21})f$/i, '$1') },
];

/** read values a ruling tolerates in place of what was written (`null`: answered null): a warning naming it, not a failure */
const TOLERATED_READS: Array<{ key: RegExp; read: RegExp | null; ruling: string }> = [
  // the vendor's GET /v1.0/numbers example shows VoiceRouteId "T9992774" — a legacy ID, not the CRID assigned
  { key: /^voicerouteid$/i, read: /^T\d+$/, ruling: 'R-id-voice-route-legacy' },
  // the vendor's account/create example answers BillingAddress.Country null to the request that sent "USA"
  { key: /^country$/i, read: null, ruling: 'R-address-country' },
];

/** `w` and `r` are spellings of one value of field `key` that a ruling names */
export function sameSpelling(key: string | undefined, w: unknown, r: unknown): boolean {
  if (!key || typeof w !== 'string' || typeof r !== 'string') return false;
  const rule = FIELD_SPELLINGS.find((x) => x.key.test(key));
  const cw = rule?.canon(w);
  return cw !== undefined && cw === rule?.canon(r);
}

/** the ruling that tolerates reading `r` in field `key`, if any */
export function toleratedRead(key: string | undefined, r: unknown): string | undefined {
  if (!key) return undefined;
  return TOLERATED_READS.find((x) => x.key.test(key) && (x.read === null ? r === null : typeof r === 'string' && x.read.test(r)))?.ruling;
}

export interface Diff {
  path: string;
  written: unknown;
  read: unknown;
  /** a ruling tolerates the read value (a warning, not a failure) */
  tolerated?: string;
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
export function diffValues(written: unknown, read: unknown, path = '', key?: string): Diff[] {
  if (isBlank(written) || isRedacted(written) || isRedacted(read) || read === undefined) return [];
  if (Array.isArray(written)) {
    const list = Array.isArray(read) ? read : [read];
    const missing = written.filter(
      (w) => !isBlank(w) && !list.some((r) => diffValues(w, r, '', key).length === 0 || diffValues(unwrap(w), unwrap(r), '', key).length === 0),
    );
    return missing.length ? [{ path, written: missing.length === 1 ? missing[0] : missing, read }] : [];
  }
  if (isObj(written)) {
    if (!isObj(read)) return diffValues(unwrap(written), read, path, key);
    const out: Diff[] = [];
    for (const [k, w] of Object.entries(written)) {
      if (isSecretKey(k)) continue;
      const got = getCi(read, k);
      if (got) out.push(...diffValues(w, got.value, `${path}/${got.key}`, k));
    }
    return out;
  }
  const same = (r: unknown) => sameScalar(written, r) || sameSpelling(key, written, r);
  if (Array.isArray(read)) return read.some((r) => same(unwrap(r))) ? [] : [{ path, written, read }];
  const r = unwrap(read);
  if (same(r)) return [];
  const tolerated = toleratedRead(key, r);
  return [tolerated ? { path, written, read, tolerated } : { path, written, read }];
}

/** short rendering of a value for a message */
export function show(v: unknown): string {
  const s = typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? 'missing');
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}
