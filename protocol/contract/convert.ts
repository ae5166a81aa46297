/**
 * OpenAPI 3.0 Schema Object → JSON Schema (draft-07, as compiled by ajv 8).
 *
 *  - `nullable: true` → type union with "null" (and `null` added to an `enum`; `$ref` + nullable → anyOf);
 *  - boolean `exclusiveMinimum`/`exclusiveMaximum` (3.0 style) → numeric draft-07 form;
 *  - `example`, `examples`, `x-*` (except the basis annotations below), `discriminator`, `xml`, `externalDocs`, `deprecated`, `readOnly`,
 *    `writeOnly` are dropped (tolerated, never enforced);
 *  - `$ref`s are kept as they are: the converted document is registered once in ajv, so
 *    `#/components/...` resolves inside it.
 *
 * Two flavours (the strictness policy of docs/ARCHITECTURE.md):
 *  - `lax`: as authored — undocumented fields are errors only where the document itself says
 *    `additionalProperties: false` (ruling R-response-extra-fields: the vendor's closed request
 *    schemas stay closed; response schemas are authored open);
 *  - `strict`: `additionalProperties: false` injected into every object schema that declares
 *    `properties` (unless it says `additionalProperties: true`/a schema, or it takes part in an
 *    `allOf` composition where that would reject the sibling branches' fields), plus every inferred
 *    constraint (`x-inferred`). The validator runs the strict twin first; its failures that the lax
 *    twin does not share become `warning` findings (undocumented fields, inferred constraints,
 *    tolerated forms).
 */

export type Flavour = 'lax' | 'strict';
type Obj = Record<string, unknown>;

/**
 * Basis annotations kept on converted nodes (ajv ignores them; the validator reads them from the
 * failing node, `verbose: true`, to name the basis of each finding). Every other `x-*` is dropped.
 *  - `x-inferred`: keywords the suite only guessed (format from a sample, enum from samples, required-ness
 *    from examples…): merged into the node in the STRICT twin only → their violations are warnings.
 *  - `x-tolerated`: alternative forms a ruling tolerates (e.g. Cost as "$0.0045"): the LAX twin accepts
 *    `anyOf [node, …alternatives]`, the strict twin the node alone → a tolerated form is a warning.
 */
export const BASIS_KEYS = ['x-basis', 'x-source', 'x-ruling', 'x-required-source', 'x-inferred', 'x-inferred-basis'];
const BASIS_KEY_SET = new Set(BASIS_KEYS);

const DROP = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'deprecated', 'readOnly', 'writeOnly', 'nullable']);
const SCHEMA_MAP_KEYS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'];
const SCHEMA_KEYS = [
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'propertyNames',
  'contains',
  'additionalItems',
  'unevaluatedProperties',
  'unevaluatedItems',
];
const SCHEMA_ARRAY_KEYS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const CONDITION_KEYS = new Set(['if', 'not', 'contains', 'propertyNames']);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface ConvertOptions {
  flavour: Flavour;
  /** `$ref` strings whose targets must not receive additionalProperties:false (used as allOf branches) */
  noStrictRefs?: Set<string>;
}

/** Convert one schema (recursively). Never mutates its input. */
export function convertSchema(schema: unknown, opts: ConvertOptions, inAllOf = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => convertSchema(s, opts));
  if (!isObj(schema)) return schema;
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (DROP.has(k) || (k.startsWith('x-') && !BASIS_KEY_SET.has(k))) continue;
    if (SCHEMA_MAP_KEYS.includes(k) && isObj(v)) {
      const m: Obj = {};
      for (const [pk, pv] of Object.entries(v)) m[pk] = convertSchema(pv, opts);
      out[k] = m;
    } else if (SCHEMA_KEYS.includes(k) && (isObj(v) || typeof v === 'boolean')) {
      // conditions (if / not / contains / propertyNames) describe no shape: never closed by the strict twin
      out[k] = convertSchema(v, opts, CONDITION_KEYS.has(k));
    } else if (k === 'items') {
      out[k] = convertSchema(v, opts);
    } else if (SCHEMA_ARRAY_KEYS.includes(k) && Array.isArray(v)) {
      out[k] = v.map((s) => convertSchema(s, opts, k === 'allOf'));
    } else if (k === 'dependencies' && isObj(v)) {
      const m: Obj = {};
      for (const [pk, pv] of Object.entries(v)) m[pk] = Array.isArray(pv) ? pv : convertSchema(pv, opts);
      out[k] = m;
    } else {
      out[k] = v;
    }
  }

  if (opts.flavour === 'strict') mergeInferred(out, schema['x-inferred']);

  // 3.0 boolean exclusive bounds
  if (out.exclusiveMinimum === true && typeof out.minimum === 'number') {
    out.exclusiveMinimum = out.minimum;
    delete out.minimum;
  } else if (typeof out.exclusiveMinimum === 'boolean') delete out.exclusiveMinimum;
  if (out.exclusiveMaximum === true && typeof out.maximum === 'number') {
    out.exclusiveMaximum = out.maximum;
    delete out.maximum;
  } else if (typeof out.exclusiveMaximum === 'boolean') delete out.exclusiveMaximum;

  // nullable (an inferred type whose only documented value is null accepts null too: x-inferred.nullable)
  const inferredNullable = opts.flavour === 'strict' && isObj(schema['x-inferred']) && schema['x-inferred'].nullable === true;
  if (schema.nullable === true || inferredNullable) {
    if (typeof out.$ref === 'string') {
      const ref = out.$ref;
      delete out.$ref;
      const rest = { ...out };
      for (const key of Object.keys(out)) delete out[key];
      out.anyOf = [{ $ref: ref }, { type: 'null' }];
      Object.assign(out, rest);
    } else if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
    } else if (Array.isArray(out.type) && !out.type.includes('null')) {
      out.type = [...out.type, 'null'];
    } else if (out.type === undefined && (out.anyOf || out.oneOf || out.allOf)) {
      const branch: Obj = {};
      for (const key of ['anyOf', 'oneOf', 'allOf']) {
        if (out[key]) {
          branch[key] = out[key];
          delete out[key];
        }
      }
      out.anyOf = [branch, { type: 'null' }];
    }
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }

  // strictness
  const declaresProps = isObj(out.properties);
  if (opts.flavour === 'lax') {
    // as authored: an explicit additionalProperties:false stays (ruling R-response-extra-fields keeps
    // the vendor's closed request schemas; response schemas are authored open)
  } else if (declaresProps && !inAllOf && !out.allOf && !out.anyOf && !out.oneOf) {
    if (out.additionalProperties === undefined || out.additionalProperties === false) out.additionalProperties = false;
  }
  if (opts.flavour === 'strict' && inAllOf && out.additionalProperties === false) delete out.additionalProperties;
  if (opts.flavour === 'lax' && Array.isArray(schema['x-tolerated']) && schema['x-tolerated'].length)
    return tolerate(out, schema['x-tolerated'], opts, schema.nullable === true);
  return out;
}

/** Strict twin: the inferred keywords join the node (required lists are united, the rest overrides). */
function mergeInferred(out: Obj, inferred: unknown): void {
  if (!isObj(inferred)) return;
  for (const [k, v] of Object.entries(inferred)) {
    if (k === 'required' && Array.isArray(v)) out.required = [...new Set([...(Array.isArray(out.required) ? out.required : []), ...v])];
    else if (k !== 'nullable') out[k] = v;
  }
}

/** Lax twin of a node with tolerated alternative forms: anyOf [node, …alternatives] (alternatives named by the node's basis). */
function tolerate(out: Obj, alternatives: unknown[], opts: ConvertOptions, nullable: boolean): Obj {
  const notes: Obj = {};
  for (const k of BASIS_KEYS) if (out[k] !== undefined) notes[k] = out[k];
  const branches = alternatives.map((a) => ({ ...(convertSchema({ ...(a as Obj), nullable }, opts) as Obj), ...notes }));
  return { anyOf: [out, ...branches], ...notes };
}

/** Collect every `$ref` used directly as an `allOf` branch (their targets stay open in the strict twin). */
export function collectAllOfRefs(node: unknown, acc = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const n of node) collectAllOfRefs(n, acc);
  } else if (isObj(node)) {
    if (Array.isArray(node.allOf)) for (const b of node.allOf) if (isObj(b) && typeof b.$ref === 'string') acc.add(b.$ref);
    for (const v of Object.values(node)) collectAllOfRefs(v, acc);
  }
  return acc;
}

/**
 * Convert `components` of an OpenAPI document: `schemas` entries are schemas; other sections
 * (responses, requestBodies, parameters, headers) are walked to their `schema` members so that a
 * `$ref` pointing inside them still lands on a converted schema.
 */
export function convertComponents(components: unknown, opts: ConvertOptions): Obj {
  const out: Obj = {};
  if (!isObj(components)) return out;
  for (const [section, entries] of Object.entries(components)) {
    if (!isObj(entries)) continue;
    if (section === 'schemas') {
      const m: Obj = {};
      for (const [name, s] of Object.entries(entries)) {
        const ref = `#/components/schemas/${name}`;
        const keepOpen = opts.flavour === 'strict' && opts.noStrictRefs?.has(ref);
        m[name] = convertSchema(s, opts, !!keepOpen);
      }
      out.schemas = m;
    } else if (['responses', 'requestBodies', 'parameters', 'headers'].includes(section)) {
      out[section] = convertContainers(entries, opts);
    }
  }
  return out;
}

function convertContainers(node: unknown, opts: ConvertOptions): unknown {
  if (Array.isArray(node)) return node.map((n) => convertContainers(n, opts));
  if (!isObj(node)) return node;
  const out: Obj = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'schema') out[k] = convertSchema(v, opts);
    else if (k === 'example' || k === 'examples') continue;
    else out[k] = convertContainers(v, opts);
  }
  return out;
}
