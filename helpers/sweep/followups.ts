/**
 * The checks that need a second call: read-after-create (retrievableAfterCreate), use-after-delete
 * (useAfterDelete), auth ignored (authIgnored: the call again without a token) and scope enforced
 * (scopeEnforced: the call again with a token scoped to another endpoint). All named checks of protocol/contract.
 */
import { authIgnored, retrievableAfterCreate, scopeEnforced, useAfterDelete, type Finding } from '../../protocol/contract';
import type { TelegentClient } from '../client';
import { resourceGraph, type OpNode } from './graph';
import type { Obj } from './model';

export interface FollowUp {
  op: string;
  status: number;
  findings: Finding[];
  checks: number;
}

/** the GET that reads one resource of a kind back by its ID and answers it (same path as the create when there is one) */
export function readOpFor(kind: string, createOp?: string): { op: string; param: string } | undefined {
  const reads = resourceGraph().filter(
    (n) => n.op.startsWith('GET ') && n.consumes.some((c) => c.kind === kind && c.in === 'query') && Object.values(n.produces).includes(kind),
  );
  const samePath = createOp ? reads.find((n) => n.op.split(' ')[1] === createOp.split(' ')[1]) : undefined;
  const best = samePath ?? reads.sort((a, b) => a.op.length - b.op.length)[0];
  const param = best?.consumes.find((c) => c.kind === kind && c.in === 'query')?.name;
  return best && param ? { op: best.op, param } : undefined;
}

/** the object of a read answer that carries the ID (the body itself, or an element of a list in it) */
export function resourceIn(body: unknown, id: string, depth = 0): Obj | undefined {
  if (!body || typeof body !== 'object' || depth > 4) return undefined;
  if (Array.isArray(body)) {
    for (const x of body) {
      const hit = resourceIn(x, id, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  const o = body as Obj;
  if (Object.values(o).includes(id)) return o;
  for (const v of Object.values(o)) {
    const hit = typeof v === 'object' ? resourceIn(v, id, depth + 1) : undefined;
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The created resource read back by its ID, compared on what the create WROTE (request fields the create answer
 * carries too): counters and timestamps the platform keeps moving are not the resource's written state. Orders
 * and messages move on by themselves (their lifecycle is the semantic observer's business): not compared.
 */
export async function readAfterCreate(client: TelegentClient, node: OpNode, id: string, created: Obj, request: Obj | undefined): Promise<FollowUp | undefined> {
  const read = node.creates && !MOVING.has(node.creates) ? readOpFor(node.creates, node.op) : undefined;
  if (!read) return undefined;
  const res = await client.call(read.op, { query: { [read.param]: id }, validate: false });
  const found = res.status === 200 ? resourceIn(res.body, id) : undefined;
  const written = Object.keys(request ?? {}).filter((k) => k in created && (!found || k in found));
  const findings = retrievableAfterCreate(created, found, written, { createOp: node.op, readOp: read.op });
  return { op: read.op, status: res.status, checks: 1, findings: findings.map((f) => ({ ...f, op: f.op ?? read.op })) };
}

/** kinds whose state moves on by itself after create: an order, a message */
const MOVING = new Set(['order', 'portinOrder', 'message']);

/** a deleted resource read again answers 404; a cancelled order stays readable with its status (not a delete) */
export async function readAfterDelete(client: TelegentClient, kind: string, id: string): Promise<FollowUp | undefined> {
  const read = MOVING.has(kind) ? undefined : readOpFor(kind);
  if (!read) return undefined;
  const res = await client.call(read.op, { query: { [read.param]: id }, validate: false });
  return { op: read.op, status: res.status, checks: 1, findings: useAfterDelete(res.status, read.op) };
}

/** a read sent without a token, then with a token scoped to another endpoint */
export async function authProbes(client: TelegentClient, op: string, query: Record<string, string> | undefined): Promise<FollowUp[]> {
  const none = await client.call(op, { query, auth: 'none', validate: false });
  const other = op === 'GET /v1.0/account' ? 'POST /v1.0/products' : 'GET /v1.0/account';
  const scoped = await client.call(op, { query, scope: client.scopeFor(other), validate: false });
  return [
    { op, status: none.status, checks: 1, findings: authIgnored(none.status, op) },
    { op, status: scoped.status, checks: 1, findings: scopeEnforced(scoped.status, op) },
  ];
}
