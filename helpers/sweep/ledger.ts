/**
 * Everything the sweep creates goes in the run ledger (helpers/ledger.ts) BEFORE the create call is sent, with
 * how to undo it — the document's `x-cleanup` with the IDs filled in — so `npm run cleanup` (scripts/cleanup.ts
 * cleanupLedger) undoes it after a normal end or a crash. Children are undone before their parents.
 */
import type { Ledger, LedgerResource } from '../ledger';
import { resourceGraph, type OpNode } from './graph';
import { mmddyyyy } from '../../protocol/dates';
import type { Obj } from './model';

const ITEM = 'sweep';

/** depth of a kind in the graph: a kind created from another (package item ← package) is undone first */
export function cleanupOrder(kind: string | undefined, seen = new Set<string>()): number {
  if (!kind || seen.has(kind)) return 1;
  seen.add(kind);
  const creator = resourceGraph().find((n) => n.creates === kind);
  const parents = (creator?.consumes ?? []).filter((c) => c.kind !== kind).map((c) => cleanupOrder(c.kind, seen));
  return 1 + Math.max(0, ...parents);
}

/** the ledger entry before a create call (undefined for operations that create nothing) */
export function intendCreate(ledger: Ledger, node: OpNode, request: Obj | undefined): string | undefined {
  if (!node.cleanup) return undefined;
  const kind = node.op === 'POST /v1.0/numbers/portin' ? 'portin-order' : (node.creates ?? node.op.split('/').slice(2).join('-'));
  const lookup = node.op === 'POST /v1.0/numbers/portin' && typeof request?.PortInNumber === 'string' ? { PhoneNumber: request.PortInNumber } : undefined;
  // what was added to a resource (voicemail, items, contacts) is undone first
  const order = node.creates ? cleanupOrder(node.creates) : 20;
  return ledger.intend({ kind, createOp: node.op, item: ITEM, cleanupOrder: order, ...(lookup ? { lookup } : {}) });
}

export function recordCreate(ledger: Ledger, key: string, node: OpNode, request: Obj | undefined, response: Obj, ok: boolean): void {
  // the entry was pruned while the call was in flight (a sequence interrupted by the budget): never lose a resource
  if (!ledger.resources().some((r) => r.key === key)) key = intendCreate(ledger, node, request) ?? key;
  if (!ok) return ledger.update(key, { state: 'failed', note: 'the create was answered with an error' });
  const cleanup = node.cleanup && 'op' in node.cleanup ? resolveCleanup(node.cleanup, request, response) : undefined;
  const idField = Object.keys(node.produces).find((f) => node.produces[f] === node.creates);
  const id =
    (idField && typeof response[idField] === 'string' ? response[idField] : undefined) ??
    (typeof response.PhoneNumberAssigned === 'string' ? response.PhoneNumberAssigned : undefined);
  const patch: Partial<LedgerResource> = { state: 'created', ...(id ? { id } : {}), ...(cleanup ? { cleanup } : {}) };
  if (node.cleanup && 'manual' in node.cleanup) patch.note = node.cleanup.manual;
  // the same undo as an earlier create (voicemail activated twice on a number): one undo, kept on the latest
  const same = cleanup ? ledger.resources().filter((r) => r.key !== key && r.state === 'created' && JSON.stringify(r.cleanup) === JSON.stringify(cleanup)) : [];
  for (const r of same) ledger.update(r.key, { state: 'deleted', note: 'the same undo as a later create' });
  ledger.update(key, patch);
}

/**
 * The sweep itself ran a resource's undo operation (a delete, a remove, voicemail/delete…) with the same
 * parameters: the ledger has nothing left to undo for it.
 */
export function recordUndone(ledger: Ledger, op: string, request: { body?: Obj; query?: Record<string, string> }): void {
  const sent = { ...(request.query ?? {}), ...(request.body ?? {}) } as Obj;
  for (const r of ledger.resources()) {
    if (r.state !== 'created' || r.cleanup?.op !== op) continue;
    const params = { ...(r.cleanup.query ?? {}), ...(r.cleanup.body ?? {}) } as Obj;
    const shared = Object.keys(params).filter((k) => k in sent);
    if (shared.length && shared.every((k) => JSON.stringify(sent[k]) === JSON.stringify(params[k])))
      ledger.update(r.key, { state: 'deleted', note: 'undone by the sweep' });
  }
}

type Cleanup = { op: string; in: 'body' | 'query'; params: Record<string, unknown> };

export function resolveCleanup(c: Cleanup, request: Obj | undefined, response: Obj): LedgerResource['cleanup'] {
  const value = resolveValue(c.params, request ?? {}, response) as Obj;
  if (c.in === 'query') return { op: c.op, query: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])) };
  return { op: c.op, body: value };
}

function resolveValue(v: unknown, request: Obj, response: Obj): unknown {
  if (typeof v === 'string') {
    if (v.startsWith('$response.body#/')) return response[v.slice(16)];
    if (v.startsWith('$request.body#/')) return request[v.slice(15)];
    if (v.startsWith('$today')) return mmddyyyy();
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => resolveValue(x, request, response));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Obj).map(([k, x]) => [k, resolveValue(x, request, response)]));
  return v;
}
