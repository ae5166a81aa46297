/**
 * Mutant generator for the vendor 200 examples (used by mutation.test.ts).
 *
 * Kinds:
 *  - drop-required : delete a field the schema lists as required            (schema-driven; documented returns only,
 *                    R-response-required)
 *  - drop-expected : delete a field only EXPECTED (x-inferred.required): not a defect per the docs — never
 *                    counted as constrained; reported to show the warning-level drift detection
 *  - bad-enum      : put a value outside the schema's enum                   (schema-driven)
 *  - type-change   : replace a value by one of another JSON type             (example-driven)
 *  - id-prefix     : `NID-…` → `ZZZ-…` on values that look like prefixed IDs (example-driven)
 *  - e164          : drop the `+` of values that look like E.164 numbers     (example-driven)
 *
 * Each mutant says whether the schema declares, at ERROR level, the constraint it breaks (`constrained`):
 * the headline detection rate counts only those (R-severity-by-basis: a constraint the docs do not state is
 * only inferred — `x-inferred`, a warning — and breaking it is not a defect). A mutant whose new value is a
 * form a ruling tolerates (`x-tolerated`, e.g. Cost "$0.0045" → a number) is not a defect either. The coverage
 * rate counts every mutant, showing how much of the examples' shape the error-level schemas pin down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findOperation, listOperations, loadDocument, mediaExamples, jsonMedia, deref, resolvePointer } from '../../protocol/contract';

type Obj = Record<string, any>;
export type MutantKind = 'drop-required' | 'drop-expected' | 'bad-enum' | 'type-change' | 'id-prefix' | 'e164';
export interface Mutant {
  op: string;
  example: number;
  kind: MutantKind;
  pointer: string;
  constrained: boolean;
  body: unknown;
}
export interface VendorExample {
  op: string;
  index: number;
  body: unknown;
  source: 'vendor' | 'project';
}

export const VENDOR_DOC = path.resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'telegent-openapi.json');

/** Every 200 example: from the vendor document when present, else the project document's embedded ones. */
export function vendorExamples(): VendorExample[] {
  const out: VendorExample[] = [];
  if (fs.existsSync(VENDOR_DOC)) {
    const vdoc = JSON.parse(fs.readFileSync(VENDOR_DOC, 'utf8')) as Obj;
    for (const [p, item] of Object.entries(vdoc.paths ?? {}) as Array<[string, Obj]>) {
      for (const [m, op] of Object.entries(item) as Array<[string, Obj]>) {
        if (!op || typeof op !== 'object' || !op.responses) continue;
        const resp = deref<Obj>(vdoc, op.responses['200']);
        const ours = findOperation(m, p);
        if (!resp || !ours) continue;
        mediaExamples(vdoc, jsonMedia(resp.content)).forEach((body, index) => out.push({ op: ours.key, index, body, source: 'vendor' }));
      }
    }
    return out;
  }
  for (const op of listOperations()) (op.responseExamples['200'] ?? []).forEach((body, index) => out.push({ op: op.key, index, body, source: 'project' }));
  return out;
}

// --- schema navigation over the project document (raw OpenAPI form) ---------------------------

function resolve(s: unknown, depth = 0): Obj | undefined {
  let cur = s as Obj | undefined;
  for (let i = 0; cur && typeof cur.$ref === 'string' && i < 20; i++) cur = resolvePointer(loadDocument(), cur.$ref) as Obj | undefined;
  if (!cur || typeof cur !== 'object') return undefined;
  if (Array.isArray(cur.allOf) && depth < 10) {
    const merged: Obj = { ...cur, properties: { ...(cur.properties ?? {}) }, required: [...(cur.required ?? [])] };
    delete merged.allOf;
    for (const b of cur.allOf.map((x: unknown) => resolve(x, depth + 1))) {
      if (!b) continue;
      Object.assign(merged.properties, b.properties ?? {});
      merged.required.push(...(b.required ?? []));
      if (b.type && !merged.type) merged.type = b.type;
    }
    return merged;
  }
  return cur;
}

function child(s: Obj | undefined, seg: string): Obj | undefined {
  const r = resolve(s);
  if (!r) return undefined;
  if (r.properties && seg in r.properties) return resolve(r.properties[seg]);
  if (/^\d+$/.test(seg) && r.items) return resolve(r.items);
  for (const k of ['anyOf', 'oneOf']) {
    if (Array.isArray(r[k])) {
      for (const b of r[k]) {
        const c = child(b, seg);
        if (c) return c;
      }
    }
  }
  if (r.additionalProperties && typeof r.additionalProperties === 'object') return resolve(r.additionalProperties);
  return undefined;
}

function flat(s: Obj | undefined): Obj[] {
  const r = resolve(s);
  if (!r) return [];
  const branches = [...(r.anyOf ?? []), ...(r.oneOf ?? [])].flatMap((b: unknown) => flat(b as Obj));
  return [r, ...branches];
}

const declares = (s: Obj | undefined, key: string) => flat(s).some((x) => x[key] !== undefined);

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
/** Would a ruling's tolerated form (or the node's own type, when the example itself was the tolerated form) accept `v`? */
function tolerated(s: Obj | undefined, v: unknown): boolean {
  const r = resolve(s);
  const alts = r?.['x-tolerated'];
  if (!r || !Array.isArray(alts)) return false;
  const fits = (a: Obj) => {
    const t = jsonType(v);
    const typeOk = a.type === t || (a.type === 'number' && t === 'integer');
    return (
      typeOk && (!Array.isArray(a.enum) || a.enum.includes(v)) && (typeof a.pattern !== 'string' || (typeof v === 'string' && new RegExp(a.pattern).test(v)))
    );
  };
  return [r, ...alts].some((a) => fits(a as Obj));
}
const expected = (s: Obj | undefined) => new Set(flat(s).flatMap((x) => (Array.isArray(x['x-inferred']?.required) ? x['x-inferred'].required : [])));

// --- mutation ---------------------------------------------------------------------------------

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

function setAt(root: unknown, segs: string[], fn: (parent: any, key: string) => void): unknown {
  const copy = clone(root);
  if (segs.length === 0) return copy;
  let cur: any = copy;
  for (const s of segs.slice(0, -1)) cur = cur[s];
  fn(cur, segs[segs.length - 1]);
  return copy;
}

function wrongType(v: unknown): unknown {
  if (typeof v === 'string') return 12345;
  if (typeof v === 'number') return 'not-a-number';
  if (typeof v === 'boolean') return 'true';
  if (v === null) return [12345];
  if (Array.isArray(v)) return { not: 'an array' };
  return 'not-an-object';
}

const ID_LIKE = /^([A-Z][A-Z0-9]{1,9})-\S+$/;
const E164_LIKE = /^\+[1-9]\d{6,14}$/;
const ptr = (segs: string[]) => segs.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');

/** All mutants of one example (arrays: first 3 items). */
export function mutate(op: string, index: number, body: unknown): Mutant[] {
  const info = listOperations().find((o) => o.key === op);
  const root = info?.responses['200'] as Obj | undefined;
  const out: Mutant[] = [];
  const add = (kind: MutantKind, segs: string[], constrained: boolean, mutated: unknown) =>
    out.push({ op, example: index, kind, pointer: ptr(segs), constrained, body: mutated });

  const visit = (value: unknown, segs: string[], schema: Obj | undefined) => {
    // type change of this value (not a defect when the new value is a tolerated form)
    const typeDeclared = declares(schema, 'type') || declares(schema, 'properties') || declares(schema, 'items');
    add(
      'type-change',
      segs,
      typeDeclared && !tolerated(schema, wrongType(value)),
      segs.length ? setAt(body, segs, (p, k) => (p[k] = wrongType(value))) : wrongType(value),
    );
    if (typeof value === 'string') {
      const m = ID_LIKE.exec(value);
      if (m && m[1] !== 'ZZZ')
        add(
          'id-prefix',
          segs,
          declares(schema, 'pattern'),
          setAt(body, segs, (p, k) => (p[k] = `ZZZ-${value.slice(m[1].length + 1)}`)),
        );
      if (E164_LIKE.test(value))
        add(
          'e164',
          segs,
          declares(schema, 'pattern') || declares(schema, 'format'),
          setAt(body, segs, (p, k) => (p[k] = value.slice(1))),
        );
    }
    const enums = flat(schema).find((x) => Array.isArray(x.enum))?.enum as unknown[] | undefined;
    const guessed = enums ? undefined : (flat(schema).find((x) => Array.isArray(x['x-inferred']?.enum))?.['x-inferred'].enum as unknown[] | undefined);
    // an enum only inferred from samples (x-inferred) is not a documented rule: its mutants are not defects (warnings)
    if ((enums || guessed) && value !== null && typeof value !== 'object')
      add(
        'bad-enum',
        segs,
        !!enums,
        setAt(body, segs, (p, k) => (p[k] = typeof value === 'string' ? '__not_in_enum__' : -987654)),
      );
    if (Array.isArray(value)) {
      value.slice(0, 3).forEach((item, i) => visit(item, [...segs, String(i)], child(schema, String(i))));
    } else if (value && typeof value === 'object') {
      const required = new Set(flat(schema).flatMap((x) => (Array.isArray(x.required) ? x.required : [])));
      const wanted = expected(schema);
      for (const [k, v] of Object.entries(value as Obj)) {
        if (required.has(k))
          add(
            'drop-required',
            [...segs, k],
            true,
            setAt(body, [...segs, k], (p, key) => delete p[key]),
          );
        else if (wanted.has(k))
          add(
            'drop-expected',
            [...segs, k],
            false,
            setAt(body, [...segs, k], (p, key) => delete p[key]),
          );
        visit(v, [...segs, k], child(schema, k));
      }
    }
  };
  visit(body, [], resolve(root));
  return out;
}

/** 200 response schemas that are still bare (`{type: object}` with nothing to check). */
export function bare200Schemas(): string[] {
  return listOperations()
    .filter((o) => {
      const s = resolve(o.responses['200']);
      if (!s) return false;
      return !s.properties && !s.items && !s.allOf && !s.anyOf && !s.oneOf && !s.required && !s.additionalProperties;
    })
    .map((o) => o.key);
}
