/*
 * Strictness by basis (issue 11; rulings R-response-required, R-severity-by-basis).
 * After inference + overrides + families, every response schema node is annotated with the basis of its rules:
 *   x-basis: "documented" | "ruling" | "inferred"  — basis of what the node enforces (as errors)
 *   x-source: where it is documented (vendor example, seed 003 §…, OpenAPI request enum/format/description)
 *   x-ruling: the ruling that decided it (kept from the inference/overrides)
 *   x-inferred: { keyword: value } — constraints the suite only guessed (format from a sample, enum from samples,
 *               required-ness from the examples, date formats, provisional enums). The validator enforces them in
 *               its strict twin only: a violation is a WARNING, never a failure.
 *   x-required-source: { Field: source } — why a field is hard-required (documented as returned).
 * Required lists: a response field is hard-required only when the docs say the operation returns it (the vendor's
 * "What this does: Returns `X`" sentences, seed 003 "returns X" / "save X"); every other field is optional and
 * accepts null (the vendor's examples show nulls), keeping its type when non-null.
 */
import type { Json } from './lib';
import { E164 } from './dictionary';

/** Rulings whose constraints are themselves guesses: what they decide is enforced as a warning only. */
export const SOFT_RULINGS = new Set([
  'R-datetime-offset',
  'R-created-on-format',
  'R-effective-date-format',
  'R-message-status',
  'R-nullable-from-examples',
  'R-no-example-ops',
  'R-required-from-examples',
]);

const SEED_RETURNS: Record<string, Record<string, Record<string, string>>> = {
  'POST /v1.0/oauth2/tokens': {
    '': { token: 'seed 003 §1 + reference README (token, tokenExpiry)', tokenExpiry: 'seed 003 §1 + reference README (token, tokenExpiry)' },
  },
  'POST /v1.0/numbers/availability': {
    '': { AvailableNumberAreas: 'seed 003 §8.1: "The response returns AvailableNumberAreas"' },
    'AvailableNumberAreas[]': {
      NGP: 'seed 003 §8.1: "a list of NGP code and AreaCode pairs"',
      AreaCode: 'seed 003 §8.1: "a list of NGP code and AreaCode pairs"',
    },
  },
  'POST /v1.0/numbers/provision': {
    '': {
      PhoneNumberId: 'seed 003 §8.1: "The response returns PhoneNumberId … and PhoneNumberAssigned"',
      PhoneNumberAssigned: 'seed 003 §8.1: "The response returns PhoneNumberId … and PhoneNumberAssigned"',
    },
  },
  'POST /v1.0/numbers/portin': { '': { OrderId: 'seed 003 §8.2: "The response includes an OrderId (JNUOID-…). Save it"' } },
  'POST /v1.0/account/create': { '': { AccountId: 'seed 003 §2: "Save the AccountId (AID)"' } },
  'POST /v1.0/subscribers/create': { '': { SubscriberId: 'seed 003 §3: "Save the SubscriberId (TSUID)"' } },
  'POST /v1.0/message/routes': { '': { MessageRouteId: 'seed 003 §4.1: "Save the MessageRouteId (MRID)"' } },
  'POST /v1.0/voice/routes': { '': { CallRouteId: 'seed 003 §4.2: "Save the CallRouteId (CRID)"' } },
  'GET /v1.0/numbers/order': { '': { OrderStatus: 'OpenAPI description "Returns the order status" + seed 003 §8.2 step 5' } },
};

/** Backticked names of a "Returns …" sentence that name the query parameter, not a returned field. */
const NOT_RETURNED: Record<string, string[]> = {
  'GET /v1.0/distributor/subscriptions': ['Filter'], // "filtered by the optional `Filter` value"
  'GET /v1.0/subscriptions/thresholds/assignments': ['ThresholdId'], // "for the specified `ThresholdId`"
  'GET /v1.0/subscriptions/features/assignments': ['FeatureId'], // "for the specified `FeatureId`"
};

/** E.164 named by the docs outside the request descriptions. */
const E164_EXTRA: Record<string, string> = {
  PhoneNumberAssigned: 'OpenAPI provision description: "the assigned phone number in E.164 format"',
  PhoneNumbers: 'seed 003 §3 field table: "E.164 format"',
};

export interface VendorFacts {
  formats: Map<string, string>;
  enums: Map<string, Set<unknown>>;
  e164: Map<string, string>;
  returns: Map<string, Map<string, string>>;
}

function walkRequestSchemas(vendor: Json, visit: (name: string, s: Json) => void): void {
  const walk = (s: Json, name: string, depth: number) => {
    if (!s || typeof s !== 'object' || depth > 8 || s.$ref) return;
    if (name) visit(name, s);
    for (const [k, v] of Object.entries<Json>(s.properties ?? {})) walk(v, k, depth + 1);
    if (s.items) walk(s.items, name, depth + 1);
  };
  for (const s of Object.values<Json>(vendor.components?.schemas ?? {})) walk(s, '', 0);
  for (const item of Object.values<Json>(vendor.paths ?? {})) {
    for (const op of Object.values<Json>(item)) {
      walk(op?.requestBody?.content?.['application/json']?.schema, '', 0);
      for (const p of op?.parameters ?? []) walk(p.schema ? { ...p.schema, description: p.description } : undefined, p.name, 0);
    }
  }
}

/** Backticked field names of the "Returns …" sentences of each operation's description. */
function describedReturns(vendor: Json): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [p, item] of Object.entries<Json>(vendor.paths ?? {})) {
    for (const [m, op] of Object.entries<Json>(item)) {
      const d: string = op?.description ?? '';
      const wtd = /\*\*What this does:\*\*([\s\S]*?)(\n\n|$)/.exec(d)?.[1] ?? '';
      const fields = new Map<string, string>();
      for (const sentence of wtd.replace(/\s+/g, ' ').split(/(?<=\.) /)) {
        if (!/\breturn/i.test(sentence)) continue;
        for (const mm of sentence.matchAll(/`([A-Za-z][A-Za-z0-9]*)`/g)) fields.set(mm[1], `OpenAPI description: "${sentence.trim().slice(0, 90)}"`);
      }
      const key = `${m.toUpperCase()} ${p === '/v1.0/OAuth2/tokens' ? '/v1.0/oauth2/tokens' : p}`;
      if (fields.size) out.set(key, fields);
    }
  }
  return out;
}

export function vendorFacts(vendor: Json): VendorFacts {
  const facts: VendorFacts = { formats: new Map(), enums: new Map(), e164: new Map(Object.entries(E164_EXTRA)), returns: describedReturns(vendor) };
  walkRequestSchemas(vendor, (name, s) => {
    if (s.format === 'uri' || s.format === 'email') facts.formats.set(name, s.format);
    if (Array.isArray(s.enum)) {
      const set = facts.enums.get(name) ?? new Set();
      s.enum.forEach((v: unknown) => set.add(v));
      facts.enums.set(name, set);
    }
    if (/E\.?164/.test(s.description ?? '') && !facts.e164.has(name)) facts.e164.set(name, `OpenAPI request description of ${name}: E.164`);
  });
  return facts;
}

interface Ctx {
  op: string;
  source: string;
  facts: VendorFacts;
}

function moveToInferred(node: Json, kw: string): void {
  if (node[kw] === undefined) return;
  node['x-inferred'] = { ...(node['x-inferred'] ?? {}), [kw]: node[kw] };
  delete node[kw];
}

/** Classify the constraint keywords of one node: keep the documented/ruled ones, move the guessed ones to x-inferred. */
function classifyNode(node: Json, name: string, ctx: Ctx): void {
  const prov = node['x-provisional'] === true;
  const ruling: string | undefined = node['x-ruling'];
  const hardRuling = !!ruling && !SOFT_RULINGS.has(ruling) && !prov;
  const bare = name.replace(/\[\]$/, '');
  let source: string | undefined;
  if (Array.isArray(node.enum)) {
    const vendorEnum = ctx.facts.enums.get(bare);
    if (vendorEnum && !prov) source = `OpenAPI request enum ${bare}`;
    else if (!hardRuling) moveToInferred(node, 'enum');
  }
  if (node.format) {
    if (ctx.facts.formats.get(bare) === node.format && !prov) source = source ?? `OpenAPI request format ${bare}: ${node.format}`;
    else moveToInferred(node, 'format');
  }
  if (node.pattern) {
    if (node['x-id-kind']) source = source ?? 'vendor ID prefix (descriptions + examples)';
    else if (node.pattern === E164 && ctx.facts.e164.has(bare) && !prov) source = source ?? ctx.facts.e164.get(bare);
    else if (!hardRuling) moveToInferred(node, 'pattern');
  }
  for (const kw of ['minimum', 'maximum', 'minLength', 'maxLength']) if (prov && !hardRuling) moveToInferred(node, kw);
  if (ruling === 'R-nullable-from-examples' && node.type) {
    // only nulls documented: the type itself is a guess (OpenAPI 3.0 nullable needs a type, so it moves along)
    moveToInferred(node, 'type');
    if (node.nullable) node['x-inferred'].nullable = true;
    delete node.nullable;
  }
  const enforces = ['type', 'enum', 'format', 'pattern', 'properties', 'items'].some((k) => node[k] !== undefined);
  node['x-basis'] = !enforces ? 'inferred' : hardRuling ? 'ruling' : 'documented';
  node['x-source'] = source ?? ctx.source;
}

function walk(node: Json, name: string, ctx: Ctx): void {
  if (!node || typeof node !== 'object' || node.$ref) return;
  classifyNode(node, name, ctx);
  for (const [k, v] of Object.entries<Json>(node.properties ?? {})) walk(v, k, ctx);
  if (node.items) walk(node.items, `${name}[]`, ctx);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') walk(node.additionalProperties, `${name}{}`, ctx);
  for (const t of node['x-tolerated'] ?? []) if (t && typeof t === 'object') t['x-basis'] = 'ruling';
}

/** Hard-required fields of one object node: documented as returned (description sentences, seed 003). */
function documentedReturns(ctx: Ctx, path: string, root: Json): Map<string, string> {
  const out = new Map<string, string>(Object.entries(SEED_RETURNS[ctx.op]?.[path] ?? {}));
  const described = ctx.facts.returns.get(ctx.op);
  if (described) {
    // a described field binds at the body, the items of a body array, or the items of a top-level array property
    const owner = (f: string): string | undefined => {
      if (root.properties?.[f]) return '';
      if (root.items?.properties?.[f]) return '[]';
      for (const [k, v] of Object.entries<Json>(root.properties ?? {})) if (v?.items?.properties?.[f]) return `${k}[]`;
      return undefined;
    };
    for (const [f, src] of described) if (owner(f) === path && !out.has(f) && !NOT_RETURNED[ctx.op]?.includes(f)) out.set(f, src);
  }
  return out;
}

function nullable(p: Json): void {
  if (!p || typeof p !== 'object' || p.$ref) return;
  const inf = p['x-inferred'];
  if (p.type) p.nullable = true;
  else if (inf?.type) inf.nullable = true; // no enforced type (only nulls documented): the guessed one accepts null too
  if (Array.isArray(p.enum) && !p.enum.includes(null)) p.enum.push(null);
  if (inf?.enum && !inf.enum.includes(null)) inf.enum = [...inf.enum, null];
}

/** Required lists → documented returns only (the rest becomes x-inferred.required); optional properties accept null. */
function settleRequired(node: Json, path: string, ctx: Ctx, root: Json): void {
  if (!node || typeof node !== 'object' || node.$ref) return;
  if (node.properties) {
    const hard = documentedReturns(ctx, path, root);
    const present = Object.keys(node.properties);
    const required = [...hard.keys()].filter((f) => present.includes(f));
    const guessed = ((node.required ?? []) as string[]).filter((f) => !required.includes(f));
    if (required.length) {
      node.required = required;
      node['x-required-source'] = Object.fromEntries(required.map((f) => [f, hard.get(f)!]));
    } else delete node.required;
    if (guessed.length) node['x-inferred'] = { ...(node['x-inferred'] ?? {}), required: guessed };
    for (const [k, v] of Object.entries<Json>(node.properties)) {
      if (!required.includes(k)) nullable(v);
      settleRequired(v, path ? `${path}.${k}` : k, ctx, root);
    }
  }
  if (node.items) settleRequired(node.items, `${path}[]`, ctx, root);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') settleRequired(node.additionalProperties, `${path}{}`, ctx, root);
}

/** Annotate one 200 response schema (in place). `source`: where its shape comes from (vendor example, component …). */
export function applyBasis(op: string, schema: Json, facts: VendorFacts, source: string): Json {
  const ctx: Ctx = { op, source, facts };
  walk(schema, '', ctx);
  settleRequired(schema, '', ctx, schema);
  return schema;
}

/** Hard-required fields per operation (for the generator's log and the ruling text). */
export function requiredReport(doc: Json, ops: Array<{ key: string; op: Json }>): string[] {
  const lines: string[] = [];
  const visit = (n: Json, p: string, key: string) => {
    if (!n || typeof n !== 'object') return;
    if (n.required?.length) lines.push(`${key} ${p || '(body)'}: ${n.required.join(', ')}`);
    for (const [k, v] of Object.entries<Json>(n.properties ?? {})) visit(v, p ? `${p}.${k}` : k, key);
    if (n.items) visit(n.items, `${p}[]`, key);
  };
  for (const o of ops) visit(o.op.responses?.['200']?.content?.['application/json']?.schema, '', o.key);
  void doc;
  return lines;
}
