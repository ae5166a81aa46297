/**
 * Reconciliation probes for the creates the suite performs: "did the create that answered a transient
 * fault (timeout, 408/429/500/503/504) in fact take effect?" — answered by looking the resource up by its
 * NATURAL KEY (the name / SKU / e-mail / number the run chose), never by resending.
 *
 * The same natural key is what the ledger records as `lookup` before the call is sent, so `npm run cleanup`
 * can find a create whose outcome was lost with the very same probe.
 */
import type { TelegentClient } from './types';

type Json = Record<string, any>;

interface ProbeSpec {
  /** body field → the field(s) of a listed item that carry the same value */
  key: Record<string, string[]>;
  /** the GET that lists candidates */
  list: string;
  /** body fields kept in the lookup for the list call's query (not matched) */
  context?: string[];
  /** query of the list call, from the lookup */
  query?: (lookup: Record<string, string>) => Record<string, string | undefined>;
  /** paged list: PageNumber 1…n, `per` items a page */
  paged?: { pageParam: string; sizeParam: string; per: number; maxPages: number };
  /** extra condition on a found item (e.g. not cancelled) */
  accept?: (item: Json) => boolean;
}

const same = (k: string) => [k];

/** The suite's creates → how to find their resource by natural key. Provision has no natural key (the vendor picks the number): its caller supplies the probe. */
export const CREATE_PROBES: Readonly<Record<string, ProbeSpec>> = {
  'POST /v1.0/account/create': { key: { AccountName: same('AccountName') }, list: 'GET /v1.0/distributor/accounts' },
  'POST /v1.0/products': { key: { SKU: same('SKU') }, list: 'GET /v1.0/distributor/products' },
  'POST /v1.0/packages': { key: { PackageName: same('PackageName') }, list: 'GET /v1.0/distributor/packages' },
  'POST /v1.0/message/routes': {
    key: { RouteName: same('RouteName') },
    list: 'GET /v1.0/account/message/routes',
    context: ['AccountId'],
    query: (l) => ({ AccountId: l.AccountId }),
  },
  'POST /v1.0/voice/routes': {
    key: { RouteName: same('RouteName') },
    list: 'GET /v1.0/account/voice/routes',
    context: ['AccountId'],
    query: (l) => ({ AccountId: l.AccountId }),
  },
  'POST /v1.0/subscribers/create': {
    key: { Email: same('Email') },
    list: 'GET /v1.0/distributor/subscribers',
    paged: { pageParam: 'PageNumber', sizeParam: 'TotalPerPage', per: 500, maxPages: 20 },
  },
  'POST /v1.0/subscriptions': {
    key: { SubscriberId: same('SubscriberId'), TNID: ['TNID', 'Tnid'], PackageId: same('PackageId') },
    list: 'GET /v1.0/distributor/subscriptions',
  },
  // No operation lists port-in orders by number: the number's own record is the only place an order can show
  // (completed or listed while pending). Not found → not provable → resent (the vendor refuses a second open port-in).
  'POST /v1.0/numbers/portin': {
    key: { PortInNumber: ['Number', 'PhoneNumber'] },
    list: 'GET /v1.0/numbers',
    query: (l) => ({ Number: l.PortInNumber }),
    accept: (i) => typeof (i.OrderId ?? i.PortInOrderId) === 'string' && !/cancel|releas/i.test(String(i.Status ?? '')),
  },
};

/** The natural key of a create (what the ledger records as `lookup`), or undefined when the operation has none. */
export function naturalKey(op: string, body: Json | undefined): Record<string, string> | undefined {
  const spec = CREATE_PROBES[op];
  if (!spec || !body) return undefined;
  const has = (f: string) => body[f] !== undefined && body[f] !== null && body[f] !== '';
  const keys = Object.keys(spec.key);
  if (!keys.every(has)) return undefined;
  return Object.fromEntries([...keys, ...(spec.context ?? []).filter(has)].map((f) => [f, String(body[f])]));
}

/** Candidate items of a list response: a bare array, the arrays it carries (Results, Subscribers, PhoneNumbers…), or the object itself. */
export function itemsOf(body: unknown): Json[] {
  if (Array.isArray(body)) return body.filter((x) => x && typeof x === 'object');
  if (!body || typeof body !== 'object') return [];
  const arrays = Object.values(body as Json).filter(Array.isArray) as unknown[][];
  return [body as Json, ...arrays.flat().filter((x): x is Json => !!x && typeof x === 'object')];
}

const norm = (field: string, v: unknown) => (/email/i.test(field) ? String(v).trim().toLowerCase() : String(v));

/** The first item whose fields carry every natural-key value (context fields of the lookup are not matched). */
export function findByKey(items: Json[], key: Record<string, string[]>, lookup: Record<string, string>): Json | undefined {
  const wanted = Object.entries(lookup).filter(([f]) => key[f]);
  return items.find((it) => wanted.every(([f, v]) => key[f].some((g) => it[g] !== undefined && it[g] !== null && norm(f, it[g]) === norm(f, v))));
}

/**
 * A probe for `op`, from its create body or from a ledger `lookup` (the natural key the body gave), or
 * undefined when the operation has no natural-key lookup.
 */
export function reconcileProbe(api: Pick<TelegentClient, 'call'>, op: string, bodyOrLookup: Json): (() => Promise<Json | undefined>) | undefined {
  const spec = CREATE_PROBES[op];
  const lookup = naturalKey(op, bodyOrLookup);
  if (!spec || !lookup) return undefined;
  return async () => {
    const base = Object.fromEntries(Object.entries(spec.query?.(lookup) ?? {}).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
    const pages = spec.paged?.maxPages ?? 1;
    for (let page = 1; page <= pages; page++) {
      const query = spec.paged ? { ...base, [spec.paged.pageParam]: String(page), [spec.paged.sizeParam]: String(spec.paged.per) } : base;
      const res = await api.call(spec.list, { query });
      if (res.status === 404) return undefined;
      if (res.status !== 200)
        throw new Error(`reconciliation lookup ${spec.list} answered HTTP ${res.status}: cannot tell whether ${op} took effect (not resent)`);
      const items = itemsOf(res.body);
      const found = findByKey(items, spec.key, lookup);
      if (found && (!spec.accept || spec.accept(found))) return found;
      if (!spec.paged || items.length - 1 < spec.paged.per) return undefined;
    }
    return undefined;
  };
}

/** A found resource in the shape of the create's response (list views name some IDs differently). */
export function asCreateResponse(op: string, found: Json): Json {
  if (op === 'POST /v1.0/numbers/provision') {
    return {
      ...found,
      PhoneNumberAssigned: found.PhoneNumberAssigned ?? found.Number,
      PhoneNumberId: found.PhoneNumberId ?? found.Tnid ?? found.TNID,
      OrderId: found.OrderId,
    };
  }
  if (op === 'POST /v1.0/numbers/portin') return { ...found, OrderId: found.OrderId ?? found.PortInOrderId, PhoneNumber: found.PhoneNumber ?? found.Number };
  return found;
}

const numbersOf = (v: unknown): unknown[] => (Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? (x as Json).Number : x)) : [v]);

/**
 * The reconciliation probe of a lost POST /v1.0/message/outbound (billable: never resent blind): GET
 * /v1.0/message/search for the sender, the outbound message with the text sent. The documented answer (vendor 200
 * example, schemas/telegent.openapi.json) lists `Results[]` whose items carry `MessageID`; `Messages[]`, a bare list
 * and `MessageId` are read too. Found → the item, with `MessageId` (the outbound answer's name) set; 404 → not found
 * (resent once); any other non-200 → an error: whether the message went out cannot be told, so it is not resent.
 */
export function sentMessageProbe(api: Pick<TelegentClient, 'call'>, from: string, to: string, text: string): () => Promise<Json | undefined> {
  return async () => {
    const op = 'GET /v1.0/message/search';
    const r = await api.call(op, { query: { PhoneNumber: from, Page: '1', Results: '50' } });
    if (r.status === 404) return undefined;
    if (r.status !== 200)
      throw new Error(`reconciliation lookup ${op} answered HTTP ${r.status}: cannot tell whether POST /v1.0/message/outbound took effect (not resent)`);
    const b = r.body as any;
    const list: Json[] = Array.isArray(b) ? b : [b?.Results, b?.Messages].filter(Array.isArray).flat();
    const found = list.find(
      (m) =>
        m?.Body === text &&
        (m.From == null || m.From === from) &&
        !/^inbound$/i.test(String(m.Direction ?? '')) &&
        (m.To == null || numbersOf(m.To).includes(to)),
    );
    return found ? { ...found, MessageId: found.MessageId ?? found.MessageID } : undefined;
  };
}

/**
 * The lookup that tells whether a billable send (not a create with a natural key) took effect, from its request body —
 * message/outbound: the message search for From / the first To / Body — or undefined when the operation (or a
 * deliberately incomplete body) has none. refused() gives it to the call, so an ambiguous answer is looked up, not failed.
 */
export function sendProbe(api: Pick<TelegentClient, 'call'>, op: string, body: unknown): (() => Promise<Json | undefined>) | undefined {
  if (op !== 'POST /v1.0/message/outbound' || !body || typeof body !== 'object') return undefined;
  const b = body as Json;
  const to = Array.isArray(b.To) ? b.To[0]?.Number : undefined;
  if (typeof b.From !== 'string' || typeof to !== 'string' || typeof b.Body !== 'string') return undefined;
  return sentMessageProbe(api, b.From, to, b.Body);
}
