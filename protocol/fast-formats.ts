/**
 * Faster `date-time` and `uri` formats for ajv, with exactly ajv-formats' verdicts.
 *
 * ajv-formats' full `date-time` splits the string with a regular expression and runs two capturing
 * regular expressions (five allocations per value). `fastDateTime` recognises the common RFC 3339 shape
 * (`2026-11-23T18:00:01.123Z`, `…+02:00`) with character codes only; it answers `true` only when
 * ajv-formats would, and anything it does not recognise goes to ajv-formats' own function — so what is
 * accepted and rejected (and reported) does not change. `fastUri` does the same for the 800-character
 * `uri` regular expression.
 */
import type Ajv from 'ajv';

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** true only for a valid `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` (a subset of what ajv-formats accepts). */
export function fastDateTime(s: string): boolean {
  const n = s.length;
  if (n < 20) return false;
  const y1 = d2(s, 0);
  const y2 = d2(s, 2);
  if (y1 < 0 || y2 < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const t = s.charCodeAt(10);
  if (t !== 84 && t !== 116) return false;
  const mo = d2(s, 5);
  const d = d2(s, 8);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const y = y1 * 100 + y2;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (mo === 2 && leap ? 29 : DAYS[mo])) return false;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  const h = d2(s, 11);
  const mi = d2(s, 14);
  const se = d2(s, 17);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return false;
  let i = 19;
  if (s.charCodeAt(i) === 46) {
    const st = ++i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    if (i === st) return false;
  }
  if (i >= n) return false;
  const z = s.charCodeAt(i);
  if ((z === 90 || z === 122) && i + 1 === n) return true;
  if ((z === 43 || z === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
    const th = d2(s, i + 1);
    const tm = d2(s, i + 4);
    return th >= 0 && th <= 23 && tm >= 0 && tm <= 59;
  }
  return false;
}

/** URI characters: 1 host (reg-name), 2 pchar (path), 4 query / fragment — RFC 3986 sets without '%'. */
const URI_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const unreservedOrSub = /[A-Za-z0-9\-._~!$&'()*+,;=]/.test(ch);
  URI_CLASS[c] = (unreservedOrSub ? 1 : 0) | (unreservedOrSub || ch === ':' || ch === '@' ? 2 : 0) | (unreservedOrSub || ':@/?'.includes(ch) ? 4 : 0);
}

/**
 * true only for `scheme://host[:port][/path][?query][#fragment]` written with unreserved / sub-delim
 * characters (no percent escapes, no user info, no IP literal): a subset of ajv-formats' full `uri`.
 */
export function fastUri(s: string): boolean {
  const n = s.length;
  let c = s.charCodeAt(0);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  let i = 1;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) break;
  }
  if (c !== 58 || s.charCodeAt(i + 1) !== 47 || s.charCodeAt(i + 2) !== 47) return false;
  i += 3;
  while (i < n && (c = s.charCodeAt(i)) < 128 && URI_CLASS[c] & 1) i++;
  if (i < n && s.charCodeAt(i) === 58) for (i++; i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57;) i++;
  while (i < n && s.charCodeAt(i) === 47) for (i++; i < n && (c = s.charCodeAt(i)) < 128 && URI_CLASS[c] & 2;) i++;
  if (i < n && s.charCodeAt(i) === 63) for (i++; i < n && (c = s.charCodeAt(i)) < 128 && URI_CLASS[c] & 4;) i++;
  if (i < n && s.charCodeAt(i) === 35) for (i++; i < n && (c = s.charCodeAt(i)) < 128 && URI_CLASS[c] & 4;) i++;
  return i === n;
}

type FormatFn = (s: string) => boolean;

/** a format that answers with `fast` first and falls back to `orig` (a regular-expression format is left as it is) */
export function fasterFormat<F>(orig: F, fast: FormatFn): F | { type: 'string'; validate: FormatFn; compare?: (a: string, b: string) => number | undefined } {
  const slow = typeof orig === 'function' ? (orig as FormatFn) : (orig as { validate?: unknown } | undefined)?.validate;
  if (!orig || typeof slow !== 'function') return orig;
  const compare = typeof orig === 'object' ? (orig as { compare?: (a: string, b: string) => number | undefined }).compare : undefined;
  const validate = (s: string): boolean => fast(s) || (slow as FormatFn)(s);
  return compare ? { type: 'string', validate, compare } : { type: 'string', validate };
}

function speedUp(ajv: Ajv, name: string, fast: FormatFn): void {
  const orig = (ajv as unknown as { formats: Record<string, unknown> }).formats[name];
  const f = fasterFormat(orig, fast);
  if (f !== orig) ajv.addFormat(name, f as Parameters<Ajv['addFormat']>[1]);
}

/** Replace ajv-formats' `date-time` and `uri` by the fast recognisers above, the originals as fallback. */
export function useFastFormats(ajv: Ajv): void {
  speedUp(ajv, 'date-time', fastDateTime);
  speedUp(ajv, 'uri', fastUri);
}

/** Only `date-time` (the CDR schemas). */
export function useFastDateTime(ajv: Ajv): void {
  speedUp(ajv, 'date-time', fastDateTime);
}
