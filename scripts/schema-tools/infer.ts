/*
 * Mechanical inference of a response schema from example values + the field dictionary.
 * Conventions (see docs/RULINGS.md):
 *  - nullable is expressed the OpenAPI 3.0 way: `nullable: true` next to `type` (and `null` added to `enum`).
 *  - a field present in EVERY sample (vendor examples + seed 003 payloads) is listed as required here; basis.ts then
 *    keeps only the fields documented as returned and moves the rest to x-inferred.required (R-response-required).
 *  - no additionalProperties:false on responses (R-response-extra-fields): the validator derives a strict twin.
 */
import { clone, type Json } from './lib';
import { FIELDS, ISO_LOCAL_OR_ZONED, heuristic } from './dictionary';

export const MISSING = Symbol('missing');
const ELIDED = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v) && '...' in (v as object);

/** Global knowledge gathered from all examples first: which date-time-ish field names always carry an offset. */
export interface Globals {
  zonedDateFields: Set<string>;
  localDateFields: Set<string>;
}

export function collectGlobals(samples: unknown[]): Globals {
  const g: Globals = { zonedDateFields: new Set(), localDateFields: new Set() };
  const walk = (v: unknown, name: string) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, name));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) {
      if (/(Z|[+-]\d{2}:\d{2})$/.test(v)) g.zonedDateFields.add(name);
      else g.localDateFields.add(name);
    }
  };
  samples.forEach((s) => walk(s, ''));
  return g;
}

function jsType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function inferSchema(values: unknown[], name: string, g: Globals, dictKey = name): Json {
  const present = values.filter((v) => v !== MISSING && !ELIDED(v));
  const nonNull = present.filter((v) => v !== null);
  const nullable = present.some((v) => v === null);
  const dict = FIELDS[dictKey];
  const kinds = new Set(nonNull.map(jsType));
  let s: Json;

  if (dict && (dict.type === 'object' || dict.type === 'array')) {
    s = clone(dict);
  } else if (kinds.has('object')) {
    const objs = nonNull.filter((v) => jsType(v) === 'object') as Array<Record<string, unknown>>;
    const allObjs = values.filter((v) => v !== MISSING && v !== null && jsType(v) === 'object') as Array<Record<string, unknown>>;
    const keys: string[] = [];
    for (const o of objs) for (const k of Object.keys(o)) if (!keys.includes(k)) keys.push(k);
    s = { type: 'object', properties: {} as Json };
    const required: string[] = [];
    for (const k of keys) {
      s.properties[k] = inferSchema(
        objs.map((o) => (k in o ? o[k] : MISSING)),
        k,
        g,
      );
      if (allObjs.every((o) => ELIDED(o) || k in o)) required.push(k);
    }
    if (required.length) s.required = required;
    if (!keys.length) s['x-provisional'] = true;
  } else if (kinds.has('array')) {
    const elems = (nonNull.filter(Array.isArray) as unknown[][]).flat();
    s = { type: 'array', items: elems.length ? inferSchema(elems, name, g, `${name}[]`) : { 'x-provisional': true } };
  } else if (dict) {
    s = clone(dict);
  } else if (kinds.size === 0) {
    // only nulls documented: the docs are silent about the type
    s = { type: 'string', 'x-provisional': true, 'x-ruling': 'R-nullable-from-examples' };
  } else {
    const scalar = [...kinds];
    let type = scalar[0];
    if (scalar.every((t) => t === 'integer' || t === 'number')) type = scalar.includes('number') ? 'number' : 'integer';
    else if (scalar.length > 1) type = 'string';
    s = { type };
    const sample = nonNull[0];
    if (type === 'string') {
      const h = heuristic(name, sample);
      if (h === 'date-time-candidate') {
        if (g.localDateFields.has(name)) {
          s.pattern = ISO_LOCAL_OR_ZONED;
          s['x-ruling'] = 'R-datetime-offset';
        } else s.format = 'date-time';
      } else if (h) Object.assign(s, h);
    }
  }
  if (nullable) {
    s.nullable = true;
    if (Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null];
  }
  return s;
}
