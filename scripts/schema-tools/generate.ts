/*
 * Generates schemas/telegent.openapi.json from the vendor document (../shared/reference/telegent-openapi.json):
 *   structural fixes (token path, security scheme name, shared error schema), strict 200 response schemas
 *   (inferred from the vendor examples + seed 003 payloads + the field dictionary, then refined by overrides.ts),
 *   request enum extensions decided by rulings, and the client extensions (x-billable, x-idempotent, x-cleanup).
 * Usage: npx tsx scripts/schema-tools/generate.ts [--check]   (--check: do not write, exit 1 if output differs)
 * The committed document is the source of truth; this generator is kept for traceability and re-runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clone, operations, PROJECT_DOC, readJson, responseExamples, VENDOR_DOC, writeJsonAtomic, type Json } from './lib';
import { collectGlobals, inferSchema } from './infer';
import { OVERRIDES } from './overrides';
import { PRODUCT_TYPES, PRODUCT_TYPES_LOWER, STATUS_CHANGES, STATUS_CHANGES_TITLE, THROTTLE_SPEEDS } from './dictionary';
import { EXTENSIONS } from './extensions';
import { FAMILIES } from './families';
import { applyBasis, requiredReport, vendorFacts } from './basis';

const VENDOR_TOKEN_PATH = '/v1.0/OAuth2/tokens';
const TOKEN_PATH = '/v1.0/oauth2/tokens';
const ERROR_STATUSES = ['400', '401', '403', '404', '405', '408', '429', '500', '503', '504'];

/** Where the shape of a 200 body without any vendor example comes from (R-no-example-ops). */
const NO_EXAMPLE_SOURCE: Record<string, string> = {
  'GET /v1.0/account/webhooks': 'OpenAPI component Webhook_Result',
  'GET /v1.0/webhook': 'OpenAPI component Webhook_Result',
  'POST /v1.0/webhook/create': 'OpenAPI component Webhook_Result',
  'POST /v1.0/webhook/update': 'OpenAPI component Webhook_Result',
  'POST /v1.0/webhook/delete': 'OpenAPI component Delete_Webhook_Result',
  'POST /v1.0/numbers/reactivate': 'OpenAPI component ReactivateNumber_Result',
  'POST /v1.0/services/update': 'OpenAPI description "Returns the updated service record" (GET /v1.0/services example)',
};

/**
 * R-distributor-accounts-list: the operation is documented as "a list" of the distributor's accounts, its one example
 * shows a single account. Both are valid: an array of accounts, or one account object.
 */
function listOfAccounts(doc: Json): void {
  const content = doc.paths['/v1.0/distributor/accounts'].get.responses['200'].content['application/json'];
  const { title, ...account } = content.schema;
  const basis = { 'x-ruling': 'R-distributor-accounts-list', 'x-basis': 'ruling' };
  content.schema = { title, ...basis, anyOf: [{ type: 'array', ...basis, items: account }, account] };
}

function opTitle(key: string): string {
  const [method, p] = key.split(' ');
  const words = p
    .replace('/v1.0/', '')
    .split(/[\/\-]/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1));
  return `${method[0]}${method.slice(1).toLowerCase()}${words.join('')}Response`;
}

function nodeAt(root: Json, p: string): { parent: Json; key: string | null; node: Json } {
  if (p === '') return { parent: null, key: null, node: root };
  let parent: Json = null;
  let key: string | null = null;
  let node = root;
  for (const seg of p.split('.')) {
    const m = /^([^\[]*)((\[\])*)$/.exec(seg)!;
    const name = m[1];
    const arrays = m[2].length / 2;
    if (name) {
      if (!node.properties?.[name]) throw new Error(`override path ${p}: no property ${name}`);
      parent = node.properties;
      key = name;
      node = node.properties[name];
    }
    for (let i = 0; i < arrays; i++) {
      if (!node.items) throw new Error(`override path ${p}: ${name} is not an array`);
      parent = node;
      key = 'items';
      node = node.items;
    }
  }
  return { parent, key, node };
}

function applyOverrides(opKey: string, root: Json): Json {
  const ov = OVERRIDES[opKey];
  if (!ov) return root;
  for (const [p, patch] of Object.entries<Json>(ov)) {
    if (patch.$replace) {
      if (p === '') {
        root = clone(patch.$replace);
        continue;
      }
      const { parent, key } = nodeAt(root, p);
      parent[key!] = clone(patch.$replace);
      continue;
    }
    const { node } = nodeAt(root, p);
    for (const [k, v] of Object.entries<Json>(patch)) {
      if (k === '$required') {
        if (v.length) node.required = [...v];
        else delete node.required;
      } else if (k === '$optional') {
        node.required = (node.required ?? []).filter((r: string) => !v.includes(r));
        if (!node.required.length) delete node.required;
      } else if (k === '$delete') for (const d of v) delete node[d];
      else node[k] = clone(v);
    }
    if (node.nullable && Array.isArray(node.enum) && !node.enum.includes(null)) node.enum.push(null);
  }
  return root;
}

/** name -> description from the operation's request body (the vendor documents request fields only). */
function requestDescriptions(doc: Json, op: Json): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (s: Json, depth: number) => {
    if (!s || depth > 6) return;
    if (s.$ref) return walk(doc.components.schemas[s.$ref.split('/').pop()], depth + 1);
    for (const [k, v] of Object.entries<Json>(s.properties ?? {})) {
      if (v?.description && !out.has(k)) out.set(k, v.description);
      walk(v, depth + 1);
    }
    if (s.items) walk(s.items, depth + 1);
  };
  walk(op.requestBody?.content?.['application/json']?.schema, 0);
  return out;
}

function addDescriptions(s: Json, d: Map<string, string>): void {
  if (!s || typeof s !== 'object') return;
  for (const [k, v] of Object.entries<Json>(s.properties ?? {})) {
    if (v && !v.description && d.has(k)) v.description = d.get(k);
    addDescriptions(v, d);
  }
  if (s.items) addDescriptions(s.items, d);
}

/** The 200 schema of one operation ("METHOD path") in the project document. */
function schemaOf(doc: Json, k: string): Json {
  const [m, p] = k.split(' ');
  return doc.paths[p][m.toLowerCase()].responses['200'].content['application/json'].schema;
}

function pathRulings(doc: Json): void {
  // --- R-token-path: lower-case key, keep order
  const paths: Json = {};
  for (const [p, item] of Object.entries<Json>(doc.paths)) paths[p === VENDOR_TOKEN_PATH ? TOKEN_PATH : p] = item;
  doc.paths = paths;
  doc.paths[TOKEN_PATH].post['x-ruling'] = 'R-token-path';
  doc.paths[TOKEN_PATH].post['x-vendor-path'] = VENDOR_TOKEN_PATH;
  doc.paths[TOKEN_PATH].post.security = [];
  doc.paths['/v1.0/subscribers/create'].post['x-ruling'] = 'R-subscriber-create-path';

  // --- R-security-scheme-name
  doc.security = [{ bearerAuth: [] }];
  doc.components.securitySchemes.bearerAuth['x-ruling'] = 'R-security-scheme-name';
}

function projectInfo(doc: Json, vendor: Json): void {
  doc.info['x-project-document'] = {
    derivedFrom: `Telegent vendor OpenAPI ${vendor.info.version} (../shared/reference/telegent-openapi.json)`,
    generator: 'scripts/schema-tools/generate.ts',
    webhookSchemas: {
      'inbound-sms': 'schemas/webhooks/inbound-sms.schema.json',
      'inbound-mms': 'schemas/webhooks/inbound-mms.schema.json',
      dlr: 'schemas/webhooks/dlr.schema.json',
      'voice-event': 'schemas/webhooks/voice-event.schema.json',
    },
    rulings: 'schemas/rulings.json (rendered: docs/RULINGS.md)',
    conventions: [
      ['nullable', 'OpenAPI 3.0 `nullable: true` next to `type`; enums of nullable fields also list null'],
      ['x-ruling', 'id of the ruling (schemas/rulings.json) that decided this node'],
      ['x-provisional', "the vendor docs are silent; the schema is the suite's best guess (its constraints are in x-inferred)"],
      ['x-basis', 'basis of what the node enforces as errors: documented | ruling | inferred (R-severity-by-basis)'],
      ['x-source', "where the node's rule is documented (vendor 200 example, seed 003 §…, OpenAPI request enum/format/description)"],
      [
        'x-inferred',
        'constraints the suite only guessed (format from a sample, enum from samples, required-ness from examples): the validator reports their violations as warnings, never failures',
      ],
      ['x-tolerated', 'alternative forms a ruling tolerates (e.g. Cost "$0.0045"): accepted with a warning'],
      ['x-required-source', 'why a field is hard-required: the docs say the operation returns it (R-response-required)'],
      ['optional fields', 'every response field not documented as returned is optional and nullable (R-response-required)'],
      ['x-secret', 'value is a secret: redact before logging'],
      ['x-id-kind', 'ID kind (see ID prefixes in docs/RULINGS.md); x-id-canonical = prefix the sandbox emits'],
      ['x-billable', 'operation costs money or is irreversible: never retried blind'],
      ['x-idempotent', 'false: the client must check whether a first attempt took effect before any retry'],
      [
        'x-cleanup',
        'how to undo what the operation creates: { operation, in, params } or { manual }; params values may be $response.body#/F, $request.body#/F, $today:MM/DD/YYYY (UTC) at any depth',
      ],
      ['x-vendor-path', 'path as spelled in the vendor document, when the project document differs'],
      ['strictness', 'response schemas carry no additionalProperties:false; the validator reports undocumented fields as warnings (R-response-extra-fields)'],
    ].map(([name, meaning]) => ({ name, meaning })),
  };
}

function errorSchemas(doc: Json): void {
  // --- R-error-schema: one shared error component for every 4xx/5xx
  const vendorErr = doc.components.schemas.BadRequest_Result;
  const errorSchema = clone(vendorErr);
  delete errorSchema.additionalProperties;
  errorSchema.properties.StatusCode = { type: 'integer', format: 'int32', minimum: 400, maximum: 599 };
  errorSchema['x-ruling'] = 'R-error-schema';
  errorSchema.description = 'Shared error body for every 4xx/5xx response (vendor BadRequest_Result and siblings are identical).';
  doc.components.schemas.Error_Result = errorSchema;
  for (const name of [
    'BadRequest_Result',
    'Unauthorized_Result',
    'Forbidden_Result',
    'NotFound_Result',
    'MethodNotAllowed_Result',
    'RequestTimeout_Result',
    'TooManyRequests_Result',
    'InternalServerError_Result',
    'ServiceUnavailable_Result',
    'GatewayTimeout_Result',
  ]) {
    doc.components.schemas[name] = { $ref: '#/components/schemas/Error_Result' };
  }
  for (const name of [
    'Webhook_Result',
    'Delete_Webhook_Result',
    'ReactivateNumber_Result',
    'Phone_Number_With_RenewalInfo_And_Status',
    'Number_RenewalInfo',
    'Update_RenewalInfo_Result',
  ]) {
    const s = doc.components.schemas[name];
    if (s) {
      delete s.additionalProperties;
      s['x-ruling'] = 'R-response-extra-fields';
    }
  }
}

function responseSchemas(doc: Json, seeds: Record<string, unknown>): void {
  // --- response schemas
  const allSamples: unknown[] = [];
  for (const o of operations(doc)) for (const [, v] of responseExamples(o.op)) allSamples.push(v);
  for (const v of Object.values(seeds)) allSamples.push(v);
  const g = collectGlobals(allSamples);

  for (const o of operations(doc)) {
    const op = o.op;
    // errors
    for (const st of ERROR_STATUSES) {
      const r = op.responses[st];
      if (!r) continue;
      r.content = { 'application/json': { schema: { $ref: '#/components/schemas/Error_Result' } } };
      if (st === '401' || st === '403') r['x-ruling'] = 'R-scope';
    }
    // 200
    const samples = responseExamples(op).map(([, v]) => v);
    if (seeds[o.key] !== undefined) samples.push(seeds[o.key]);
    let schema: Json = samples.length ? inferSchema(samples, '', g) : { type: 'object' };
    schema = applyOverrides(o.key, schema);
    if (!samples.length && !OVERRIDES[o.key]?.['']?.$replace) throw new Error(`${o.key}: no example and no authored schema`);
    schema = { title: opTitle(o.key), ...schema };
    addDescriptions(schema, requestDescriptions(doc, op));
    const r200 = op.responses['200'];
    const content = r200.content?.['application/json'] ?? {};
    r200.content = { 'application/json': { ...content, schema } };

    // extensions
    const ext = EXTENSIONS[o.key];
    if (ext) Object.assign(op, clone(ext));
    if (o.method === 'POST' && op['x-idempotent'] === undefined) op['x-idempotent'] = true;
    if (op['x-billable'] === undefined) op['x-billable'] = false;
  }
}

function expectedFields(doc: Json): void {
  // --- expected fields (x-inferred.required after applyBasis): one list per resource family (intersection)
  const familyLog: string[] = [];
  for (const [fam, members] of Object.entries(FAMILIES)) {
    const nodes = members.map(([k, p]) => ({ k, node: nodeAt(schemaOf(doc, k), p).node }));
    let common: string[] | null = null;
    // field names compare case-insensitively (AccountId/AccountID, Tnid/TNID, IpWhitelist/IpWhiteList: see rulings)
    const req = (node: Json): string[] => (node.required ?? []).map((r: string) => r.toLowerCase());
    for (const { node } of nodes) common = common === null ? req(node) : common.filter((r) => req(node).includes(r));
    for (const { k, node } of nodes) {
      const before: string[] = node.required ?? [];
      const after = before.filter((r) => common!.includes(r.toLowerCase()));
      if (after.length !== before.length) familyLog.push(`${fam}: ${k} optional now: ${before.filter((r) => !after.includes(r)).join(', ')}`);
      if (after.length) node.required = after;
      else delete node.required;
    }
  }
  if (process.env.SCHEMA_TOOLS_VERBOSE) console.log(familyLog.join('\n'));
}

function basisOfRules(doc: Json, vendor: Json, seeds: Record<string, unknown>): void {
  // --- R-response-required + R-severity-by-basis: basis of every rule; required = documented returns only
  const facts = vendorFacts(vendor);
  for (const o of operations(doc)) {
    const vendorSamples = responseExamples(o.op).length;
    const source = vendorSamples ? `vendor 200 example${seeds[o.key] !== undefined ? ' + seed 003' : ''}` : (NO_EXAMPLE_SOURCE[o.key] ?? 'R-no-example-ops');
    applyBasis(o.key, schemaOf(doc, o.key), facts, source);
  }
  if (process.env.SCHEMA_TOOLS_VERBOSE) console.log(requiredReport(doc, operations(doc)).join('\n'));
  listOfAccounts(doc);
}

function requestRulings(doc: Json): void {
  // --- request-side rulings (enum extensions; vendor values kept)
  const body = (k: string) => {
    const [m, p] = k.split(' ');
    return doc.paths[p][m.toLowerCase()].requestBody.content['application/json'].schema;
  };
  const prov = body('POST /v1.0/numbers/provision');
  prov.properties.NumberType.enum = ['mvno', 'iot', 'voip'];
  prov.properties.NumberType['x-ruling'] = 'R-number-type';
  prov.properties.ProductType.enum = [...PRODUCT_TYPES, ...PRODUCT_TYPES_LOWER];
  prov.properties.ProductType['x-ruling'] = 'R-product-type-case';
  const upd = body('POST /v1.0/numbers/update');
  upd.properties.ProductType.enum = [...PRODUCT_TYPES, ...PRODUCT_TYPES_LOWER];
  upd.properties.ProductType['x-ruling'] = 'R-product-type-case';
  const avail = body('POST /v1.0/numbers/availability');
  avail.properties.NumberType.enum = ['mobile', 'mvno', 'iot', 'voip'];
  avail.properties.NumberType['x-ruling'] = 'R-number-type';
  const du = body('POST /v1.0/numbers/data-usage');
  du.properties.ThrottleSpeed.enum = [...THROTTLE_SPEEDS];
  du.properties.ThrottleSpeed['x-ruling'] = 'R-throttle-speed';
  const st = body('POST /v1.0/numbers/status');
  st.properties.StatusChange.enum = [...STATUS_CHANGES, ...STATUS_CHANGES_TITLE];
  st.properties.StatusChange['x-ruling'] = 'R-status-verbs';
  for (const k of ['POST /v1.0/voice/routes', 'POST /v1.0/voice/routes/update']) {
    const vr = body(k);
    if (vr.properties.IpWhitelist) vr.properties.IpWhitelist['x-ruling'] = 'R-ip-whitelist-spelling';
    for (const f of ['Trunk1Priortiy', 'Trunk2Priortiy']) if (vr.properties[f]) vr.properties[f]['x-ruling'] = 'R-trunk-priority-spelling';
  }
  st.properties.EffectiveDate['x-ruling'] = 'R-effective-date-format';
  for (const k of ['POST /v1.0/packages/items/add', 'POST /v1.0/packages/items/update']) {
    const b = body(k);
    if (b.properties.Price) b.properties.Price['x-ruling'] = 'R-package-item-price-type';
  }
  // R-call-filter-mode: the guide's call-filter request (seed 003 §10.2) sends no FilterMode; the vendor OpenAPI requires it
  const cf = body('POST /v1.0/subscribers/call-filter');
  cf.required = (cf.required ?? []).filter((f: string) => f !== 'FilterMode');
  cf['x-required-ruling'] = 'R-call-filter-mode'; // the one vendor required list relaxed, and by which ruling
  cf.properties.FilterMode['x-ruling'] = 'R-call-filter-mode';
  const pk = body('POST /v1.0/packages');
  if (pk.properties.PackageItems?.items?.properties?.Price) pk.properties.PackageItems.items.properties.Price['x-ruling'] = 'R-package-item-price-type';
}

/** The project document: the vendor's, with the rulings applied, strict response schemas and the suite's extensions. */
export function generate(): Json {
  const vendor = readJson(VENDOR_DOC);
  const seeds = readJson(path.join(__dirname, 'seed-examples.json')).examples as Record<string, unknown>;
  const doc = clone(vendor);
  pathRulings(doc);
  projectInfo(doc, vendor);
  errorSchemas(doc);
  responseSchemas(doc, seeds);
  expectedFields(doc);
  basisOfRules(doc, vendor, seeds);
  requestRulings(doc);
  return doc;
}

if (require.main === module) {
  const doc = generate();
  if (process.argv.includes('--check')) {
    const same = fs.existsSync(PROJECT_DOC) && JSON.stringify(readJson(PROJECT_DOC)) === JSON.stringify(doc);
    console.log(same ? 'schemas/telegent.openapi.json is up to date with the generator' : 'generator output DIFFERS from schemas/telegent.openapi.json');
    process.exit(same ? 0 : 1);
  }
  writeJsonAtomic(PROJECT_DOC, doc);
  console.log(`wrote ${path.relative(process.cwd(), PROJECT_DOC)} (${operations(doc).length} operations)`);
}
