/**
 * Secret redaction for everything the suite prints, logs, attaches or writes to reports.
 *
 * Two mechanisms, applied together by `redact()`:
 *  1. registered values: every value passed to `registerSecret()` (AccountSecret, bearer tokens,
 *     route passwords/tokens, port-in account passwords, port-out PINs, SMTP passwords…) is replaced
 *     by `[REDACTED]` wherever it occurs inside any string, at any depth;
 *  2. sensitive keys: the value of any key whose name looks like a secret (secret, password,
 *     passwordtoken, token, pin, authorization) is masked — strings and numbers only, so harmless
 *     booleans and nulls (`successful: true`, `PinRequired: false`) stay readable.
 * Bearer credentials written inline (`Bearer abc…`) are masked in every string as well.
 *
 * This module is a leaf (no project imports): the sandbox, the client, the contract layer and the
 * reporter all use it.
 */

export const REDACTED = '[REDACTED]';

/** the values registered, as given (their spellings are in `secrets`) */
const registered = new Set<string>();
const secrets = new Set<string>();
let secretList: string[] = [];
let secretRegex: RegExp | null = null;
/** a secret was registered since the pattern was built: rebuilt on the next use, not on every registration */
let stale = false;

/** Minimum length of a registered value; shorter values would mask too much unrelated text. */
const MIN_SECRET_LENGTH = 4;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The spellings a secret takes on its way through URLs, JSON, forms and XML reports: each is masked too (an echoed
 * `"AccountSecret":"a\\"b"` must not print the secret JSON-escaped). Computed from the raw value only — never from
 * an encoded one (encoding an encoding again never ends: `%` → `%25` → `%2525` …).
 */
function spellingsOf(s: string): string[] {
  const url = encodeURIComponent(s);
  const form = new URLSearchParams({ x: s }).toString().slice(2); // a query built by URLSearchParams (also !'()~)
  const xml = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    s,
    url,
    url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    url.replace(/%20/g, '+'),
    form,
    form.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    JSON.stringify(s).slice(1, -1),
    xml,
    xml.replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
    xml.replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
  ];
}

/** Register a secret value: from now on it is replaced by `[REDACTED]` in everything `redact()` returns. */
export function registerSecret(value: unknown): void {
  if (value === undefined || value === null) return;
  const s = String(value);
  if (s.length < MIN_SECRET_LENGTH || registered.has(s)) return;
  registered.add(s);
  for (const form of spellingsOf(s)) if (form.length >= MIN_SECRET_LENGTH) secrets.add(form);
  stale = true;
}

/** the pattern of every spelling, built when first needed after a registration (tokens register one by one) */
function pattern(): RegExp | null {
  if (!stale) return secretRegex;
  stale = false;
  // longest first so that a secret containing another one is replaced whole
  secretList = [...secrets].sort((a, b) => b.length - a.length);
  // short values (PINs, 4–7 characters) only as whole tokens, so that "0000" does not eat the middle of an ID
  secretRegex = new RegExp(secretList.map((x) => (x.length < 8 ? `(?<![A-Za-z0-9])${escapeRegExp(x)}(?![A-Za-z0-9])` : escapeRegExp(x))).join('|'), 'g');
  return secretRegex;
}

/** Number of registered secrets (for self-tests and diagnostics; never the values). */
export function registeredSecretCount(): number {
  return registered.size;
}

/** Forget every registered secret (self-tests only). */
export function clearSecrets(): void {
  registered.clear();
  secrets.clear();
  secretList = [];
  secretRegex = null;
  stale = false;
}

const SENSITIVE_WORDS = new Set(['secret', 'password', 'passwordtoken', 'passwd', 'token', 'pin', 'authorization', 'apikey', 'cookie']);
const SENSITIVE_SUBSTRINGS = /secret|password|passwd|token|authorization|api[-_]?key|cookie/i;
/** keys that contain a sensitive word but carry harmless metadata */
const HARMLESS_KEY = /(expiry|expires|expiration|expiresin|type|required|enabled|length|count|scope|url|endpoint)$/i;

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.:]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** isSensitiveKey's verdicts: the same few hundred keys recur in every ledger write and evidence record */
const keyVerdicts = new Map<string, boolean>();

/** True when the value stored under `key` must be masked. `pin` only as a whole word (not "mapping", "shipping"). */
export function isSensitiveKey(key: string): boolean {
  let verdict = keyVerdicts.get(key);
  if (verdict === undefined) {
    verdict = sensitiveKey(key);
    if (keyVerdicts.size < 5000) keyVerdicts.set(key, verdict);
  }
  return verdict;
}

function sensitiveKey(key: string): boolean {
  if (!key) return false;
  if (HARMLESS_KEY.test(key) && !/^(authorization|token|secret|password|pin)$/i.test(key)) return false;
  if (SENSITIVE_SUBSTRINGS.test(key)) return true;
  return keyWords(key).some((w) => SENSITIVE_WORDS.has(w));
}

// a credential, not prose: "Basic auth" stays readable, "Basic dXNlcjpwYXNz" / "Bearer abc.def" do not
const BEARER = /\b(Bearer|Basic)\s+(?=[A-Za-z0-9._~+/=-]*[0-9=._~+/A-Z])[A-Za-z0-9._~+/=-]{6,}/g;

/** Redact one string: registered secrets and inline bearer/basic credentials. */
export function redactString(s: string): string {
  let out = s;
  const re = pattern();
  if (re && out.length >= MIN_SECRET_LENGTH) out = out.replace(re, REDACTED);
  if (out.includes('Bearer') || out.includes('Basic')) out = out.replace(BEARER, (_m, scheme) => `${scheme} ${REDACTED}`);
  return out;
}

function maskValue(v: unknown): unknown {
  if (typeof v === 'string') return v.length === 0 || /^(\w+ )?\[REDACTED\]$/.test(v) ? v : REDACTED;
  if (typeof v === 'number' || typeof v === 'bigint') return REDACTED;
  return undefined; // not masked here (booleans, null, objects handled by caller)
}

/**
 * Deep redaction. Returns a redacted copy (the input is never modified). Handles strings, arrays,
 * plain objects, Errors (name/message/stack), Maps, Buffers (left as a length marker) and cycles.
 */
export function redact<T>(value: T): T {
  return redactInner(value, undefined, new WeakMap()) as T;
}

function redactInner(value: unknown, key: string | undefined, seen: WeakMap<object, unknown>): unknown {
  if (key !== undefined && isSensitiveKey(key)) {
    const m = maskValue(value);
    if (m !== undefined) return m;
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' || typeof v === 'number' ? REDACTED : redactInner(v, undefined, seen)));
  }
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactString(value.message) };
    if (value.stack) out.stack = redactString(value.stack);
    seen.set(value, out);
    for (const [k, v] of Object.entries(value)) out[k] = redactInner(v, k, seen);
    return out;
  }
  if (value instanceof Date) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const v of value) out.push(redactInner(v, undefined, seen));
    return out;
  }
  if (value instanceof Map) {
    const out = new Map();
    seen.set(value, out);
    for (const [k, v] of value) out.set(k, redactInner(v, typeof k === 'string' ? k : undefined, seen));
    return out;
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactInner(v, k, seen);
  return out;
}

type HeaderValue = string | string[] | number | undefined | null;
const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token']);

/** Redact HTTP headers (plain object, array of pairs, or a WHATWG `Headers`). Returns a plain object. */
export function redactHeaders(headers: Record<string, HeaderValue> | Iterable<[string, string]> | undefined | null): Record<string, HeaderValue> {
  const out: Record<string, HeaderValue> = {};
  if (!headers) return out;
  const entries: Iterable<[string, HeaderValue]> =
    typeof (headers as Iterable<[string, string]>)[Symbol.iterator] === 'function'
      ? (headers as Iterable<[string, string]>)
      : Object.entries(headers as Record<string, HeaderValue>);
  for (const [name, v] of entries) {
    const lower = name.toLowerCase();
    if (SENSITIVE_HEADERS.has(lower) || isSensitiveKey(name)) {
      if (v === undefined || v === null) out[name] = v;
      else if (lower === 'authorization' || lower === 'proxy-authorization') {
        const s = String(v);
        const sp = s.indexOf(' ');
        out[name] = sp > 0 ? `${s.slice(0, sp)} ${REDACTED}` : REDACTED;
      } else out[name] = Array.isArray(v) ? v.map(() => REDACTED) : REDACTED;
    } else if (Array.isArray(v)) out[name] = v.map((x) => redactString(String(x)));
    else out[name] = typeof v === 'string' ? redactString(v) : v;
  }
  return out;
}
