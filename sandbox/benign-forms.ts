/**
 * Benign hunt 4 (sandbox/drift/modes-benign4.ts): answers in other forms the vendor's documents show — timestamps,
 * value spellings, fields left out, extra fields, Content-Type spellings, Retry-After as an HTTP date, webhook forms.
 * Every transform works on a copy of the answer (the store's records are never touched).
 */

type Json = unknown;
type Obj = Record<string, unknown>;
type Active = (name: string) => boolean;
/** what a form needs of the sandbox: its active modes */
type WithModes = { drift: { isDrift: Active } };

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const ISO_Z = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;

/** copy of `v` with `fn(key, value, parent)` applied to every object entry, deepest first; undefined drops the key */
function mapEntries(v: Json, fn: (key: string, value: unknown) => unknown): Json {
  if (Array.isArray(v)) return v.map((x) => mapEntries(x, fn));
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    const y = fn(k, mapEntries(x, fn));
    if (y !== undefined) out[k] = y;
  }
  return out;
}

/** "…T17:23:23.123Z" → "…T17:23:23.1230000+00:00" (order-dates-seven-fraction) */
export function sevenFraction(v: unknown): unknown {
  const m = typeof v === 'string' ? ISO_Z.exec(v) : null;
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(7, '0').slice(0, 7)}+00:00` : v;
}

/** "…T17:23:23.123Z" → "…T17:23:23.12" (digits: fractional digits kept; 0 → none) (timestamps-no-offset) */
export function withoutOffset(v: unknown, digits: number): unknown {
  const m = typeof v === 'string' ? ISO_Z.exec(v) : null;
  if (!m) return v;
  return digits ? `${m[1]}.${(m[2] ?? '').padEnd(digits, '0').slice(0, digits)}` : m[1];
}

const SEVEN_FRACTION_KEYS = /^(OrderDate|UpdateOrderDate|RequestDate)$/;
/** per operation: the timestamp the vendor example writes without an offset, and its fractional digits */
const NO_OFFSET: Record<string, { key: string; digits: number }> = {
  'GET /v1.0/numbers/order': { key: 'OrderDate', digits: 2 },
  'POST /v1.0/numbers/status': { key: 'EffectiveDate', digits: 0 },
  'GET /v1.0/numbers': { key: 'NextSwapResetDate', digits: 2 },
  'GET /v1.0/message/details': { key: 'CreatedOn', digits: 3 },
};

/** the fields R-response-required says an operation returns: kept, null or not (optional-fields-absent, empty-arrays-absent) */
const HARD_REQUIRED = new Set(
  (
    'token tokenExpiry AccountId SubscriberId MessageRouteId CallRouteId AvailableNumberAreas NGP AreaCode PhoneNumberId PhoneNumberAssigned ' +
    'OrderId Eligible OrderStatus NNID MessageId ServiceId ProductId PackageId SubscriptionId DistributorId WorkgroupId ThresholdId ' +
    'ThresholdAssignmentId FeatureId FeatureAssignmentId SimStatus NotifyValue LimitValue ThrottleValue ThrottleSpeed ValueUnit CustomKeywords ' +
    'SystemKeywords SeverityMap EnableIntelligentGuardianCalls EnableIntelligentGuardianMessages'
  ).split(' '),
);
/** R-null-string-literal: address objects always carry their six keys */
const ADDRESS_KEYS = /^(Street1|Street2|City|State|Zip|Country)$/;

const titleCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
const VENDOR_NUMBER_TYPE: Record<string, string> = { iot: 'IoT', mvno: 'Mobile', voip: 'VoIP' };

interface Form {
  mode: string;
  /** operations it applies to (all when absent) */
  op?: RegExp;
  apply: (payload: Json, op: string) => Json;
}

const FORMS: Form[] = [
  { mode: 'order-dates-seven-fraction', apply: (p) => mapEntries(p, (k, v) => (SEVEN_FRACTION_KEYS.test(k) ? sevenFraction(v) : v)) },
  {
    mode: 'timestamps-no-offset',
    apply: (p, op) => {
      const rule = NO_OFFSET[op];
      return rule ? mapEntries(p, (k, v) => (k === rule.key ? withoutOffset(v, rule.digits) : v)) : p;
    },
  },
  {
    mode: 'numbers-message-type-upper',
    op: /^GET \/v1\.0\/numbers$/,
    apply: (p) => mapEntries(p, (k, v) => (k === 'MessageType' && typeof v === 'string' ? v.toUpperCase() : v)),
  },
  {
    mode: 'details-direction-upper',
    op: /^GET \/v1\.0\/message\/details$/,
    apply: (p) => mapEntries(p, (k, v) => (k === 'Direction' && typeof v === 'string' ? v.toUpperCase() : v)),
  },
  {
    mode: 'subscription-type-title',
    op: /subscriptions/,
    apply: (p) => mapEntries(p, (k, v) => (k === 'Type' && typeof v === 'string' && /^(voip|mvno|iot)$/i.test(v) ? titleCase(v) : v)),
  },
  {
    mode: 'device-details-vendor-case',
    op: /^POST \/v1\.0\/numbers\/device-details$/,
    apply: (p) => mapEntries(p, (k, v) => (k === 'NumberType' && typeof v === 'string' ? (VENDOR_NUMBER_TYPE[v.toLowerCase()] ?? v) : v)),
  },
  {
    mode: 'device-details-vendor-case',
    op: /^POST \/v1\.0\/numbers\/data-usage\/info$/,
    apply: (p) => (isObj(p) && Array.isArray(p.PhoneNumbers) ? { ...p, PhoneNumbers: p.PhoneNumbers.map(upperStatus) } : p),
  },
  {
    mode: 'message-status-lower-case',
    op: /^GET \/v1\.0\/message\/details$/,
    apply: (p) => mapEntries(p, (k, v) => (k === 'Status' && typeof v === 'string' ? v.toLowerCase() : v)),
  },
  {
    mode: 'optional-fields-absent',
    apply: (p) => mapEntries(p, (k, v) => (v === null && !HARD_REQUIRED.has(k) && !ADDRESS_KEYS.test(k) ? undefined : v)),
  },
  {
    mode: 'empty-arrays-absent',
    apply: (p) => mapEntries(p, (k, v) => (Array.isArray(v) && v.length === 0 && !HARD_REQUIRED.has(k) ? undefined : v)),
  },
  {
    mode: 'number-status-upper',
    op: /^GET \/v1\.0\/numbers(\/inventory)?$/,
    apply: (p) => mapEntries(p, (k, v) => (k === 'Status' && typeof v === 'string' ? v.toUpperCase() : v)),
  },
  {
    mode: 'message-route-bypass-echo',
    op: /message\/routes/,
    apply: withBypass,
  },
  {
    mode: 'subscription-tnid-spelling',
    op: /subscriptions/,
    apply: (p) => renameKey(p, 'TNID', 'Tnid'),
  },
  {
    mode: 'address-null-string',
    op: /^(GET \/v1\.0\/account|POST \/v1\.0\/account\/create)$/,
    apply: (p) => mapEntries(p, (k, v) => (ADDRESS_KEYS.test(k) && k !== 'Country' && v === null ? 'NULL' : v)),
  },
  {
    mode: 'update-tnid-null',
    op: /^POST \/v1\.0\/numbers\/update$/,
    apply: (p) => (isObj(p) && 'Tnid' in p ? { ...p, Tnid: null } : p),
  },
  { mode: 'token-answer-minimal', op: /^POST \/v1\.0\/oauth2\/tokens$/i, apply: (p) => (isObj(p) ? withoutKey(p, 'successful') : p) },
  {
    mode: 'response-extra-fields',
    apply: (p) => (isObj(p) ? { ...p, CorrelationId: `COR-${Math.random().toString(36).slice(2, 12)}`, ServerTime: new Date().toISOString() } : p),
  },
];

/** message-route-bypass-echo: every message route answered carries InboundBypass / OutboundBypass (false when unset) */
function withBypass(p: Json): Json {
  const one = (r: unknown) => (isObj(r) && 'MessageRouteId' in r ? { InboundBypass: false, OutboundBypass: false, ...r } : r);
  if (isObj(p) && Array.isArray(p.Results)) return { ...p, Results: p.Results.map(one) };
  return Array.isArray(p) ? p.map(one) : one(p);
}

function upperStatus(n: unknown): unknown {
  return isObj(n) && typeof n.Status === 'string' ? { ...n, Status: n.Status.toUpperCase() } : n;
}

/** copy of `p` with key `from` spelled `to` wherever it occurs (its value kept) */
function renameKey(p: Json, from: string, to: string): Json {
  if (Array.isArray(p)) return p.map((x) => renameKey(x, from, to));
  if (!isObj(p)) return p;
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k === from ? to : k, renameKey(v, from, to)]));
}

function withoutKey(o: Obj, key: string): Obj {
  const out = { ...o };
  delete out[key];
  return out;
}

/** The answer of `op` in the forms of the active benign modes (the payload itself when none applies). */
export function responseForms(active: Active, op: string, payload: Json): Json {
  let out = payload;
  for (const f of FORMS) if (active(f.mode) && (!f.op || f.op.test(op))) out = f.apply(out, op);
  return out;
}

// (a bare application/json is sent by fastify with "; charset=utf-8" added: the default spelling)
const JSON_SPELLINGS = ['application/json; charset=UTF-8', 'application/json;charset=UTF-8', 'Application/JSON; charset="utf-8"'];
let spelling = 0;

/** The Content-Type of a JSON answer (json-content-type-spellings: the documented type spelled in turn three ways). */
export function jsonContentType(active: Active): string {
  if (!active('json-content-type-spellings')) return 'application/json; charset=utf-8';
  spelling = (spelling + 1) % JSON_SPELLINGS.length;
  return JSON_SPELLINGS[spelling];
}

/** The Content-Type of a webhook post (webhook-json-charset), undefined: the dispatcher's default. */
export function webhookContentType(active: Active): string | undefined {
  return active('webhook-json-charset') ? 'application/json; charset=utf-8' : undefined;
}

/** operations whose first call is refused 429 with Retry-After as an HTTP date (retry-after-http-date) */
const RETRY_AFTER_DATE_OPS = new Set(['GET /v1.0/account', 'GET /v1.0/numbers', 'GET /v1.0/message/details']);

const refused = new WeakMap<WithModes, Set<string>>();

/** retry-after-http-date: a 429 for the first call of a few read operations, Retry-After two seconds ahead as an HTTP date */
export function retryAfterDate(sb: WithModes, op: string): { status: number; message: string; headers: Record<string, string> } | null {
  if (firstCall(sb, 'retry-after-http-date', op, RETRY_AFTER_DATE_OPS))
    return { status: 429, message: 'Too many requests — retry later', headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } };
  // token-rate-limited-once: the token endpoint is rate-limited like any other (its first request refused 429)
  if (firstCall(sb, 'token-rate-limited-once', op, TOKEN_OPS))
    return { status: 429, message: 'Too many requests — rate limit exceeded, retry later', headers: { 'retry-after': '1' } };
  return null;
}

const TOKEN_OPS = new Set(['POST /v1.0/oauth2/tokens']);

/** mode `mode` is on, `op` is one of `ops` and this is its first call on this sandbox */
function firstCall(sb: WithModes, mode: string, op: string, ops: Set<string>): boolean {
  if (!sb.drift.isDrift(mode) || !ops.has(op)) return false;
  const seen = refused.get(sb) ?? new Set<string>();
  refused.set(sb, seen);
  if (seen.has(`${mode} ${op}`)) return false;
  seen.add(`${mode} ${op}`);
  return true;
}
