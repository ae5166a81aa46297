/**
 * Response shaping: every answer is built from the operation's documented response schema (project document) with
 * the sandbox's state — what the client sent and what the platform derived — and null for a documented field without
 * a value (R-sandbox-response-values). The vendor's 200 example only orders the keys; its values are never used.
 */
import { projectDocument } from './contract';
import { clone } from './util';

export interface OpMeta {
  key: string; // "POST /v1.0/numbers/provision" (path exactly as in the document)
  method: string;
  path: string;
  example: unknown; // 200 template (example, or generated from the schema); undefined → empty 200
  schema?: any; // the 200 response schema of the project document
  hasBody: boolean;
  requestSamples: unknown[];
}

let table: Map<string, OpMeta> | undefined;

export function resolveRef(doc: any, s: any): any {
  let guard = 0;
  while (s && s.$ref && guard++ < 20) {
    const parts = String(s.$ref).replace(/^#\//, '').split('/');
    s = parts.reduce((o: any, p: string) => (o ? o[p] : undefined), doc);
  }
  return s;
}

export function sampleFromSchema(doc: any, s: any, depth = 0): unknown {
  s = resolveRef(doc, s);
  if (!s || depth > 6) return null;
  if (s.example !== undefined) return s.example;
  if (s.enum) return s.enum[0];
  const t = Array.isArray(s.type) ? s.type[0] : s.type;
  if (t === 'object' || s.properties) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries<any>(s.properties ?? {})) o[k] = sampleFromSchema(doc, v, depth + 1);
    return o;
  }
  if (t === 'array') return [sampleFromSchema(doc, s.items, depth + 1)];
  if (t === 'integer' || t === 'number') return 0;
  if (t === 'boolean') return true;
  if (t === 'string') return '';
  return null;
}

export function opTable(): Map<string, OpMeta> {
  if (table) return table;
  const doc = projectDocument();
  table = new Map();
  for (const [p, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const m of ['get', 'post', 'put', 'delete', 'patch']) {
      const op = item[m];
      if (!op) continue;
      const key = `${m.toUpperCase()} ${p}`;
      const c = op.responses?.['200']?.content ?? {};
      const j = c['application/json'] ?? c[Object.keys(c)[0]];
      let example: unknown;
      if (j?.examples) example = (Object.values<any>(j.examples)[0] as any)?.value;
      else if (j?.example !== undefined) example = j.example;
      if (example === undefined && j?.schema) {
        const sch = resolveRef(doc, j.schema);
        if (sch && (sch.properties || sch.items)) example = sampleFromSchema(doc, sch);
      }
      const samples: unknown[] = [];
      for (const s of op['x-request-samples'] ?? []) {
        try {
          samples.push(JSON.parse(s));
        } catch {
          /* not JSON */
        }
      }
      const rc = op.requestBody?.content?.['application/json'];
      if (rc?.example !== undefined) samples.push(rc.example);
      for (const e of Object.values<any>(rc?.examples ?? {})) if (e?.value !== undefined) samples.push(e.value);
      table.set(key, { key, method: m.toUpperCase(), path: p, example, schema: j?.schema, hasBody: !!op.requestBody, requestSamples: samples });
    }
  }
  return table;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function findKey(data: Record<string, unknown>, key: string): string | undefined {
  if (key in data) return key;
  const l = key.toLowerCase();
  return Object.keys(data).find((k) => k.toLowerCase() === l);
}

/** coerce `v` to the JSON type of the template value `t` (R-sandbox-response-values: no value → null, never `t`) */
function coerce(t: unknown, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (t === null || t === undefined) return clone(v);
  if (Array.isArray(t)) {
    if (!Array.isArray(v)) return [];
    const it = t[0];
    return v.map((x) => (it === undefined ? clone(x) : coerce(it, x)));
  }
  if (isObj(t)) return isObj(v) ? shape(t, v) : null;
  if (typeof t === 'number') {
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) ? n : clone(v);
  }
  if (typeof t === 'boolean') return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : Boolean(v);
  if (typeof t === 'string') return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return clone(v);
}

/** overlay `data` on template `tpl`: only the template's keys, in the template's order and types; a key the data
 *  has no value for is null — the template's (example's) value is never used (R-sandbox-response-values) */
export function shape(tpl: unknown, data: unknown): any {
  if (Array.isArray(tpl)) return coerce(tpl, data);
  if (!isObj(tpl)) return data === undefined ? null : clone(data);
  const d = isObj(data) ? data : {};
  const out: Record<string, unknown> = {};
  for (const [k, t] of Object.entries(tpl)) {
    const dk = findKey(d, k);
    out[k] = dk === undefined ? null : coerce(t, d[dk]);
  }
  return out;
}

const flatCache = new WeakMap<object, any>();
/** merge allOf / resolve $ref into one schema view (cached per schema node) */
function flat(doc: any, s0: any, depth = 0): any {
  if (s0 && typeof s0 === 'object') {
    const hit = flatCache.get(s0);
    if (hit !== undefined) return hit;
    const v = flatUncached(doc, s0, depth);
    flatCache.set(s0, v ?? null);
    return v;
  }
  return flatUncached(doc, s0, depth);
}
function flatUncached(doc: any, s: any, depth: number): any {
  s = resolveRef(doc, s);
  if (!s || depth > 8) return s;
  if (Array.isArray(s.allOf)) {
    const out: any = { ...s, properties: { ...(s.properties ?? {}) }, required: [...(s.required ?? [])] };
    delete out.allOf;
    for (const part of s.allOf) {
      const f = flat(doc, part, depth + 1) ?? {};
      Object.assign(out.properties, f.properties ?? {});
      out.required.push(...(f.required ?? []));
      if (f.type && !out.type) out.type = f.type;
      if (f.items && !out.items) out.items = f.items;
    }
    return out;
  }
  return s;
}

const typeOf = (s: any): string | undefined =>
  (Array.isArray(s?.type) ? s.type.find((t: string) => t !== 'null') : s?.type) ?? (s?.properties ? 'object' : s?.items ? 'array' : undefined);
const nullable = (s: any) => s?.nullable === true || (Array.isArray(s?.type) && s.type.includes('null'));

/** an object schema's keys (the example's order first, then the schema's) and which of them are left out when null */
interface ObjectPlan {
  keys: string[];
  omitWhenNull: boolean[];
}
/** per flattened schema node, per example object (both static: the document and opTable's templates) */
const planCache = new WeakMap<object, WeakMap<object, ObjectPlan>>();
const NO_EXAMPLE = {};

function objectPlan(doc: any, s: any, ex: Record<string, unknown> | undefined): ObjectPlan {
  let byEx = planCache.get(s);
  if (!byEx) planCache.set(s, (byEx = new WeakMap()));
  const exKey = ex ?? NO_EXAMPLE;
  let plan = byEx.get(exKey);
  if (!plan) {
    const keys = [...new Set([...Object.keys(ex ?? {}).filter((k) => k in s.properties), ...Object.keys(s.properties)])];
    const req = new Set<string>(s.required ?? []);
    plan = { keys, omitWhenNull: keys.map((k) => !req.has(k) && !nullable(flat(doc, s.properties[k]))) };
    byEx.set(exKey, plan);
  }
  return plan;
}

/**
 * shape `data` by the response schema: documented keys only, schema types. R-sandbox-response-values: a response
 * carries what the client sent, what the platform derived, and null for every documented field the sandbox has no
 * value for — never a value copied from the vendor's example (the example only orders the keys).
 */
function bySchema(doc: any, schema: any, ex: unknown, data: unknown, depth = 0): unknown {
  if (data === undefined || data === null) return null;
  const s = flat(doc, schema);
  const t = typeOf(s);
  if (!s || depth > 12 || (!t && !s.properties)) return clone(data);
  if (t === 'object' && s.properties && Object.keys(s.properties).length) {
    if (!isObj(data)) return null;
    const out: Record<string, unknown> = {};
    const exObj = isObj(ex) ? ex : undefined;
    const plan = objectPlan(doc, s, exObj);
    for (let i = 0; i < plan.keys.length; i++) {
      const k = plan.keys[i];
      const dk = findKey(data, k);
      const v = dk === undefined ? null : bySchema(doc, s.properties[k], exObj ? exObj[k] : undefined, data[dk], depth + 1);
      // no value: null where the document allows null or requires the field; an optional non-nullable field is left
      // out until the document lets it be null (never filled from the example)
      if (v === null && plan.omitWhenNull[i]) continue;
      out[k] = v;
    }
    return out;
  }
  if (t === 'object') return isObj(data) ? clone(data) : null;
  if (t === 'array') {
    if (!Array.isArray(data)) return null;
    const exItem = Array.isArray(ex) ? ex[0] : undefined;
    return data.map((x) => bySchema(doc, s.items, exItem, x, depth + 1));
  }
  return scalar(t, data);
}

/** a scalar in the schema's type (numbers from "$1.50" / "12", booleans from "true"/"false") */
function scalar(t: string | undefined, data: unknown): unknown {
  if (t === 'number' || t === 'integer') {
    const n = typeof data === 'number' ? data : Number(String(data).replace(/^\$/, ''));
    return Number.isFinite(n) && String(data).trim() !== '' ? n : data;
  }
  if (t === 'boolean') return typeof data === 'boolean' ? data : data === 'true' ? true : data === 'false' ? false : data;
  if (t === 'string') return typeof data === 'string' ? data : typeof data === 'object' ? JSON.stringify(data) : String(data);
  return data;
}

export function respond(opKey: string, data: unknown): any {
  const meta = opTable().get(opKey);
  if (!meta) return data;
  if (meta.schema) return bySchema(projectDocument(), meta.schema, meta.example, data);
  if (meta.example === undefined) return data;
  return shape(meta.example, data);
}
