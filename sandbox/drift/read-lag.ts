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
