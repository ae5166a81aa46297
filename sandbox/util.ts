import { randomUUID, randomFillSync } from 'node:crypto';
import { formatVendorDateTime, PLATFORM_TIME_ZONE } from '../protocol/dates';

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public headers?: Record<string, string>,
  ) {
    super(message);
  }
}
export const bad = (msg: string) => new ApiError(400, msg);
export const notFound = (msg: string) => new ApiError(404, msg);

/** canonical ID prefixes used by the sandbox (see sandbox/README.md "IDs") */
export const PREFIX = {
  distributor: 'DID-',
  account: 'AID-',
  subscriber: 'TSUID-',
  messageRoute: 'MRID-',
  voiceRoute: 'CRID-',
  product: 'PRID-',
  package: 'PID-',
  packageItem: 'PIID-',
  number: 'NID-',
  order: 'JNUOID-',
  subscription: 'SUB-',
  callFilter: 'CFID-',
  messageFilter: 'MFID-',
  message: 'TMID-',
  webhook: 'WHID-',
  workgroup: 'WG-',
  workgroupActivity: 'WAID-',
  service: 'SID-',
  threshold: 'THID-',
  thresholdAssignment: 'TAID-',
  feature: 'FEID-',
  featureAssignment: 'FAID-',
  guardianRelation: 'GRID-',
  session: 'DSID-',
  call: 'CALL-',
} as const;

export function newId(prefix: string): string {
  return prefix + randomUUID();
}

/**
 * The other documented prefix a platform may issue for a kind of ID (benign modes; the README's known conflicts and
 * the R-id-* rulings): products PID- and packages PKID- (seed 003 §6.2, §7), subscribers SID- (the vendor's
 * subscription examples), numbers TNID- (GET /v1.0/numbers and numbers/inventory examples), port orders JNOID-
 * (numbers/portin and numbers/portout 200 examples) and number orders TNOID- (the OrderId of GET /v1.0/numbers).
 */
export const ALT_PREFIX_MODES: Record<string, { kinds: Array<keyof typeof PREFIX | 'portOrder'>; prefix: string }[]> = {
  'guide-id-prefixes': [
    { kinds: ['product'], prefix: 'PID-' },
    { kinds: ['package'], prefix: 'PKID-' },
  ],
  'subscriber-id-sid': [{ kinds: ['subscriber'], prefix: 'SID-' }],
  'number-id-tnid': [{ kinds: ['number'], prefix: 'TNID-' }],
  'order-id-alternates': [
    { kinds: ['portOrder'], prefix: 'JNOID-' },
    { kinds: ['order'], prefix: 'TNOID-' },
  ],
};

/**
 * An ICCID as the sandbox answers it: as stored, or (benign iccid-f-stored) a 19-digit ICCID padded with the filler
 * nibble F in every answer that carries it, as the vendor's GET /v1.0/numbers and numbers/update examples show it
 * ("8901240397190557414F"; ruling R-iccid-format).
 */
export function shownIccid<T>(active: { isDrift(name: string): boolean }, v: T): T | string {
  return active.isDrift('iccid-f-stored') && typeof v === 'string' && /^\d{19}$/.test(v) ? `${v}F` : v;
}

/** the prefix the sandbox issues for `kind`: the canonical one, or another documented one when a benign mode says so */
export function issuedPrefix(active: { isDrift(name: string): boolean }, kind: keyof typeof PREFIX | 'portOrder'): string {
  for (const [mode, alts] of Object.entries(ALT_PREFIX_MODES)) {
    if (!active.isDrift(mode)) continue;
    const alt = alts.find((a) => a.kinds.includes(kind));
    if (alt) return alt.prefix;
  }
  return kind === 'portOrder' ? PREFIX.order : PREFIX[kind];
}
/** 32 random bytes (base64url), cut from a pooled buffer of the CSPRNG: one system call per 256 tokens, not per token */
export function opaqueToken(): string {
  if (tokenPoolAt + 32 > tokenPool.length) {
    randomFillSync(tokenPool);
    tokenPoolAt = 0;
  }
  tokenPoolAt += 32;
  return tokenPool.toString('base64url', tokenPoolAt - 32, tokenPoolAt);
}
const tokenPool = Buffer.alloc(32 * 256);
let tokenPoolAt = tokenPool.length;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** vendor token expiry format: MM/DD/YYYY hh:mm:ss AM/PM (UTC) */
/** tokenExpiry as the vendor writes it: `MM/DD/YYYY hh:mm:ss AM/PM`, Mountain time (ruling R-token-expiry-tz). */
export function vendorExpiry(ms: number): string {
  // the format shows whole seconds: the last second formatted is remembered (tokens are issued many per second)
  const sec = Math.floor(ms / 1000);
  if (sec !== lastExpiry.sec) lastExpiry = { sec, text: formatVendorDateTime(ms, PLATFORM_TIME_ZONE) };
  return lastExpiry.text;
}
let lastExpiry = { sec: NaN, text: '' };
/** MM/DD/YYYY */
export function vendorDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`;
}
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
/** "2025-10-29T12:36:19.338438+00:00" style */
export function isoOffset(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/**
 * The API's request rule for phone numbers (8–15 digits). NOT protocol/e164.ts's isE164 (libphonenumber isPossible): the
 * vendor's own request examples carry numbers that rule refuses (selftest/sandbox/examples, values), so switching
 * would change which requests the sandbox accepts.
 */
export const E164 = /^\+[1-9]\d{7,14}$/;
export function isE164(s: unknown): s is string {
  return typeof s === 'string' && E164.test(s);
}

/** case-insensitive lookup of a query/body field */
export function pick(obj: Record<string, unknown> | undefined | null, ...names: string[]): any {
  if (!obj || typeof obj !== 'object') return undefined;
  for (const n of names) if (obj[n] !== undefined) return obj[n];
  const lower = names.map((n) => n.toLowerCase());
  for (const k of Object.keys(obj)) if (lower.includes(k.toLowerCase())) return obj[k];
  return undefined;
}

export function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  return String(v);
}

/** SMS segments: GSM-7 160/153, otherwise UCS-2 70/67 */
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\\[~\]|€]*$/;
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** text as a web layer that HTML-escapes what it stores or relays writes it (drift modes *-html-escaped) */
export function htmlEscaped(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/** the body as a GSM-7-only relay leaves it: each character outside the GSM 03.38 alphabet becomes "?" */
export function gsm7Lossy(body: string): string {
  return [...body].map((c) => (GSM7.test(c) ? c : '?')).join('');
}

/** the body cut into the parts a relay that does not reassemble concatenated SMS posts (153 GSM-7 / 67 UCS-2 per part) */
export function segmentParts(body: string): string[] {
  const chars = [...body];
  const per = GSM7.test(body) ? 153 : 67;
  if (segments(body) <= 1) return [body];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += per) parts.push(chars.slice(i, i + per).join(''));
  return parts;
}

export function segments(body: string): number {
  if (!body) return 1;
  if (GSM7.test(body)) return body.length <= 160 ? 1 : Math.ceil(body.length / 153);
  const len = [...body].length;
  return len <= 70 ? 1 : Math.ceil(len / 67);
}

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = -1;
  do {
    v /= 1024;
    i++;
  } while (v >= 1024 && i < units.length - 1);
  return `${Math.round(v * 100) / 100} ${units[i]}`;
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
