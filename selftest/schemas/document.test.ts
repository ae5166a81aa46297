/*
 * Self-tests for the schema DATA in schemas/ (owner: schemas). Budget: a few seconds.
 *  (a) the project document passes an OpenAPI 3 validator and keeps all 143 operations
 *  (b) no 200 response is a bare object schema
 *  (c) every vendor 200 example and every vendor request example validates with no error (warnings allowed)
 *  (c2) every response node carries x-basis; required fields name their source
 *  (c3) the vendor examples with every optional field null / omitted still validate without error
 *  (d) every ruling's implementedIn files under schemas/ exist; every x-ruling used is defined
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { operations, PROJECT_DOC, readJson, REPO_ROOT, RULINGS, VENDOR_DOC, type Json } from '../../scripts/schema-tools/lib';
import { checkExamples } from '../../scripts/schema-tools/check-examples';
import { makeAjv } from '../../scripts/schema-tools/ajv-doc';
import { listOperations, loadDocument, resolvePointer, validateResponse, validateWebhook } from '../../protocol/contract';

const doc = readJson(PROJECT_DOC);
const rulings = readJson(RULINGS) as Array<Json>;

test('(a) project document is valid OpenAPI 3 and keeps all 143 operations', async () => {
  await SwaggerParser.validate(structuredClone(doc));
  const ops = operations(doc);
  assert.equal(ops.length, 143, 'operation count');
  assert.ok(doc.paths['/v1.0/oauth2/tokens']?.post, 'token path is lower-case (R-token-path)');
  assert.ok(!doc.paths['/v1.0/OAuth2/tokens'], 'vendor token spelling is not a second key');
  assert.deepEqual(doc.security, [{ bearerAuth: [] }], 'R-security-scheme-name');
  if (fs.existsSync(VENDOR_DOC)) {
    const vendorKeys = operations(readJson(VENDOR_DOC)).map((o) => o.key.replace('/v1.0/OAuth2/tokens', '/v1.0/oauth2/tokens')).sort();
    assert.deepEqual(ops.map((o) => o.key).sort(), vendorKeys, 'same operation keys as the vendor document');
  }
});

test('(a2) vendor examples, parameters and request schemas are kept (only x-* keys and enum values added)', (t) => {
  if (!fs.existsSync(VENDOR_DOC)) { t.skip('reference document absent'); return; }
  const vendor = readJson(VENDOR_DOC);
  const mine = new Map(operations(doc).map((o) => [o.key, o.op]));
  const rulingIds = new Set((readJson(RULINGS) as Json[]).map((r) => r.id));
  const keep = (v: Json, p: Json, where: string): void => {
    if (Array.isArray(v)) {
      assert.ok(Array.isArray(p), where);
      if (where.endsWith('/enum')) { for (const x of v) assert.ok(p.includes(x), `${where}: vendor enum value ${x} kept`); return; }
      assert.equal(p.length, v.length, where);
      v.forEach((x, i) => keep(x, p[i], `${where}/${i}`));
      return;
    }
    if (v && typeof v === 'object') {
      assert.ok(p && typeof p === 'object', where);
      // a required list relaxed by a ruling the node names (x-required-ruling): a subset of the vendor's, nothing added
      const relaxed = (k: string) => k === 'required' && typeof p['x-required-ruling'] === 'string' && rulingIds.has(p['x-required-ruling']);
      for (const k of Object.keys(v))
        if (relaxed(k)) for (const f of p[k]) assert.ok(v[k].includes(f), `${where}/required: ${f} added`);
        else keep(v[k], p[k], `${where}/${k}`);
      for (const k of Object.keys(p)) assert.ok(k in v || k.startsWith('x-'), `${where}: only x-* keys added (${k})`);
      return;
    }
    assert.equal(p, v, where);
  };
  let n = 0;
  for (const o of operations(vendor)) {
    const key = o.key.replace('/v1.0/OAuth2/tokens', '/v1.0/oauth2/tokens');
    const op = mine.get(key);
    keep(o.op.parameters ?? [], op.parameters ?? [], `${key} parameters`);
    keep(o.op.requestBody ?? {}, op.requestBody ?? {}, `${key} requestBody`);
    keep(o.op.responses['200'].content?.['application/json']?.examples ?? {}, op.responses['200'].content?.['application/json']?.examples ?? {}, `${key} examples`);
    n++;
  }
  for (const [name, s] of Object.entries<Json>(vendor.components.schemas)) {
    if (/_Request$/.test(name)) keep(s, doc.components.schemas[name], `components.schemas.${name}`);
  }
  assert.equal(n, 143);
});

test('(b) every 200 response has an authored schema (no bare object), errors share Error_Result', () => {
  const bare: string[] = [];
  const isBare = (s: Json): boolean => {
    if (!s || typeof s !== 'object') return true;
    if (Array.isArray(s.anyOf)) return s.anyOf.every(isBare);
    if (s.type === 'array') return isBare(s.items);
    if (s.type === 'object' || s.type === undefined) return !(s.properties && Object.keys(s.properties).length) && !s.additionalProperties;
    return false;
  };
  let errRefs = 0;
  for (const o of operations(doc)) {
    const s = o.op.responses?.['200']?.content?.['application/json']?.schema;
    if (isBare(s)) bare.push(o.key);
    for (const [st, r] of Object.entries<Json>(o.op.responses)) {
      if (/^[45]/.test(st)) {
        assert.equal(r.content['application/json'].schema.$ref, '#/components/schemas/Error_Result', `${o.key} ${st}`);
        errRefs++;
      }
    }
    assert.ok(!JSON.stringify(s).includes('"additionalProperties":false'), `${o.key}: no additionalProperties:false on responses (R-response-extra-fields)`);
  }
  assert.deepEqual(bare, [], 'operations whose 200 schema is bare');
  console.log(`# 143 operations with authored 200 schemas; ${errRefs} error responses -> Error_Result`);
});

test('(c) every vendor 200 example and request example validates with no error (warnings allowed)', (t) => {
  if (!fs.existsSync(VENDOR_DOC)) {
    t.skip(`reference document absent (${path.relative(REPO_ROOT, VENDOR_DOC)}): example check skipped`);
    return;
  }
  const results = checkExamples();
  const line = (src: string) => {
    const rs = results.filter((r) => r.source === src);
    return `${rs.length} examples, ${rs.filter((r) => !r.ok).length} with errors, ${rs.reduce((a, r) => a + r.warnings, 0)} warnings`;
  };
  console.log(`# vendor 200 examples (validateResponse): ${line('vendor')}`);
  console.log(`# vendor request examples (validateRequest, as the client before sending): ${line('vendor-request')}`);
  console.log(`# seed 003 payloads (validateResponse): ${line('seed003')}`);
  assert.ok(results.filter((r) => r.source === 'vendor').length >= 136, 'every vendor 200 example is checked');
  assert.ok(results.filter((r) => r.source === 'vendor-request').length > 0, 'request examples are checked');
  const failing = results.filter((r) => !r.ok).map((r) => `${r.id}: ${r.errors.join('; ')}`);
  assert.deepEqual(failing, [], 'examples with error findings');
  const exc = rulings.flatMap((r) => (r.exampleExceptions ?? []) as string[]);
  assert.deepEqual(exc, [], 'no ruling lists a failing vendor example any more (issue 11)');
});

test('(c2) every response node carries its basis; inferred constraints never sit outside x-inferred', () => {
  const counts: Record<string, number> = {};
  const bad: string[] = [];
  const visit = (n: Json, where: string) => {
    if (!n || typeof n !== 'object') return;
    if (!n.$ref) {
      const b = n['x-basis'];
      counts[b ?? 'none'] = (counts[b ?? 'none'] ?? 0) + 1;
      if (!['documented', 'ruling', 'inferred'].includes(b)) bad.push(`${where}: x-basis ${b}`);
      if (b === 'ruling' && !n['x-ruling']) bad.push(`${where}: basis ruling without x-ruling`);
      if (n['x-provisional'] && (n.enum || n.format)) bad.push(`${where}: provisional node enforces enum/format`);
      for (const f of n.required ?? []) if (!n['x-required-source']?.[f]) bad.push(`${where}: required ${f} without x-required-source`);
    }
    for (const [k, v] of Object.entries<Json>(n.properties ?? {})) visit(v, `${where}.${k}`);
    if (n.items) visit(n.items, `${where}[]`);
    (n.anyOf ?? []).forEach((v: Json, i: number) => visit(v, `${where}|${i}`));
  };
  for (const o of operations(doc)) visit(o.op.responses['200'].content['application/json'].schema, o.key);
  console.log(`# response nodes by basis: ${JSON.stringify(counts)}`);
  assert.deepEqual(bad.slice(0, 20), []);
});

test('(c3) documented-optional fields answered null or omitted: no error (issue 11, items 3-5 against an independent implementation)', () => {
  const cdoc = loadDocument() as Json;
  const res = (sch: Json): Json => { let c = sch; for (let i = 0; c?.$ref && i < 10; i++) c = resolvePointer(cdoc, c.$ref); return c; };
  const shape = (v: Json, sch: Json, mode: 'null' | 'omit'): Json => {
    const r = res(sch);
    if (Array.isArray(v)) return v.map((x) => shape(x, r?.items, mode));
    if (!v || typeof v !== 'object' || !r?.properties) return v;
    const out: Json = {};
    for (const [k, x] of Object.entries<Json>(v)) {
      if ((r.required ?? []).includes(k) || !r.properties[k]) out[k] = shape(x, r.properties[k], mode);
      else if (mode === 'null') out[k] = null;
    }
    return out;
  };
  let n = 0;
  const bad: string[] = [];
  for (const op of listOperations()) {
    for (const ex of op.responseExamples['200'] ?? []) {
      for (const mode of ['null', 'omit'] as const) {
        n++;
        const errs = validateResponse(op.key, 200, shape(ex, op.responses['200'], mode)).filter((f) => f.severity === 'error');
        if (errs.length) bad.push(`${op.key} (${mode}): ${errs[0].pointer} ${errs[0].expected}`);
      }
    }
  }
  console.log(`# ${n} variants of the vendor 200 examples with every optional field null / omitted: ${bad.length} with errors`);
  assert.deepEqual(bad, []);
});

test('(d) ruling register is well formed and its schemas/ files exist', () => {
  const ids = new Set<string>();
  for (const r of rulings) {
    for (const k of ['id', 'topic', 'conflict', 'ruling', 'validatorEffect', 'sandboxEffect']) assert.equal(typeof r[k], 'string', `${r.id}.${k}`);
    assert.ok(Array.isArray(r.sources) && r.sources.length, `${r.id}.sources`);
    assert.ok(Array.isArray(r.implementedIn) && r.implementedIn.length, `${r.id}.implementedIn`);
    assert.match(r.id, /^R-[a-z0-9-]+$/);
    assert.ok(!ids.has(r.id), `duplicate ${r.id}`);
    ids.add(r.id);
    for (const f of r.implementedIn as string[]) {
      if (f.startsWith('schemas/')) assert.ok(fs.existsSync(path.join(REPO_ROOT, f)), `${r.id}: ${f} missing`);
    }
  }
  const used = new Set<string>();
  const walk = (n: Json) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') for (const [k, v] of Object.entries(n)) { if (k === 'x-ruling') used.add(v as string); walk(v); }
  };
  walk(doc);
  const hooks = path.join(REPO_ROOT, 'schemas', 'webhooks');
  for (const f of fs.readdirSync(hooks)) walk(readJson(path.join(hooks, f)));
  assert.deepEqual([...used].filter((u) => !ids.has(u)), [], 'x-ruling values without a ruling');
  for (const must of ['R-token-path', 'R-security-scheme-name', 'R-scope', 'R-status-verbs', 'R-number-type', 'R-id-package', 'R-id-product',
    'R-id-subscriber', 'R-id-number', 'R-id-order', 'R-id-webhook', 'R-id-schedule', 'R-trunk-priority-spelling', 'R-ip-whitelist-spelling',
    'R-cost-type', 'R-message-enabled-type']) assert.ok(ids.has(must), `register covers ${must}`);
  const scope = rulings.find((r) => r.id === 'R-scope');
  assert.deepEqual(scope.statuses, [401, 403]);
});

test("(d2) the suite's ID prefix checks (helpers/ids.ts) accept exactly the prefixes the schemas accept (R-id-*)", () => {
  const { ID_KINDS } = require('../../scripts/schema-tools/dictionary') as typeof import('../../scripts/schema-tools/dictionary');
  const { ID_PREFIXES } = require('../../helpers/ids') as typeof import('../../helpers/ids');
  for (const [kind, prefixes] of Object.entries(ID_PREFIXES)) {
    const k = ID_KINDS[kind];
    assert.ok(k, `helpers/ids.ts kind ${kind} is an ID kind of the schemas`);
    assert.deepEqual([...prefixes].sort(), k.accepted.map((p) => `${p}-`).sort(), `${kind}: ${k.ruling ?? 'single documented prefix'}`);
  }
});

test('docs/RULINGS.md is rendered from the current register (warning only)', async () => {
  const { render } = require('../../scripts/schema-tools/render-rulings') as typeof import('../../scripts/schema-tools/render-rulings');
  const file = path.join(REPO_ROOT, 'docs', 'RULINGS.md');
  const fresh = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === render(rulings);
  if (!fresh) console.log('# WARNING docs/RULINGS.md is stale: run `npx tsx scripts/schema-tools/render-rulings.ts`');
});

test('webhook payload schemas compile and accept a documented sample', () => {
  const ajv = makeAjv();
  const cache = new Map<string, ReturnType<typeof ajv.compile>>();
  const load = (n: string) => {
    if (!cache.has(n)) cache.set(n, ajv.compile(readJson(path.join(REPO_ROOT, 'schemas', 'webhooks', `${n}.schema.json`))));
    return cache.get(n)!;
  };
  const sms = { Message_ID: 'TMID-1', Owner: '+18015550100', To: '+18015550100', From: '+12015550123', Message_Body: 'hi', Segment: 1 };
  assert.ok(load('inbound-sms')(sms));
  const older = { MessageId: 'x', From: '+12015550123', To: '+18015550100', Text: 'hi', Timestamp: '2025-01-01T00:00:00Z', Direction: 'inbound' };
  assert.ok(!load('inbound-sms')(older), 'the Phase 2 schema rejects the older shape');
  assert.ok(load('inbound-older')(older), 'the older documented shape has its own schema (R-webhook-inbound-shape)');
  assert.ok(!load('inbound-older')({ ...older, Text: undefined }), 'the older shape requires its fields');
  assert.ok(load('inbound-mms')({ ...sms, MMS_Media_URL: 'https://example.com/a.jpg' }));
  assert.ok(!load('inbound-mms')(sms), 'MMS needs MMS_Media_URL');
  assert.ok(load('dlr')({ MessageId: 'TMID-1', Status: 'Delivered', To: '+12015550123', From: '+18015550100', DeliveredOn: '2025-01-01T00:00:00Z' }));
  assert.ok(!load('dlr')({ MessageId: 'X-1', Status: 'Delivered', To: '+12015550123', From: '+18015550100' }));
  const ve = load('voice-event');
  assert.ok(ve({ Event: 'Call_Completed', CallId: 'c1', From: '+12015550123', To: '+18015550100', Timestamp: '2025-01-01T00:00:00Z', Duration: 12 }));
  // DLR and voice events are undocumented (R-webhook-dlr, R-webhook-voice-event): their guessed rules are warnings only
  const noDuration = validateWebhook('voice-event', { Event: 'Call_Completed', CallId: 'c1', From: '+12015550123', To: '+18015550100', Timestamp: '2025-01-01T00:00:00Z' });
  assert.deepEqual(noDuration.map((f) => [f.severity, f.pointer, f.basis]), [['warning', '/Duration', 'inferred']], 'Completed expects Duration (warning)');
  const oddDlr = validateWebhook('dlr', { MessageId: 'TMID-1', Status: 'Whatever', To: '+12015550123', From: '+18015550100' });
  assert.deepEqual(oddDlr.map((f) => f.severity), ['warning'], 'a guessed DLR status enum is a warning');
  const badDlr = validateWebhook('dlr', { MessageId: 'TMID-1', Status: 'Delivered', To: '2015550123', From: '+18015550100' });
  assert.ok(badDlr.length > 0 && badDlr.every((f) => f.severity === 'error' && f.pointer === '/To'), 'E.164 stays an error');
  // R-dlr-recipient: To as message/outbound answers it ([{ Number }]) is tolerated; other list forms stay errors
  const dlrTo = (To: unknown) => validateWebhook('dlr', { MessageId: 'TMID-1', Status: 'Delivered', To, From: '+18015550100' }).map((f) => [f.severity, f.pointer]);
  assert.deepEqual(dlrTo([{ Number: '+12015550123' }]), [['warning', '/To']], 'the outbound answer form is a warning');
  for (const bad of [[{ Number: '2015550123' }], [], ['+12015550123'], [{ Phone: '+12015550123' }]])
    assert.ok(dlrTo(bad).some(([s, p]) => s === 'error' && String(p).startsWith('/To')), `To ${JSON.stringify(bad)} stays an error`);
  const sms2 = validateWebhook('inbound-sms', { ...sms, Segment: undefined });
  assert.ok(sms2.some((f) => f.severity === 'error' && f.pointer === '/Segment' && /Phase 2/.test(f.basis ?? '')), 'documented inbound field required (error, basis Phase 2)');
});
