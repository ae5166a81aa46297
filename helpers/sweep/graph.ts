/**
 * The resource graph of the project document: which operation creates which ID kind (its 200 body carries a
 * field marked `x-id-kind`), which operations consume it (a request field or query parameter of that name), and
 * how a created resource is undone (`x-cleanup`). Derived from `schemas/telegent.openapi.json` only.
 */
import { deref, listOperations, loadDocument, type OperationInfo } from '../../protocol/contract';

type Obj = Record<string, any>;

export interface IdField {
  /** field name as the operation spells it */
  name: string;
  kind: string;
  required: boolean;
  in: 'body' | 'query';
}

export interface OpNode {
  op: string;
  /** ID fields of the 200 body (top level): name → kind */
  produces: Record<string, string>;
  consumes: IdField[];
  /** this operation creates a resource the document says how to undo (`x-cleanup`) or one of a kind nothing else creates */
  creates?: string;
  /** this operation deletes / cancels the resource kind it consumes */
  deletes?: string;
  cleanup?: { op: string; in: 'body' | 'query'; params: Record<string, unknown> } | { manual: string };
}

/** request names whose kind the responses spell differently (or that several kinds share, resolved by path) */
const ALIASES: Record<string, string> = {
  MessageRouteID: 'messageRoute',
  CallRouteID: 'callRoute',
  TNID: 'number',
  MessageFilterId: 'messageFilter',
  CallFilterId: 'callFilter',
  FromAccountId: 'account',
  ToAccountId: 'account',
  ReferenceWorkgroupId: 'workgroup',
  AccountID: 'account',
};

/** name → ID kind, from every `x-id-kind` the response schemas carry (first seen wins; FilterId resolved by path) */
let kindsCache: Record<string, string> | undefined;
let graphCache: OpNode[] | undefined;

export function idKinds(): Record<string, string> {
  return (kindsCache ??= collectKinds());
}

function collectKinds(): Record<string, string> {
  const doc = loadDocument() as Obj;
  const out: Record<string, string> = { ...ALIASES };
  for (const op of listOperations())
    walkProps(doc, op.responses['200'], (k, v) => {
      if (typeof v['x-id-kind'] === 'string' && !(k in out)) out[k] = v['x-id-kind'];
    });
  return out;
}

export function kindOf(name: string, opPath: string, kinds = idKinds()): string | undefined {
  // a port-in order is an order only the port-in operations take (update, cancel)
  if (name === 'OrderId' && opPath.startsWith('/v1.0/numbers/portin')) return 'portinOrder';
  if (name === 'FilterId') return opPath.includes('call-filter') ? 'callFilter' : opPath.includes('message-filter') ? 'messageFilter' : undefined;
  return kinds[name];
}

export function walkProps(doc: Obj, schema: unknown, visit: (name: string, s: Obj) => void, depth = 0): void {
  const s = deref<Obj>(doc, schema);
  if (!s || typeof s !== 'object' || depth > 6) return;
  for (const [k, v] of Object.entries((s.properties ?? {}) as Obj)) {
    const d = deref<Obj>(doc, v);
    if (d) visit(k, d);
    walkProps(doc, v, visit, depth + 1);
  }
  if (s.items) walkProps(doc, s.items, visit, depth + 1);
  for (const x of ['allOf', 'oneOf', 'anyOf']) for (const y of (s[x] ?? []) as unknown[]) walkProps(doc, y, visit, depth + 1);
}

function topProps(doc: Obj, schema: unknown): { props: Obj; required: string[] } {
  const s = deref<Obj>(doc, schema) ?? {};
  return { props: (s.properties ?? {}) as Obj, required: (s.required ?? []) as string[] };
}

function consumed(doc: Obj, op: OperationInfo, kinds: Record<string, string>): IdField[] {
  const out: IdField[] = [];
  const { props, required } = topProps(doc, op.requestSchema);
  for (const name of Object.keys(props)) {
    const kind = kindOf(name, op.path, kinds);
    if (kind) out.push({ name, kind, required: required.includes(name), in: 'body' });
  }
  for (const q of op.queryParams) {
    const kind = kindOf(q.name, op.path, kinds);
    if (kind) out.push({ name: q.name, kind, required: q.required, in: 'query' });
  }
  return out;
}

function produced(doc: Obj, op: OperationInfo, kinds: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(topProps(doc, op.responses['200']).props)) {
    const kind = kindOf(name, op.path, kinds);
    if (kind) out[name] = kind;
  }
  return out;
}

/** the resource graph: one node per operation, in document order (computed once) */
export function resourceGraph(): OpNode[] {
  return (graphCache ??= buildGraph());
}

function buildGraph(): OpNode[] {
  const doc = loadDocument() as Obj;
  const kinds = idKinds();
  const nodes = listOperations().map((op) => {
    const node: OpNode = { op: op.key, produces: produced(doc, op, kinds), consumes: consumed(doc, op, kinds) };
    const cleanup = op.cleanup as Obj | undefined;
    if (cleanup) node.cleanup = cleanup.manual ? { manual: String(cleanup.manual) } : { op: cleanup.operation, in: cleanup.in, params: cleanup.params };
    return node;
  });
  markCreates(nodes);
  for (const n of nodes) {
    if (!n.creates || !n.cleanup || !('op' in n.cleanup)) continue;
    const del = nodes.find((x) => x.op === (n.cleanup as { op: string }).op);
    if (del && del.consumes.some((c) => c.kind === n.creates)) del.deletes = n.creates;
  }
  return nodes;
}

/**
 * A POST creates kind K when its `x-cleanup` undoes it by an ID of its 200 body of kind K that it does not itself
 * consume (adding an item to a package creates a package item, not a package); a POST with a manual cleanup
 * (accounts, subscribers…) creates the first new kind of its 200 body.
 */
function markCreates(nodes: OpNode[]): void {
  for (const n of nodes) {
    if (!n.op.startsWith('POST ') || !n.cleanup) continue;
    const consumed = new Set(n.consumes.filter((c) => c.required).map((c) => c.kind));
    const params = 'params' in n.cleanup ? n.cleanup.params : {};
    const refs = Object.values(params).filter((v): v is string => typeof v === 'string' && v.startsWith('$response.body#/'));
    const fields = refs.length ? refs.map((r) => r.slice('$response.body#/'.length)) : Object.keys(n.produces);
    n.creates = fields.map((f) => n.produces[f]).find((k) => k && !consumed.has(k));
  }
}
