/**
 * Benign mode read-after-write-lag (ruling R-read-after-write): a resource a POST just created answers 404 on a GET
 * that names it (in its query) for LAG_MS of wall time, as a distributed platform whose reads trail its writes may.
 * Lists are not touched. The IDs remembered are those the POST's answer carries and its request did not.
 */
export const READ_LAG_MS = 300;

const fresh = new WeakMap<object, Map<string, number>>();
const ID_KEY = /(Id|ID)$|^(Tnid|TNID|PhoneNumberAssigned)$/;

function idsIn(v: unknown, out: string[], depth = 0): string[] {
  if (!v || typeof v !== 'object' || depth > 4) return out;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x === 'string' && x.length > 4 && ID_KEY.test(k)) out.push(x);
    else if (x && typeof x === 'object') idsIn(x, out, depth + 1);
  }
  return out;
}

/** After a POST answered: the IDs it created become visible READ_LAG_MS later. */
export function rememberCreated(owner: object, requestBody: unknown, answer: unknown, now = Date.now()): void {
  const sent = JSON.stringify(requestBody ?? {});
  const ids = idsIn(answer, []).filter((id) => !sent.includes(id));
  if (!ids.length) return;
  const m = fresh.get(owner) ?? new Map<string, number>();
  fresh.set(owner, m);
  for (const [id, at] of m) if (at <= now) m.delete(id);
  for (const id of ids) m.set(id, now + READ_LAG_MS);
}

/** The fresh ID a GET's query names, when it is not yet visible. */
export function notYetVisible(owner: object, query: Record<string, string>, now = Date.now()): string | undefined {
  const m = fresh.get(owner);
  if (!m?.size) return undefined;
  for (const v of Object.values(query)) if (typeof v === 'string' && (m.get(v) ?? 0) > now) return v;
  return undefined;
}

/** the list reads benign mode list-after-write-lag delays */
const LAGGING_LISTS = new Set([
  'GET /v1.0/account/message/routes',
  'GET /v1.0/account/voice/routes',
  'GET /v1.0/account/products',
  'GET /v1.0/distributor/products',
  'GET /v1.0/packages/items',
  'GET /v1.0/packages/subscriptions',
  'GET /v1.0/distributor/subscriptions',
]);
/** the keys naming an entry's owner, not the entry: never its own ID */
const OWNER_KEY = /^(Account|Distributor|Aggregator)I[dD]$/;

/** an entry's own ID: the first ID-like field that does not name its owner */
function ownId(entry: Record<string, unknown>): unknown {
  const k = Object.keys(entry).find((x) => /(Id|ID)$/.test(x) && !OWNER_KEY.test(x));
  return k === undefined ? undefined : entry[k];
}

/**
 * Benign mode list-after-write-lag (ruling R-read-after-write): the list reads above leave out, for READ_LAG_MS of wall
 * time, every entry a POST just created — lists trail writes as single reads do in read-after-write-lag.
 */
export function withoutFresh(owner: object, op: string, payload: unknown, now = Date.now()): unknown {
  const m = fresh.get(owner);
  if (!m?.size || !LAGGING_LISTS.has(op)) return payload;
  const visible = (x: unknown) => !(x && typeof x === 'object' && (m.get(String(ownId(x as Record<string, unknown>))) ?? 0) > now);
  if (Array.isArray(payload)) return payload.filter(visible);
  if (!payload || typeof payload !== 'object') return payload;
  const out: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const k of ['Results', 'Subscriptions']) if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).filter(visible);
  return out;
}
