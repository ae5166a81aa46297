/**
 * The project document (`schemas/telegent.openapi.json`): loading, operation listing and lookup.
 * Everything is read from the document's structure — never from hard-coded knowledge of its content —
 * because the document is authored (and rewritten) independently.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OpenAPIV3 } from 'openapi-types';
import type { OperationInfo, QueryParam } from './types';

/** `schemas/` of this checkout (override with TELEGENT_SCHEMAS_DIR, e.g. to validate another copy). */
export function schemasDir(): string {
  return process.env.TELEGENT_SCHEMAS_DIR || path.resolve(__dirname, '..', '..', 'schemas');
}

export const DOCUMENT_FILE = 'telegent.openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

let cachedDoc: OpenAPIV3.Document | undefined;
let cachedOps: OperationInfo[] | undefined;
let byKey: Map<string, OperationInfo> | undefined;
let byLowerKey: Map<string, OperationInfo> | undefined;
let templated: Array<{ method: string; re: RegExp; op: OperationInfo }> = [];
const resetHooks: Array<() => void> = [];

/** Register a callback run by `resetContract()` (used by the validator caches). */
export function onContractReset(fn: () => void): void {
  resetHooks.push(fn);
}

/** Drop every cache (document, operations, compiled validators): the next call re-reads `schemas/`. */
export function resetContract(): void {
  cachedDoc = undefined;
  cachedOps = undefined;
  byKey = undefined;
  byLowerKey = undefined;
  templated = [];
  for (const fn of resetHooks) fn();
}

/** The project's OpenAPI 3.0.3 document, parsed once and cached. */
export function loadDocument(): OpenAPIV3.Document {
  if (!cachedDoc) {
    const file = path.join(schemasDir(), DOCUMENT_FILE);
    cachedDoc = JSON.parse(fs.readFileSync(file, 'utf8')) as OpenAPIV3.Document;
  }
  return cachedDoc;
}

function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Resolve a local `$ref` (`#/components/...`) against the document. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const parts = ref
    .slice(1)
    .split('/')
    .filter((p, i) => i > 0 || p !== '');
  let cur: any = doc;
  for (const raw of parts) {
    const p = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObj(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as any)[p];
  }
  return cur;
}

/** Follow OpenAPI-level `$ref`s (requestBodies, responses, parameters) to the object itself. */
export function deref<T = any>(doc: unknown, node: unknown, depth = 0): T | undefined {
  if (isObj(node) && typeof node.$ref === 'string' && depth < 20) return deref<T>(doc, resolvePointer(doc, node.$ref), depth + 1);
  return node as T | undefined;
}

/** The JSON media type entry of a content map (application/json first, then any `*json` type). */
export function jsonMedia(content: unknown): Record<string, any> | undefined {
  if (!isObj(content)) return undefined;
  if (isObj(content['application/json'])) return content['application/json'];
  for (const [type, media] of Object.entries(content)) if (/json/i.test(type) && isObj(media)) return media;
  return undefined;
}

/** Examples of a media type entry: `example` and every `examples.*.value`. */
export function mediaExamples(doc: unknown, media: Record<string, any> | undefined): unknown[] {
  if (!media) return [];
  const out: unknown[] = [];
  if (media.example !== undefined) out.push(media.example);
  if (isObj(media.examples)) {
    for (const ex of Object.values(media.examples)) {
      const e = deref<Record<string, unknown>>(doc, ex);
      if (isObj(e) && e.value !== undefined) out.push(e.value);
    }
  }
  return out;
}

function buildOperations(): OperationInfo[] {
  const doc = loadDocument();
  const ops: OperationInfo[] = [];
  for (const [p, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = deref<Record<string, any>>(doc, rawItem);
    if (!isObj(item)) continue;
    const pathParams: unknown[] = Array.isArray(item.parameters) ? item.parameters : [];
    for (const m of METHODS) {
      const op = item[m];
      if (!isObj(op)) continue;
      const params = new Map<string, Record<string, any>>();
      for (const raw of [...pathParams, ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
        const prm = deref<Record<string, any>>(doc, raw);
        if (isObj(prm) && typeof prm.name === 'string') params.set(`${prm.in}:${prm.name}`, prm);
      }
      const queryParams: QueryParam[] = [...params.values()]
        .filter((prm) => prm.in === 'query')
        .map((prm) => ({ name: prm.name, required: prm.required === true, schema: isObj(prm.schema) ? prm.schema : undefined, description: prm.description }));
      const rb = deref<Record<string, any>>(doc, op.requestBody);
      const reqMedia = isObj(rb) ? jsonMedia(rb.content) : undefined;
      const responses: Record<string, Record<string, unknown> | undefined> = {};
      const responseExamples: Record<string, unknown[]> = {};
      for (const [status, rawResp] of Object.entries(isObj(op.responses) ? op.responses : {})) {
        const resp = deref<Record<string, any>>(doc, rawResp);
        const media = isObj(resp) ? jsonMedia(resp.content) : undefined;
        responses[status] = isObj(media?.schema) ? media!.schema : undefined;
        responseExamples[status] = mediaExamples(doc, media);
      }
      const extensions: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(op)) if (k.startsWith('x-')) extensions[k] = v;
      const security = op.security ?? (doc as any).security;
      ops.push({
        key: `${m.toUpperCase()} ${p}`,
        method: m.toUpperCase(),
        path: p,
        operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
        summary: typeof op.summary === 'string' ? op.summary : undefined,
        requestSchema: isObj(reqMedia?.schema) ? reqMedia!.schema : undefined,
        requestBodyRequired: isObj(rb) && rb.required === true,
        queryParams,
        responses,
        responseExamples,
        billable: op['x-billable'] === true,
        idempotent: typeof op['x-idempotent'] === 'boolean' ? op['x-idempotent'] : undefined,
        cleanup: op['x-cleanup'],
        ruling: op['x-ruling'],
        extensions,
        requiresAuth: !(Array.isArray(security) && security.length === 0),
      });
    }
  }
  return ops;
}

function ensureIndex(): OperationInfo[] {
  if (!cachedOps) {
    const ops = buildOperations();
    byKey = new Map(ops.map((o) => [o.key, o]));
    byLowerKey = new Map(ops.map((o) => [o.key.toLowerCase(), o]));
    templated = ops
      .filter((o) => o.path.includes('{'))
      .map((o) => ({
        method: o.method,
        op: o,
        re: new RegExp(
          '^' +
            o.path
              .split(/\{[^}]+\}/)
              .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
              .join('[^/]+') +
            '$',
          'i',
        ),
      }));
    cachedOps = ops;
  }
  return cachedOps;
}

/** Every operation of the project document, in document order. */
export function listOperations(): OperationInfo[] {
  return ensureIndex();
}

function normalisePath(urlPath: string): string {
  let p = urlPath;
  if (/^https?:\/\//i.test(p)) {
    try {
      p = new URL(p).pathname;
    } catch {
      /* keep as is */
    }
  }
  const q = p.search(/[?#]/);
  if (q >= 0) p = p.slice(0, q);
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/** The operation for a request (method + path or full URL; query string ignored). Path match is case-insensitive. */
export function findOperation(method: string, urlPath: string): OperationInfo | undefined {
  ensureIndex();
  const m = method.toUpperCase();
  const p = normalisePath(urlPath);
  const exact = byKey!.get(`${m} ${p}`);
  if (exact) return exact;
  const lower = byLowerKey!.get(`${m} ${p}`.toLowerCase());
  if (lower) return lower;
  return templated.find((t) => t.method === m && t.re.test(p))?.op;
}

/** The operation named by an operation key (`"POST /v1.0/numbers/provision"`); method and path case-insensitive. */
export function getOperation(opKey: string): OperationInfo | undefined {
  ensureIndex();
  const exact = byKey!.get(opKey);
  if (exact) return exact;
  const sp = opKey.trim().indexOf(' ');
  if (sp < 0) return undefined;
  return findOperation(
    opKey.trim().slice(0, sp),
    opKey
      .trim()
      .slice(sp + 1)
      .trim(),
  );
}
