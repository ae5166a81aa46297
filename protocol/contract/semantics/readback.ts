/**
 * Family 1 — read-back equality (`readback.mismatch`). Every field the suite writes is compared on every later
 * read of the same resource: the create/update echo, details reads, list entries and nested links (the Account a
 * Subscriber belongs to, the route a number points at, the thresholds a number carries, a package's items and
 * subscriptions). A resource is known by the ID the platform minted for it (or, for a number, its E.164).
 * Basis: seed 001 (every item reads back what it created), seed 003 §2–§9 (GET returns the resource the POST
 * created or updated), vendor OpenAPI (the request and response fields share their names).
 */
import type { Finding } from '../types';
import { diffValues, getCi, isObj, isSecretKey, phoneDigits, show, type Obj } from './normalise';

export const READBACK_BASIS = 'seed 001 (items read back what they create) + seed 003 §2–§9 (GET returns what POST wrote); field names from the vendor OpenAPI';

/**
 * The keys that name the resource an object is about, most specific first: an object is known by the first of these it
 * carries, whatever the order of its members (RFC 8259 §4: an object is unordered — a platform may serialise AccountId
 * before CallRouteId). A package item carries its ProductId, a subscription its PackageId, a number its OrderId and
 * routes, a route its AccountId: the resource's own ID outranks the IDs it links to. `number` is a number's own key
 * (GET /v1.0/numbers, inventory and status entries); `phonenumber` / `phonenumberassigned` name the number an order, a
 * device, a reactivation or an eligibility answer is about: after the order's own ID, before the account it belongs to.
 */
const IDENTITY_KEYS = [
  'PackageItemId',
  'SubscriptionId',
  'MessageId',
  'number',
  'OrderId',
  'CallRouteId',
  'MessageRouteId',
  'SubscriberId',
  'PackageId',
  'ProductId',
  'phonenumber',
  'phonenumberassigned',
  'AccountId',
].map((k) => k.toLowerCase());
/** keys that carry the number an object is about */
const NUMBER_KEYS = new Set(['number', 'phonenumber', 'phonenumberassigned']);
const OWN_ID = new Map(
  ['AccountId', 'ProductId', 'PackageItemId', 'PackageId', 'MessageRouteId', 'CallRouteId', 'SubscriberId', 'SubscriptionId', 'OrderId', 'MessageId'].map(
    (k) => [k.toLowerCase(), k],
  ),
);
/** request fields the platform reports under another (documented) name */
export const ALIASES: Record<string, string[]> = {
  PortInNumber: ['PhoneNumber', 'PhoneNumbersOrdered'],
  PortOutNumber: ['PhoneNumber', 'PhoneNumbersOrdered'],
  PhoneNumbers: ['Numbers', 'PhoneNumbersOrdered'],
  StatusChange: ['ChangeType'],
};
/**
 * Read-backs a ruling tolerates in the answers of some operations only (a warning, not a failure). R-ip-whitelist-echo:
 * every single-route voice answer of the vendor (create, update, GET) shows IpWhiteList [] — the create and update
 * examples for a request sending two addresses — while the account's route list shows those addresses.
 * R-message-route-enabled-echo: the message route create example answers MessageRouteEnabled false to a request sending
 * true, and the account route list example shows false; GET /v1.0/message/routes (true in its example) stays strict.
 * R-change-type-echo: numbers/status may answer ChangeType null (optional and nullable, R-response-required).
 * R-billing-frequency: the product lists' examples show BillingFrequency "1" for a product the guide creates "MRC".
 * R-url-scheme-request-form: a MessageUrl written without its scheme may be kept with http(s):// put in front.
 */
const TOLERATED_IN: Array<{ op: RegExp; key: RegExp; read: (r: unknown, written: unknown) => boolean; ruling: string }> = [
  {
    op: /^(POST \/v1\.0\/voice\/routes(\/update)?|GET \/v1\.0\/voice\/routes)$/i,
    key: /^ipwhitelist$/i,
    read: (r) => Array.isArray(r) && r.length === 0,
    ruling: 'R-ip-whitelist-echo',
  },
  {
    op: /^(POST \/v1\.0\/message\/routes|GET \/v1\.0\/account\/message\/routes)$/i,
    key: /^messagerouteenabled$/i,
    read: (r) => r === false || r === 'false',
    ruling: 'R-message-route-enabled-echo',
  },
  {
    // the product lists' examples show BillingFrequency as a code ("1") for a product created "MRC" (R-billing-frequency)
    op: /^GET \/v1\.0\/(account|distributor)\/products$/i,
    key: /^billingfrequency$/i,
    read: (r) => typeof r === 'string' && /^\d+$/.test(r.trim()),
    ruling: 'R-billing-frequency',
  },
  {
    // ChangeType is optional and nullable (R-response-required): answered null, the order names no change
    op: /^POST \/v1\.0\/numbers\/status$/i,
    key: /^statuschange$/i,
    read: (r) => r === null,
    ruling: 'R-change-type-echo',
  },
  {
    // a MessageUrl written without its scheme, kept with http(s):// in front of the same address (R-url-scheme-request-form)
    op: /^(POST|GET) \/v1\.0\/(account\/)?message\/routes$/i,
    key: /^messageurl$/i,
    read: (r, w) =>
      typeof r === 'string' && typeof w === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(w) && r.replace(/^https?:\/\//i, '').toLowerCase() === w.toLowerCase(),
    ruling: 'R-url-scheme-request-form',
  },
];

/** operations that read (POST included) — they write nothing */
const READ_OPS = /oauth2|search|\/info$|settings$|details$|availability|eligibility|inventory|delete|cancel|reactivate/;

export const numberIdentity = (n: unknown): string | undefined => {
  const d = phoneDigits(n);
  return d ? `number:${d}` : undefined;
};

/** The resource an object is about: its most specific own-ID field (IDENTITY_KEYS), or the number it carries. */
export function ownIdentity(o: Obj): string | undefined {
  const byKey = new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
  for (const key of IDENTITY_KEYS) {
    const v = byKey.get(key);
    const canon = OWN_ID.get(key);
    if (canon && typeof v === 'string' && v) return `${canon}:${v}`;
    const n = NUMBER_KEYS.has(key) ? numberIdentity(v) : undefined;
    if (n) return n;
  }
  return undefined;
}

export function isWrite(op: string): boolean {
  return op.startsWith('POST ') && !READ_OPS.test(op);
}

/** The resources a write created or changed, each with the fields written to it. */
/**
 * What a write sets when it leaves a field out, where the vendor documents a default: numbers/data-usage "Unless a
 * LimitValue is specified, the default data limit is 20 MB" (R-data-limit-default). A platform that refuses the
 * omission instead answers 400, which is never remembered.
 */
const DOCUMENTED_DEFAULTS: Record<string, Obj> = { 'POST /v1.0/numbers/data-usage': { LimitValue: 20 } };

export function writtenResources(op: string, request: unknown, response: unknown): Array<{ identity: string; fields: Obj }> {
  if (!isWrite(op) || !isObj(request) || !isObj(response)) return [];
  const fields: Obj = { ...DOCUMENTED_DEFAULTS[op], ...Object.fromEntries(Object.entries(request).filter(([k]) => !isSecretKey(k))) };
  const out: Array<{ identity: string; fields: Obj }> = [];
  const own = ownIdentity(response);
  if (own) out.push({ identity: own, fields });
  const assigned = numberIdentity(getCi(response, 'PhoneNumberAssigned')?.value);
  if (assigned) out.push({ identity: assigned, fields });
  const numbers = Array.isArray(request.PhoneNumbers) ? request.PhoneNumbers.map((p) => (isObj(p) ? p.Number : p)) : [request.Number ?? request.PhoneNumber];
  const { PhoneNumbers: _p, Number: _n, PhoneNumber: _pn, ...perNumber } = fields;
  for (const n of numbers) {
    const id = numberIdentity(n);
    if (id && !out.some((x) => x.identity === id)) out.push({ identity: id, fields: perNumber });
  }
  return out;
}

/** the read value for a written field: same name (any case), an alias, or a nested link (AccountId → Account.AccountId) */
function readFor(read: Obj, key: string): { key: string; value: unknown } | undefined {
  const direct = getCi(read, key);
  if (direct) return direct;
  for (const a of ALIASES[key] ?? []) {
    const got = getCi(read, a);
    if (got) return got;
  }
  for (const [k, v] of Object.entries(read)) {
    if (isObj(v) && key.toLowerCase().startsWith(k.toLowerCase())) {
      const nested = getCi(v, key);
      if (nested) return { key: `${k}/${nested.key}`, value: nested.value };
    }
  }
  return undefined;
}

/**
 * Named check: `read` (an object the platform returned about a resource) says what `written` wrote to it.
 * `where` names the read (`GET /v1.0/numbers`), `pointer` where the object sits in its body.
 */
export function readbackMismatch(written: { op: string; fields: Obj; identity: string }, read: Obj, where: string, pointer = ''): Finding[] {
  const out: Finding[] = [];
  for (const [k, w] of Object.entries(written.fields)) {
    if (isSecretKey(k)) continue;
    const got = readFor(read, k);
    if (!got) continue;
    for (const diff of diffValues(w, got.value, `${pointer}/${got.key}`, k)) {
      const inOp = diff.tolerated ? undefined : TOLERATED_IN.find((t) => t.op.test(where) && t.key.test(k) && t.read(diff.read, diff.written))?.ruling;
      const d = inOp ? { ...diff, tolerated: inOp } : diff;
      const field = d.path.slice(pointer.length + 1) || got.key;
      out.push({
        check: 'readback.mismatch',
        severity: d.tolerated ? 'warning' : 'error',
        op: where,
        pointer: d.path,
        expected: show(d.written),
        actual: d.read === undefined ? 'missing' : show(d.read),
        message: `read-back: ${where} reads ${field} = ${show(d.read)} for ${written.identity}, but ${written.op} wrote ${k} = ${show(d.written)}${d.tolerated ? ` (a form ${d.tolerated} tolerates)` : ''}`,
        basis: d.tolerated ? `${d.tolerated}; ${READBACK_BASIS}` : READBACK_BASIS,
      });
    }
  }
  return out;
}

/** Every object in a body with its JSON pointer (depth-limited). */
export function* objectsIn(body: unknown, pointer = '', depth = 0): Generator<{ obj: Obj; pointer: string }> {
  if (depth > 5) return;
  if (Array.isArray(body)) {
    for (let i = 0; i < body.length; i++) yield* objectsIn(body[i], `${pointer}/${i}`, depth + 1);
  } else if (isObj(body)) {
    yield { obj: body, pointer };
    for (const [k, v] of Object.entries(body))
      if (v && typeof v === 'object') yield* objectsIn(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
  }
}
