/**
 * One answer judged with the certification's named checks (protocol/contract/checks): schema, status code,
 * content type, ID prefix of every ID the answer carries, echo of what a create sent. No second copy of a check.
 */
import {
  contentTypeConformance,
  deref,
  echoesRequest,
  getOperation,
  idPrefix,
  loadDocument,
  schemaConformance,
  statusCodeConformance,
  type Finding,
} from '../../protocol/contract';
import { kindOf, type OpNode } from './graph';
import type { Obj } from './model';

export interface Exchange {
  op: string;
  status: number;
  contentType?: string;
  request: { body?: Obj; query?: Record<string, string> };
  body: unknown;
}

export interface Judged {
  checks: number;
  findings: Finding[];
}

/** the named checks every answer gets; `create` adds the echo check */
export function judgeAnswer(x: Exchange, create: boolean): Judged {
  const groups: Finding[][] = [
    statusCodeConformance(x.op, x.status),
    contentTypeConformance(x.op, x.status, x.contentType),
    schemaConformance(x.op, x.status, x.body),
  ];
  if (x.status >= 200 && x.status < 300) {
    for (const { field, prefixes } of idPrefixes(x.op)) {
      const v = (x.body as Obj | undefined)?.[field];
      if (typeof v === 'string') groups.push(idPrefix(v, prefixes, `/${field}`).map((f) => ({ ...f, op: x.op })));
    }
    if (create) groups.push(echoesRequest(x.request.body, x.body, echoFields(x.op, x.request.body)).map((f) => ({ ...f, op: x.op })));
  }
  return { checks: groups.length, findings: groups.flat().map((f) => ({ ...f, op: f.op ?? x.op })) };
}

const prefixCache = new Map<string, Array<{ field: string; prefixes: string[] }>>();

/** top-level ID fields of the 200 body and the prefixes their documented pattern admits (`^(TSUID|SID)-\S+$`) */
export function idPrefixes(opKey: string): Array<{ field: string; prefixes: string[] }> {
  const hit = prefixCache.get(opKey);
  if (hit) return hit;
  const doc = loadDocument();
  const op = getOperation(opKey);
  const props = ((deref<Obj>(doc, op?.responses['200']) ?? {}).properties ?? {}) as Obj;
  const out: Array<{ field: string; prefixes: string[] }> = [];
  for (const [field, s] of Object.entries(props)) {
    const sch = deref<Obj>(doc, s) ?? {};
    const m = typeof sch.pattern === 'string' ? /^\^\(?([A-Za-z|]+)\)?-\\S\+\$$/.exec(sch.pattern) : null;
    if (m && sch['x-id-kind']) out.push({ field, prefixes: m[1].split('|').map((p) => `${p}-`) });
  }
  prefixCache.set(opKey, out);
  return out;
}

const SECRET = /(Password|Secret|Token|PIN|Pin)$/;

/** request fields a create answer documents under the same name: scalar values, not IDs, not secrets */
export function echoFields(opKey: string, request: Obj | undefined): string[] {
  if (!request) return [];
  const op = getOperation(opKey);
  const doc = loadDocument();
  const props = ((deref<Obj>(doc, op?.responses['200']) ?? {}).properties ?? {}) as Obj;
  const reqProps = ((deref<Obj>(doc, op?.requestSchema) ?? {}).properties ?? {}) as Obj;
  const typeOf = (s: unknown) => (deref<Obj>(doc, s) ?? {}).type;
  return Object.keys(request).filter(
    (k) =>
      k in props &&
      !SECRET.test(k) &&
      !kindOf(k, op?.path ?? '') &&
      ['string', 'number', 'boolean'].includes(typeof request[k]) &&
      (!reqProps[k] || typeOf(reqProps[k]) === typeOf(props[k])),
  );
}

/**
 * The resource kinds the semantic observer identifies by their own ID (protocol/contract/semantics/readback
 * OWN_ID_KEYS, numbers by their E.164). An answer that also carries another kind's ID (a feature, a filter, a
 * webhook…) would be filed under its parent's ID (the account, the subscriber): it is not fed to the observer.
 */
const OBSERVED_KINDS = new Set([
  'account',
  'product',
  'packageItem',
  'package',
  'messageRoute',
  'callRoute',
  'subscriber',
  'subscription',
  'order',
  'message',
  'number',
]);

export function observable(node: OpNode): boolean {
  // voicemail/delete is no write the observer knows: info after a delete would be judged against the update
  if (node.op.includes('/voicemail/')) return false;
  const byName = new Map(node.consumes.map((c) => [c.name.toLowerCase(), c.kind]));
  const kinds = [...byName.values()];
  // two IDs of one kind (a transfer's From/To account): the observer would file the write under the wrong one
  if (new Set(kinds).size < kinds.length) return false;
  return Object.values(node.produces).every((k) => OBSERVED_KINDS.has(k));
}
