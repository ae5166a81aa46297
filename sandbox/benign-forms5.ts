/**
 * Benign hunt 5 (sandbox/drift/modes-benign5.ts): more answers in forms the vendor's documents show, or that HTTP and
 * JSON allow — timestamps, list entry shapes, list order, serialisation (key order, whitespace, escapes), content
 * coding, transfer coding, transient refusals the retry policy covers, error-body extras, late webhooks.
 * Every transform works on a copy of the answer (the store's records are never touched).
 */
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';

type Json = unknown;
type Obj = Record<string, unknown>;
type Active = (name: string) => boolean;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const ISO_Z = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;

/** "…T17:23:23.123Z" → the same instant with `digits` fractional digits and `zone` ("Z" or "+00:00") */
export function fractionForm(v: unknown, digits: number, zone: string): unknown {
  const m = typeof v === 'string' ? ISO_Z.exec(v) : null;
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(digits, '0').slice(0, digits)}${zone}` : v;
}

/** copy of `o` with `fn` applied to the top-level key `key` (when present) */
function withKey(o: Json, key: string, fn: (v: unknown) => unknown): Json {
  return isObj(o) && key in o ? { ...o, [key]: fn(o[key]) } : o;
}

/** copy of `o` with `fn` applied to each entry of its top-level array `key` (or to `o` itself when it is an array) */
function eachEntry(o: Json, key: string, fn: (e: Obj) => Obj): Json {
  const map = (a: unknown[]) => a.map((e) => (isObj(e) ? fn(e) : e));
  if (Array.isArray(o)) return map(o);
  return isObj(o) && Array.isArray(o[key]) ? { ...o, [key]: map(o[key] as unknown[]) } : o;
}

function without(o: Obj, ...keys: string[]): Obj {
  const out = { ...o };
  for (const k of keys) delete out[k];
  return out;
}

/** voice-route-list-example-shape: an entry of GET /v1.0/account/voice/routes as the vendor's example writes it */
function voiceListEntry(e: Obj): Obj {
  const out = without(e, 'AccountId', 'IpWhiteList', 'VoiceUrl');
  return { ...out, IpWhitelist: e.IpWhiteList ?? e.IpWhitelist ?? [], RouteEnabled: true };
}

/** lists-newest-first: the list arrays a read answers, in reverse order (JSON arrays of a list: no order documented) */
const LIST_KEYS = ['Results', 'PhoneNumbers', 'Messages', 'Subscriptions', 'Items'];
function reversedLists(p: Json): Json {
  if (Array.isArray(p)) return [...p].reverse();
  if (!isObj(p)) return p;
  const out: Obj = { ...p };
  for (const k of LIST_KEYS) if (Array.isArray(out[k])) out[k] = [...(out[k] as unknown[])].reverse();
  return out;
}

/** response-keys-reversed: every object's members in reverse order (RFC 8259 §4: an object is an unordered collection) */
function keysReversed(v: Json): Json {
  if (Array.isArray(v)) return v.map(keysReversed);
  if (!isObj(v)) return v;
  return Object.fromEntries(
    Object.entries(v)
      .reverse()
      .map(([k, x]) => [k, keysReversed(x)]),
  );
}

/** availability-other-areas-first: the areas of the vendor's example (asked for 201, it lists 993 and 787 first) */
const OTHER_AREAS = [
  { NGP: 'SAG', AreaCode: 993, Zipcode: '00601' },
  { NGP: 'AGP', AreaCode: 787, Zipcode: '00601' },
];

/** copy of object `o` with key `from` spelled `to` (its value and place kept) */
function renamed(o: Json, from: string, to: string): Json {
  if (!isObj(o) || !(from in o)) return o;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k === from ? to : k, v]));
}

const BINARY: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };
const DECIMAL_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** data-usage-decimal-units: "1.5 MB" (binary, two decimals) → the same bytes in decimal units with one decimal ("1.6 MB") */
export function decimalAmount(v: unknown): unknown {
  const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?) (B|KB|MB|GB|TB)$/.exec(v) : null;
  if (!m) return v;
  const bytes = Number(m[1]) * BINARY[m[2]];
  let i = 0;
  while (i < DECIMAL_UNITS.length - 1 && bytes >= 1000 ** (i + 1)) i++;
  return i === 0 ? `${Math.round(bytes)} B` : `${(bytes / 1000 ** i).toFixed(1)} ${DECIMAL_UNITS[i]}`;
}

/** availability-number-list: beside the areas, a page of matching numbers (free lines of the sandbox's 555 exchange) */
function withNumberList(p: Json): Json {
  if (!isObj(p) || !Array.isArray(p.AvailableNumberAreas)) return p;
  const areas = p.AvailableNumberAreas.filter(isObj);
  const numbers = areas
    .slice(0, 1)
    .flatMap((a) => [9990, 9991, 9992].map((line) => ({ Number: `+1${String(a.AreaCode)}555${line}`, NGP: a.NGP, AreaCode: a.AreaCode })));
  return { ...p, AvailableNumbers: numbers };
}

interface Form {
  mode: string;
  op: RegExp;
  apply: (payload: Json) => Json;
}

const FORMS: Form[] = [
  {
    mode: 'provision-order-date-six-fraction',
    op: /^POST \/v1\.0\/numbers\/provision$/,
    apply: (p) => withKey(p, 'OrderDate', (v) => fractionForm(v, 6, '+00:00')),
  },
  {
    mode: 'order-dates-seven-fraction-z',
    op: /^POST \/v1\.0\/numbers\/(status|availability)$/,
    apply: (p) =>
      withKey(
        withKey(p, 'OrderDate', (v) => fractionForm(v, 7, 'Z')),
        'RequestDate',
        (v) => fractionForm(v, 7, 'Z'),
      ),
  },
  {
    mode: 'details-direction-lower',
    op: /^GET \/v1\.0\/message\/details$/,
    apply: (p) => withKey(p, 'Direction', (v) => (typeof v === 'string' ? v.toLowerCase() : v)),
  },
  {
    mode: 'voice-route-list-example-shape',
    op: /^GET \/v1\.0\/account\/voice\/routes$/,
    apply: (p) => eachEntry(p, 'Results', voiceListEntry),
  },
  {
    mode: 'route-lists-accountid-only',
    op: /^GET \/v1\.0\/account\/(message|voice)\/routes$/,
    apply: (p) => eachEntry(p, 'Results', (e) => without(e, 'AccountId')),
  },
  {
    mode: 'route-lists-accountid-only',
    op: /^(GET|POST) \/v1\.0\/(message|voice)\/routes(\/update)?$/,
    apply: (p) => (isObj(p) && 'AccountId' in p ? without(p, 'AccountID') : p),
  },
  {
    mode: 'product-list-distributor-null',
    op: /^GET \/v1\.0\/(account|distributor)\/products$/,
    apply: (p) => eachEntry(p, 'Results', (e) => ({ ...e, DistributorId: null })),
  },
  {
    mode: 'status-numbers-qrcode-url',
    op: /^POST \/v1\.0\/numbers\/status$/,
    apply: (p) => eachEntry(p, 'Numbers', (e) => ({ ...e, QrCode: e.QrCode ?? 'https://qrcodeimage.com' })),
  },
  {
    mode: 'availability-other-areas-first',
    op: /^POST \/v1\.0\/numbers\/availability$/,
    apply: (p) => withKey(p, 'AvailableNumberAreas', (a) => (Array.isArray(a) && a.length ? [...OTHER_AREAS, ...a] : a)),
  },
  { mode: 'numbers-iccid-upper-key', op: /^GET \/v1\.0\/numbers$/, apply: (p) => renamed(p, 'Iccid', 'ICCID') },
  {
    mode: 'inventory-tnid-upper-key',
    op: /^GET \/v1\.0\/numbers\/inventory$/,
    apply: (p) => eachEntry(p, 'PhoneNumbers', (e) => renamed(e, 'Tnid', 'TNID') as Obj),
  },
  {
    mode: 'voice-route-ipwhitelist-request-spelling',
    op: /^(GET|POST) \/v1\.0\/voice\/routes(\/update)?$/,
    apply: (p) => (isObj(p) && 'IpWhiteList' in p ? { ...without(p, 'IpWhiteList'), IpWhitelist: p.IpWhiteList } : p),
  },
  { mode: 'provision-answer-guide-shape', op: /^POST \/v1\.0\/numbers\/provision$/, apply: (p) => (isObj(p) ? without(p, 'QRCode', 'ZipCode') : p) },
  {
    mode: 'data-usage-decimal-units',
    op: /^POST \/v1\.0\/numbers\/data-usage\/info$/,
    apply: (p) => eachEntry(p, 'PhoneNumbers', (e) => ({ ...e, Used: decimalAmount(e.Used), Remaining: decimalAmount(e.Remaining) })),
  },
  {
    mode: 'catalogue-answers-guide-shape',
    op: /^POST \/v1\.0\/(products|packages)$/,
    apply: (p) => (isObj(p) ? without(p, 'AggregatorId', 'DistributorId', 'SubscriberId') : p),
  },
  {
    mode: 'subscriber-account-nested-only',
    op: /^(POST \/v1\.0\/subscribers\/create|GET \/v1\.0\/subscribers(\/get)?)$/,
    apply: (p) => (isObj(p) && isObj(p.Account) ? without(p, 'AccountId') : p),
  },
  {
    mode: 'route-details-documented-extras',
    op: /^GET \/v1\.0\/voice\/routes$/,
    apply: (p) => (isObj(p) ? { ...p, ForwardingNumber: null, IvrMenu: null, WorkgroupId: null, ScheduleId: null } : p),
  },
  {
    mode: 'details-delivery-extras',
    op: /^GET \/v1\.0\/message\/details$/,
    apply: (p) => (isObj(p) ? { ...p, DeliveredOn: p.Status === 'Delivered' ? new Date().toISOString() : null, ErrorCode: null, ErrorMessage: null } : p),
  },
  {
    mode: 'availability-number-list',
    op: /^POST \/v1\.0\/numbers\/availability$/,
    apply: withNumberList,
  },
  { mode: 'lists-newest-first', op: /^GET /, apply: reversedLists },
  { mode: 'response-keys-reversed', op: /./, apply: keysReversed },
];

/** The answer of `op` in the forms of the active hunt-5 benign modes (the payload itself when none applies). */
export function responseForms5(active: Active, op: string, payload: Json): Json {
  let out = payload;
  for (const f of FORMS) if (active(f.mode) && f.op.test(op)) out = f.apply(out);
  return out;
}

/** "ü" → "\u00fc": every character outside ASCII written as a JSON escape (RFC 8259 §7) */
function asciiEscaped(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON text of an answer or a webhook post: pretty-printed (json-pretty-printed) and / or ASCII-escaped (json-ascii-escaped) */
export function jsonText(active: Active, json: string): string {
  let out = json;
  if (active('json-pretty-printed')) out = JSON.stringify(JSON.parse(out), null, 2).replace(/\n/g, '\r\n') + '\r\n';
  if (active('json-ascii-escaped')) out = asciiEscaped(out);
  return out;
}

/** An error body with the extra members an error answer may carry (error-extra-fields; R-error-schema, R-response-extra-fields) */
export function errorBody(active: Active, body: Obj): Obj {
  if (!active('error-extra-fields') || !('StatusCode' in body)) return body;
  const trace = `TRC-${Math.random().toString(36).slice(2, 12)}`;
  return { ...body, ErrorCode: `E${String(body.StatusCode)}`, TraceId: trace, Errors: [] };
}

/** What send() writes: the body as is, gzip-coded (gzip-unasked) or as a stream (chunked-answers), with its headers. */
export function wireBody(active: Active, json: string): { body: string | Buffer | Readable; headers: Record<string, string> } {
  const headers: Record<string, string> = active('connection-close') ? { connection: 'close' } : {};
  if (active('date-header-asctime')) headers.date = asctimeDate(Date.now());
  if (active('gzip-unasked')) return { body: gzipSync(Buffer.from(json)), headers: { ...headers, 'content-encoding': 'gzip', vary: 'Accept-Encoding' } };
  if (active('chunked-answers')) return { body: Readable.from(chunks(json)), headers };
  return { body: json, headers };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** date-header-asctime: the Date header as an asctime-date, "Tue Dec  1 02:09:11 2026" (UTC; RFC 9110 §5.6.7) */
export function asctimeDate(ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} ${d.getUTCFullYear()}`;
}

/** the text in pieces of 64 bytes at most (a chunked answer written in several chunks) */
function* chunks(text: string): Generator<Buffer> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += 64) yield buf.subarray(i, i + 64);
}

/**
 * Reads whose first call is refused once with a status the retry policy retries (seed 003 §11): each mode its own
 * reads, none of retry-after-http-date's, so modes certified together (the matrix packs benign modes) never refuse
 * one call more than once and every mode still shows.
 */
type Refusal = { status: number; message: string; headers: Record<string, string> };
const ONCE: Record<string, Refusal & { ops: string[] }> = {
  'reads-unavailable-once': {
    status: 503,
    message: 'Service temporarily unavailable — retry later',
    headers: { 'retry-after': '1' },
    ops: ['GET /v1.0/numbers/order'],
  },
  'reads-gateway-timeout-once': {
    status: 504,
    message: 'Gateway timeout — an upstream service did not respond in time',
    headers: {},
    ops: ['GET /v1.0/account/message/routes'],
  },
  'reads-request-timeout-once': { status: 408, message: 'Request timeout', headers: {}, ops: ['GET /v1.0/account/voice/routes'] },
  'reads-rate-limited-retry-now': { status: 429, message: 'Too many requests — retry now', headers: { 'retry-after': '0' }, ops: ['GET /v1.0/subscriptions'] },
  'reads-server-error-once': { status: 500, message: 'An unexpected error occurred on the Telegent platform.', headers: {}, ops: ['GET /v1.0/message/routes'] },
  'token-unavailable-once': {
    status: 503,
    message: 'Service temporarily unavailable — retry later',
    headers: { 'retry-after': '1' },
    ops: ['POST /v1.0/oauth2/tokens'],
  },
};

const seen = new WeakMap<object, Set<string>>();

/** the refusal of the first call of an operation an active ONCE mode names, on this sandbox (null otherwise) */
export function refusedOnce(sb: object, active: Active, op: string): Refusal | null {
  for (const [mode, { ops, ...answer }] of Object.entries(ONCE)) {
    if (!active(mode) || !ops.includes(op)) continue;
    const s = seen.get(sb) ?? new Set<string>();
    seen.set(sb, s);
    if (s.has(`${mode} ${op}`)) continue;
    s.add(`${mode} ${op}`);
    return answer;
  }
  return null;
}

/** webhook-auth-scheme-lower: the Authorization header of a webhook post with its scheme in lower case ("basic …") */
export function webhookAuthForm(active: Active): ((header: string) => string) | undefined {
  return active('webhook-auth-scheme-lower') ? (h) => h.replace(/^(\S+)/, (scheme) => scheme.toLowerCase()) : undefined;
}

/** webhooks-posted-late: how long each webhook post waits before its first attempt (0: at once) */
export function webhookDelayMs(active: Active): number {
  return active('webhooks-posted-late') ? 1500 : 0;
}
