/**
 * ajv-backed validation of requests, responses, webhook payloads and CDR records.
 *
 * The project document is converted (OpenAPI 3.0 → JSON Schema, see convert.ts) into two twins —
 * `lax` and `strict` — each registered ONCE in ajv as a whole (components + every operation's
 * schemas), so `$ref: '#/components/...'` resolves inside it. Validators are compiled lazily, on
 * first use, and cached per operation + part (request / query / response status) and flavour.
 *
 * Per validation: the strict twin runs first; when it passes there is nothing to report (fast
 * path). Otherwise the lax twin gives the errors, and the strict twin's `additionalProperties`
 * failures become `warning` findings (undocumented extra fields).
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { Name, type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { formatTable, useFormatTable } from './formats';
import { FORMATS_ARG, validatorCache, type ValidatorCache } from './validator-cache';
import { isSensitiveKey, redact, redactString } from '../redact';
import { collectAllOfRefs, convertComponents, convertSchema, type Flavour } from './convert';
import { getOperation, listOperations, loadDocument, onContractReset, schemasDir } from './document';
import type { CdrKind, Finding, OperationInfo, WebhookKind } from './types';

type AnyAjv = Ajv | Ajv2019 | Ajv2020;
type Obj = Record<string, unknown>;

/** ajv warnings (unknown formats, …) collected instead of printed; see `contractWarnings()`. */
const ajvWarnings: string[] = [];
const logger = {
  log: () => undefined,
  warn: (...args: unknown[]) => {
    if (ajvWarnings.length < 200) ajvWarnings.push(args.map(String).join(' '));
  },
  error: (...args: unknown[]) => console.error(...args),
};
export function contractWarnings(): string[] {
  return [...ajvWarnings];
}

function newAjv(kind: 'draft7' | '2019' | '2020', extra: Obj = {}): AnyAjv {
  // (code.optimize left on: measured ~40% faster validation than optimize:false, same first-pass time)
  // verbose: failing nodes come with their schema (`parentSchema`), whose annotations name the basis
  const opts = { allErrors: true, strict: false, validateSchema: false, verbose: true, logger, ...extra } as const;
  const ajv: AnyAjv = kind === '2020' ? new Ajv2020(opts) : kind === '2019' ? new Ajv2019(opts) : new Ajv(opts);
  addFormats(ajv as Ajv); // its keywords (formatMinimum, …); the formats themselves come from the one table:
  useFormatTable(ajv as Ajv); // ajv-formats' full formats, E.164, fast date-time / uri (same verdicts)
  return ajv;
}

interface OpParts {
  request?: unknown;
  query: unknown;
  responses: Record<string, unknown>;
}
/** the converted document registered in ajv: built only when a validator has to be compiled (a cache miss) */
interface Compiler {
  ajv: AnyAjv;
  queryAjv: AnyAjv;
  parts: Record<Flavour, OpParts[]>;
}
interface Registered {
  index: Map<string, number>;
  compiler?: Compiler;
  /** compiled validators on disk (undefined: turned off) */
  disk?: ValidatorCache;
  cache: Map<string, ValidateFunction | Error>;
  /** opKey → status → compiled twins, for validateResponse's hot path (keys as callers spell them; no key string built per call) */
  fast: Map<string, Map<number, FastEntry>>;
  /** validateRequest's per-operation plans */
  requests: Map<string, RequestPlan>;
}
let registered: Registered | undefined;
const fileCache = new Map<string, { strict: ValidateFunction; lax: ValidateFunction } | Error>();

onContractReset(() => {
  registered = undefined;
  fileCache.clear();
  fileDisks.clear();
});

/**
 * Every component schema is registered once per flavour under its own URI, so ajv compiles it
 * once and every operation schema that references it calls the same function (inlineRefs: false).
 */
const BASE = 'https://telegent-suite.local/openapi/';
const componentUri = (f: Flavour, name: string) => `${BASE}${f}/schemas/${encodeURIComponent(name)}`;
const docUri = (f: Flavour) => `${BASE}${f}/doc.json`;

function unescapeToken(t: string): string {
  let d = t;
  try {
    d = decodeURIComponent(t);
  } catch {
    /* keep */
  }
  return d.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Local `#/components/...` refs → absolute URIs of the registered schemas. */
function rewriteRefs(node: unknown, f: Flavour): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, f));
  if (!node || typeof node !== 'object') return node;
  const out: Obj = {};
  for (const [k, v] of Object.entries(node as Obj)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#')) {
      const m = /^#\/components\/schemas\/([^/]+)(\/.*)?$/.exec(v);
      out[k] = m ? `${componentUri(f, unescapeToken(m[1]))}${m[2] ? `#${m[2]}` : ''}` : `${docUri(f)}${v}`;
    } else out[k] = rewriteRefs(v, f);
  }
  return out;
}

function register(): Registered {
  if (registered) return registered;
  const doc = loadDocument();
  const ops = listOperations();
  const disk = validatorCache(() => [JSON.stringify(doc)], formatTable());
  registered = { index: new Map(ops.map((o, i) => [o.key, i])), disk, cache: new Map(), fast: new Map(), requests: new Map() };
  return registered;
}

function compilerOf(reg: Registered): Compiler {
  if (reg.compiler) return reg.compiler;
  const doc = loadDocument() as unknown as Obj;
  const ops = listOperations();
  const noStrictRefs = collectAllOfRefs(doc);
  // code.source: what is compiled can be written to the on-disk cache (formats read from the loader's argument)
  const code = reg.disk ? { code: { source: true, formats: new Name(FORMATS_ARG) } } : {};
  const ajv = newAjv('draft7', { inlineRefs: false, ...code });
  const queryAjv = newAjv('draft7', { coerceTypes: true, inlineRefs: false, ...code });
  const parts = {} as Record<Flavour, OpParts[]>;
  for (const flavour of ['lax', 'strict'] as Flavour[]) {
    const opts = { flavour, noStrictRefs };
    const comps = rewriteRefs(convertComponents(doc.components, opts), flavour) as Obj;
    for (const [name, schema] of Object.entries((comps.schemas as Obj) ?? {})) {
      ajv.addSchema(schema as Obj, componentUri(flavour, name));
      if (flavour === 'lax') queryAjv.addSchema(JSON.parse(JSON.stringify(schema)), componentUri(flavour, name));
    }
    ajv.addSchema({ components: JSON.parse(JSON.stringify(comps)) }, docUri(flavour));
    if (flavour === 'lax') queryAjv.addSchema({ components: JSON.parse(JSON.stringify(comps)) }, docUri(flavour));
    parts[flavour] = ops.map((op) => {
      const responses: Obj = {};
      for (const [status, schema] of Object.entries(op.responses)) if (schema) responses[status] = rewriteRefs(convertSchema(schema, opts), flavour);
      return {
        request: op.requestSchema ? rewriteRefs(convertSchema(op.requestSchema, opts), flavour) : undefined,
        query: rewriteRefs(querySchema(op, opts), flavour),
        responses,
      };
    });
  }
  return (reg.compiler = { ajv, queryAjv, parts });
}

function querySchema(op: OperationInfo, opts: { flavour: Flavour; noStrictRefs: Set<string> }): Obj {
  const properties: Obj = {};
  const required: string[] = [];
  for (const p of op.queryParams) {
    properties[p.name] = p.schema ? convertSchema(p.schema, opts) : {};
    if (p.required) required.push(p.name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

/** part: 'request' | 'query' | 'responses/<status>' — from memory, else from the on-disk cache, else compiled */
function compiled(reg: Registered, flavour: Flavour, idx: number, part: string, useQueryAjv = false): ValidateFunction | Error {
  const key = `${useQueryAjv ? 'q' : flavour}|${idx}|${part}`;
  let v = reg.cache.get(key);
  if (!v) {
    v = reg.disk?.load(key) ?? compileNow(reg, key, flavour, idx, part, useQueryAjv);
    reg.cache.set(key, v);
  }
  return v;
}

function compileNow(reg: Registered, key: string, flavour: Flavour, idx: number, part: string, useQueryAjv: boolean): ValidateFunction | Error {
  const c = compilerOf(reg);
  const ajv = useQueryAjv ? c.queryAjv : c.ajv;
  const p = c.parts[flavour][idx];
  const schema = part === 'request' ? p.request : part === 'query' ? p.query : p.responses[unescapeToken(part.slice('responses/'.length))];
  try {
    if (schema === undefined) throw new Error(`no schema for ${part}`);
    const keys = typeof schema === 'object' && schema ? Object.keys(schema) : [];
    // a bare reference to a component: share the component's compiled function
    const ref = keys.length === 1 && keys[0] === '$ref' ? ((schema as Obj).$ref as string) : undefined;
    const v = (ref ? (ajv.getSchema(ref) as ValidateFunction | undefined) : undefined) ?? ajv.compile(schema as Obj);
    reg.disk?.store(key, ajv as Ajv, v);
    return v;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

// ---------------------------------------------------------------------------------------------
// findings

const MAX_ACTUAL = 160;

function pointerGet(data: unknown, pointer: string): { found: boolean; value: unknown; key?: string } {
  if (pointer === '') return { found: true, value: data };
  let cur: any = data;
  let key: string | undefined;
  const escaped = pointer.indexOf('~') >= 0;
  // walk the tokens between '/' without splitting the pointer (no array, no replace when nothing is escaped)
  for (let at = 1; at <= pointer.length;) {
    let end = pointer.indexOf('/', at);
    if (end < 0) end = pointer.length;
    const raw = pointer.slice(at, end);
    key = escaped ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
    if (cur === null || typeof cur !== 'object' || !(key in cur)) return { found: false, value: undefined, key };
    cur = cur[key];
    at = end + 1;
  }
  return { found: true, value: cur, key };
}

/** What redact() makes of a value stored under a non-sensitive key: primitives directly, anything else the deep walk. */
function redactUnder(value: unknown, key: string | undefined): unknown {
  if (key !== undefined && isSensitiveKey(key)) return (redact({ [key]: value }) as Obj)[key]; // (verdicts remembered per key)
  if (typeof value === 'string') return redactString(value);
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  return key !== undefined ? (redact({ [key]: value }) as Obj)[key] : redact(value);
}

/** Render a value for a finding: redacted (by key and registered secrets), JSON, truncated. */
export function renderActual(value: unknown, key?: string): string {
  if (value === undefined) return 'missing';
  const red = redactUnder(value, key);
  let s: string;
  try {
    s = typeof red === 'string' ? JSON.stringify(red) : (JSON.stringify(red) ?? String(red));
  } catch {
    s = String(red);
  }
  return s.length > MAX_ACTUAL ? `${s.slice(0, MAX_ACTUAL - 1)}…` : s;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function describeExpected(e: ErrorObject): string {
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'type':
      return `type ${Array.isArray(p.type) ? p.type.join(' | ') : p.type}`;
    case 'required':
      return `required property "${p.missingProperty}"`;
    case 'enum':
      return `one of ${JSON.stringify(p.allowedValues)}`;
    case 'const':
      return `constant ${JSON.stringify(p.allowedValue)}`;
    case 'pattern':
      return `string matching ${p.pattern}`;
    case 'format':
      return `format "${p.format}"`;
    case 'additionalProperties':
      return 'no undocumented property';
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
    case 'multipleOf':
      return `${e.keyword} ${p.limit ?? p.multipleOf}`;
    default:
      return `${e.keyword}${p && Object.keys(p).length ? ' ' + JSON.stringify(p) : ''}`;
  }
}

function errorToFinding(
  e: ErrorObject,
  data: unknown,
  check: string,
  severity: 'error' | 'warning',
  op: string | undefined,
  where: string,
  basis?: string,
): Finding {
  const p = e.params as Record<string, any>;
  let pointer = e.instancePath;
  let actual: string;
  let message: string;
  if (e.keyword === 'required') {
    pointer = `${pointer}/${escapePointer(String(p.missingProperty))}`;
    actual = 'missing';
    message = `${where} ${pointer}: required field "${p.missingProperty}" is missing`;
  } else if (e.keyword === 'additionalProperties') {
    pointer = `${pointer}/${escapePointer(String(p.additionalProperty))}`;
    const got = pointerGet(data, pointer);
    actual = renderActual(got.value, got.key);
    message = `${where} ${pointer}: undocumented field "${p.additionalProperty}"`;
  } else {
    const got = pointerGet(data, pointer);
    actual = got.found ? renderActual(got.value, got.key) : 'missing';
    message = `${where} ${pointer || '(body)'}: ${e.message ?? e.keyword}`;
  }
  return { check, severity, ...(op ? { op } : {}), pointer, expected: describeExpected(e), actual, message, ...(basis ? { basis } : {}) };
}

/** Undocumented response fields: ruling R-response-extra-fields (warnings). */
const EXTRA_FIELDS_BASIS = 'R-response-extra-fields';

/**
 * The basis of a failing keyword, read from the annotations the generator put on the failing node
 * (kept by convert.ts; ajv `verbose` hands the node over as `parentSchema`).
 */
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function basisOf(e: ErrorObject, severity: 'error' | 'warning', fallback: string): string {
  const ps = (e.parentSchema ?? {}) as Obj;
  if (e.keyword === 'additionalProperties') return severity === 'warning' ? EXTRA_FIELDS_BASIS : (str(ps['x-source']) ?? fallback);
  const inferred = (ps['x-inferred'] ?? {}) as Obj;
  if (e.keyword === 'required') {
    const missing = String((e.params as Record<string, unknown>).missingProperty);
    const src = str(((ps['x-required-source'] ?? {}) as Obj)[missing]);
    if (src) return src;
    if (Array.isArray(inferred.required) && inferred.required.includes(missing)) return str(ps['x-inferred-basis']) ?? 'inferred';
  } else if (severity === 'warning' && e.keyword in inferred) return str(ps['x-inferred-basis']) ?? 'inferred';
  if (severity === 'warning' && ps['x-basis'] === 'inferred') return 'inferred';
  // a node decided by a ruling names it; a documented node names its source (a soft ruling on it only governs x-inferred)
  if (ps['x-basis'] === 'documented') return str(ps['x-source']) ?? fallback;
  return str(ps['x-ruling']) ?? str(ps['x-source']) ?? fallback;
}

/** Drop ajv's noise: the generic "must match a schema in anyOf" when branch errors already explain it. */
function usefulErrors(errors: ErrorObject[]): ErrorObject[] {
  // "must match then schema" only repeats the errors of the `then` branch
  if (errors.some((e) => e.keyword === 'if') && errors.some((e) => e.keyword !== 'if')) errors = errors.filter((e) => e.keyword !== 'if');
  if (errors.length <= 1) return errors;
  return errors.filter(
    (e) =>
      !(
        (e.keyword === 'anyOf' || e.keyword === 'oneOf') &&
        errors.some((o) => o !== e && o.instancePath.startsWith(e.instancePath) && o.keyword !== e.keyword)
      ),
  );
}

/** the lax twin is compiled only when the strict one fails (valid payloads never need it) */
type LaxRef = () => ValidateFunction | Error;
interface FastEntry {
  op: string;
  strict: ValidateFunction;
  lax: LaxRef;
  /** `response ${status}`, built once */
  where: string;
}

function runTwins(
  strict: ValidateFunction,
  laxRef: LaxRef,
  data: unknown,
  check: string,
  op: string | undefined,
  where: string,
  fallback = 'OpenAPI',
): Finding[] {
  if (strict(data)) return [];
  const lax = laxRef();
  if (lax instanceof Error) return [contractError(op, check, `lax schema for ${where} does not compile: ${lax.message}`)];
  // strict = lax + undocumented-field checks + inferred constraints: what only the strict twin rejects is a warning
  const warnErrors = usefulErrors(strict.errors ?? []);
  const out: Finding[] = [];
  if (!lax(data)) for (const e of usefulErrors(lax.errors ?? [])) out.push(errorToFinding(e, data, check, 'error', op, where, basisOf(e, 'error', fallback)));
  const seen = new Set<string>();
  for (let i = 0; i < out.length; i++) seen.add(out[i].pointer);
  for (const e of warnErrors) {
    const f = errorToFinding(e, data, check, 'warning', op, where, basisOf(e, 'warning', fallback));
    if (seen.has(f.pointer)) continue;
    seen.add(f.pointer);
    out.push(f);
  }
  return out;
}

function contractError(op: string | undefined, check: string, message: string, expected = 'a compilable schema'): Finding {
  return { check, severity: 'error', ...(op ? { op } : {}), pointer: '', expected, actual: 'n/a', message };
}

function unknownOp(opKey: string, check: string): Finding {
  return {
    check,
    severity: 'error',
    op: opKey,
    pointer: '',
    expected: 'an operation of schemas/telegent.openapi.json',
    actual: JSON.stringify(opKey),
    message: `unknown operation ${opKey}`,
  };
}

// ---------------------------------------------------------------------------------------------
// requests

/** per operation: what validateRequest looks up on every call, resolved once (compiled functions as `compiled` caches them) */
interface RequestPlan {
  idx: number;
  known: Set<string>;
  strict?: ValidateFunction | Error;
  lax: LaxRef;
  query?: ValidateFunction | Error;
}

function requestPlan(reg: Registered, op: OperationInfo): RequestPlan {
  let plan = reg.requests.get(op.key);
  if (!plan) {
    const idx = reg.index.get(op.key)!;
    let lax: ValidateFunction | Error | undefined;
    plan = { idx, known: new Set(op.queryParams.map((p) => p.name)), lax: () => (lax ??= compiled(reg, 'lax', idx, 'request')) };
    reg.requests.set(op.key, plan);
  }
  return plan;
}

/**
 * Validate a request before it is sent: JSON body against the operation's request schema, query
 * parameters against their declared schemas (required ones present). Undocumented body fields and
 * query parameters are warnings; everything else is an error naming the field.
 */
export function validateRequest(opKey: string, body: unknown, query?: Record<string, string>): Finding[] {
  const op = getOperation(opKey);
  if (!op) return [unknownOp(opKey, 'requestSchema')];
  const reg = register();
  const plan = requestPlan(reg, op);
  const idx = plan.idx;
  const out: Finding[] = [];
  if (op.requestSchema) {
    if (body === undefined) {
      if (op.requestBodyRequired)
        out.push({
          check: 'requestSchema',
          severity: 'error',
          op: op.key,
          pointer: '',
          expected: 'a JSON request body',
          actual: 'missing',
          message: `request body of ${op.key} is required`,
        });
    } else {
      const strict = (plan.strict ??= compiled(reg, 'strict', idx, 'request'));
      if (strict instanceof Error) out.push(contractError(op.key, 'requestSchema', `request schema of ${op.key} does not compile: ${strict.message}`));
      else out.push(...runTwins(strict, plan.lax, body, 'requestSchema', op.key, 'request', 'OpenAPI request schema'));
    }
  } else if (body !== undefined && body !== null && !(typeof body === 'object' && Object.keys(body as object).length === 0)) {
    out.push({
      check: 'requestSchema',
      severity: 'warning',
      op: op.key,
      pointer: '',
      expected: 'no request body',
      actual: renderActual(body),
      message: `${op.key} documents no request body`,
    });
  }
  const q = query ?? {};
  const known = plan.known;
  for (const name of Object.keys(q)) {
    if (!known.has(name)) {
      out.push({
        check: 'queryConformance',
        severity: 'warning',
        op: op.key,
        pointer: `/${escapePointer(name)}`,
        expected: 'a documented query parameter',
        actual: renderActual(q[name], name),
        message: `query parameter "${name}" is not documented for ${op.key}`,
      });
    }
  }
  if (op.queryParams.length) {
    const v = (plan.query ??= compiled(reg, 'lax', idx, 'query', true));
    if (v instanceof Error) out.push(contractError(op.key, 'queryConformance', `query schema of ${op.key} does not compile: ${v.message}`));
    else {
      const data: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(q)) if (known.has(k)) data[k] = val;
      if (!v(data))
        for (const e of usefulErrors(v.errors ?? []))
          out.push(errorToFinding(e, q, 'queryConformance', 'error', op.key, 'query', basisOf(e, 'error', 'OpenAPI query parameters')));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// responses

/** The documented response key for a status: exact, then `2XX`-style range, then `default`. */
export function responseKeyFor(op: OperationInfo, status: number): string | undefined {
  const s = String(status);
  if (s in op.responses) return s;
  const range = `${s[0]}XX`;
  for (const k of Object.keys(op.responses)) if (k.toUpperCase() === range) return k;
  if ('default' in op.responses) return 'default';
  return undefined;
}

/** Status code conformance only: is `status` documented for the operation? */
export function checkStatus(opKey: string, status: number): Finding[] {
  const op = getOperation(opKey);
  if (!op) return [unknownOp(opKey, 'statusCodeConformance')];
  if (responseKeyFor(op, status) !== undefined) return [];
  return [
    {
      check: 'statusCodeConformance',
      severity: 'error',
      op: op.key,
      pointer: '',
      expected: `one of ${Object.keys(op.responses).join(', ')}`,
      actual: String(status),
      message: `${op.key} answered ${status}, which the document does not list`,
      basis: 'OpenAPI responses',
    },
  ];
}

/** Content-type conformance only: a documented JSON body must come as JSON. */
export function checkContentType(opKey: string, status: number, contentType: string | undefined, body?: unknown): Finding[] {
  const op = getOperation(opKey);
  if (!op) return [unknownOp(opKey, 'contentTypeConformance')];
  const rk = responseKeyFor(op, status);
  if (rk === undefined || !op.responses[rk]) return [];
  if (contentType === undefined) return [];
  if (/^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim())) return [];
  if (body === undefined || body === '' || body === null) {
    if (!contentType.trim()) return [];
  }
  return [
    {
      check: 'contentTypeConformance',
      severity: 'error',
      op: op.key,
      pointer: '',
      expected: 'application/json',
      actual: renderActual(contentType),
      message: `${op.key} ${status}: content type ${contentType} is not JSON`,
      basis: 'OpenAPI content type',
    },
  ];
}

/** Schema conformance only: body against the schema of the documented status (no status/content-type checks). */
export function checkSchema(opKey: string, status: number, body: unknown): Finding[] {
  const op = getOperation(opKey);
  if (!op) return [unknownOp(opKey, 'schemaConformance')];
  const rk = responseKeyFor(op, status);
  if (rk === undefined || !op.responses[rk]) return [];
  const reg = register();
  const idx = reg.index.get(op.key)!;
  const part = `responses/${escapePointer(rk)}`;
  const strict = compiled(reg, 'strict', idx, part);
  if (strict instanceof Error) return [contractError(op.key, 'schemaConformance', `response schema ${op.key} ${rk} does not compile: ${strict.message}`)];
  return runTwins(strict, () => compiled(reg, 'lax', idx, part), body, 'schemaConformance', op.key, `response ${status}`, 'OpenAPI response schema');
}

/**
 * Validate a response: status documented, JSON content type (when given), body against the schema
 * for that status. Errors for every violation of a documented constraint; warnings for undocumented
 * extra fields.
 */
export function validateResponse(opKey: string, status: number, body: unknown, contentType?: string): Finding[] {
  // hot path (every response the client receives): one map lookup → the compiled twins
  const reg = registered;
  if (reg) {
    const hit = reg.fast.get(opKey)?.get(status);
    if (hit && (contentType === undefined || isJsonContentType(contentType)))
      return hit.strict(body) ? [] : runTwins(hit.strict, hit.lax, body, 'schemaConformance', hit.op, hit.where, 'OpenAPI response schema');
  }
  const op = getOperation(opKey);
  if (!op) return [unknownOp(opKey, 'schemaConformance')];
  const findings = validateResponseSlow(op, status, body, contentType);
  rememberFast(op, status, opKey);
  return findings;
}

const JSON_CT = /^\s*application\/([\w.+-]+\+)?json\b/i;
/** content types already seen to match JSON_CT (a handful: 'application/json', '…; charset=utf-8') */
const jsonContentTypes = new Set<string>();

function isJsonContentType(ct: string): boolean {
  if (jsonContentTypes.has(ct)) return true;
  if (!JSON_CT.test(ct)) return false;
  if (jsonContentTypes.size < 64) jsonContentTypes.add(ct);
  return true;
}

function rememberFast(op: OperationInfo, status: number, asKey: string): void {
  const reg = registered;
  const rk = responseKeyFor(op, status);
  if (!reg || rk === undefined || !op.responses[rk]) return;
  const idx = reg.index.get(op.key)!;
  const part = `responses/${escapePointer(rk)}`;
  const strict = compiled(reg, 'strict', idx, part);
  if (strict instanceof Error) return;
  let lax: ValidateFunction | Error | undefined;
  const entry: FastEntry = { op: op.key, strict, lax: () => (lax ??= compiled(reg, 'lax', idx, part)), where: `response ${status}` };
  const put = (key: string) => {
    let byStatus = reg.fast.get(key);
    if (!byStatus) reg.fast.set(key, (byStatus = new Map()));
    byStatus.set(status, entry);
  };
  put(op.key);
  if (asKey !== op.key && reg.fast.size < 10_000) put(asKey);
}

function validateResponseSlow(op: OperationInfo, status: number, body: unknown, contentType?: string): Finding[] {
  const statusFindings = checkStatus(op.key, status);
  if (statusFindings.length) return statusFindings;
  const ct = checkContentType(op.key, status, contentType, body);
  return ct.length ? [...ct, ...checkSchema(op.key, status, body)] : checkSchema(op.key, status, body);
}

// ---------------------------------------------------------------------------------------------
// standalone JSON Schema files (webhooks, CDR records)

function draftOf(schema: Obj): 'draft7' | '2019' | '2020' {
  const s = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (s.includes('2020-12')) return '2020';
  if (s.includes('2019-09')) return '2019';
  return 'draft7';
}

const FILE_BASE = 'https://telegent-suite.local/schemas/';

/** one on-disk validator cache per schema folder, its digest over every schema file of the folder (a sibling may be referenced) */
const fileDisks = new Map<string, ValidatorCache | undefined>();
function fileDisk(folder: string, dir: string): ValidatorCache | undefined {
  if (!fileDisks.has(dir)) {
    const parts = () => [
      `file-schemas ${folder}\n`,
      ...fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.schema.json'))
        .sort()
        .map((f) => `${f}\n${fs.readFileSync(path.join(dir, f), 'utf8')}\n`),
    ];
    fileDisks.set(dir, validatorCache(parts, formatTable()));
  }
  return fileDisks.get(dir);
}

type FileTwins = { strict: ValidateFunction; lax: ValidateFunction };

function loadFileSchema(folder: string, kind: string): FileTwins | Error {
  const cacheKey = `${folder}/${kind}`;
  const hit = fileCache.get(cacheKey);
  if (hit) return hit;
  const dir = path.join(schemasDir(), folder);
  const file = path.join(dir, `${kind}.schema.json`);
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(kind)) return new Error(`invalid ${folder} kind ${JSON.stringify(kind)}`);
  if (!fs.existsSync(file)) return new Error(`schema file missing: schemas/${folder}/${kind}.schema.json`);
  try {
    const disk = fileDisk(folder, dir);
    const key = (flavour: Flavour) => `file|${flavour}|${kind}`;
    const strict = disk?.load(key('strict'));
    const lax = strict && disk?.load(key('lax'));
    const out = strict && lax ? { strict, lax } : compileFileSchema(folder, dir, kind, file, disk, key);
    fileCache.set(cacheKey, out);
    return out;
  } catch (e) {
    return new Error(`schemas/${folder}/${kind}.schema.json does not compile: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** both flavours of one schema file compiled (its siblings registered, for cross-file `$ref`s), and kept on disk */
function compileFileSchema(folder: string, dir: string, kind: string, file: string, disk: ValidatorCache | undefined, key: (f: Flavour) => string): FileTwins {
  const main = JSON.parse(fs.readFileSync(file, 'utf8')) as Obj;
  const draft = draftOf(main);
  const pair: Record<Flavour, ValidateFunction> = {} as never;
  const code = disk ? { code: { source: true, formats: new Name(FORMATS_ARG) } } : {};
  for (const flavour of ['lax', 'strict'] as Flavour[]) {
    const ajv = newAjv(draft, code);
    const opts = { flavour, noStrictRefs: collectAllOfRefs(main) };
    for (const f of fs.readdirSync(dir)) {
      if (!f.endsWith('.schema.json') || f === `${kind}.schema.json`) continue;
      try {
        const sib = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Obj;
        if (draftOf(sib) !== draft) continue;
        ajv.addSchema({ ...(convertSchema(sib, opts) as Obj), $id: typeof sib.$id === 'string' ? sib.$id : `${FILE_BASE}${folder}/${f}` });
      } catch {
        /* a broken sibling only matters if referenced */
      }
    }
    const conv = convertSchema(main, opts) as Obj;
    if (typeof conv.$id !== 'string') conv.$id = `${FILE_BASE}${folder}/${kind}.schema.json`;
    pair[flavour] = ajv.compile(conv);
    disk?.store(key(flavour), ajv as Ajv, pair[flavour]);
  }
  return { strict: pair.strict, lax: pair.lax };
}

function validateFile(folder: string, check: string, kind: string, data: unknown): Finding[] {
  const v = loadFileSchema(folder, kind);
  if (v instanceof Error) return [contractError(undefined, check, v.message, `schemas/${folder}/${kind}.schema.json`)];
  return runTwins(v.strict, () => v.lax, data, check, undefined, `${folder.replace(/s$/, '')} ${kind}`, `schemas/${folder}/${kind}.schema.json`);
}

/** Validate a webhook payload against `schemas/webhooks/<kind>.schema.json`. */
export function validateWebhook(kind: WebhookKind | (string & {}), body: unknown): Finding[] {
  return validateFile('webhooks', 'webhookSchema', kind, body);
}

/** Validate one CDR record against `schemas/cdr/<kind>.schema.json` (an error finding when the file is missing). */
export function validateCdr(kind: CdrKind | (string & {}), record: unknown): Finding[] {
  return validateFile('cdr', 'cdrSchema', kind, record);
}

/**
 * Compile every operation part (request, query, each documented response) of the strict twin — the
 * lax twin differs only by dropped `additionalProperties`, so it compiles whenever the strict one does.
 * Returns one message per part that does not compile (empty = the whole document compiles).
 */
export function compileAll(): string[] {
  const reg = register();
  const problems: string[] = [];
  listOperations().forEach((op, idx) => {
    const parts = [
      ...(op.requestSchema ? ['request'] : []),
      ...(op.queryParams.length ? ['query'] : []),
      ...Object.keys(op.responses)
        .filter((k) => op.responses[k])
        .map((k) => `responses/${escapePointer(k)}`),
    ];
    for (const part of parts) {
      const v = part === 'query' ? compiled(reg, 'lax', idx, part, true) : compiled(reg, 'strict', idx, part);
      if (v instanceof Error) problems.push(`${op.key} ${part}: ${v.message}`);
    }
  });
  return problems;
}
