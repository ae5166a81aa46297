/**
 * Validator mechanics against a small synthetic OpenAPI document (TELEGENT_SCHEMAS_DIR → a temp
 * folder), so the assertions do not move while schemas/ is being authored:
 * pointers, strict-twin warnings, nullable, $ref resolution, case-insensitive paths, request
 * validation naming the field, query params, status/content type, webhook/CDR files, redaction.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-selftest-'));
process.env.TELEGENT_SCHEMAS_DIR = dir;
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const doc = {
  openapi: '3.0.3',
  info: { title: 'synthetic', version: '1' },
  paths: {
    '/v1.0/Things/create': {
      post: {
        'x-billable': true,
        'x-idempotent': false,
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingRequest' } } } },
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Thing' }, examples: { one: { value: { ThingId: 'TID-1', Phone: '+18015550100' } } } },
            },
          },
          '400': { $ref: '#/components/responses/Error' },
        },
      },
    },
    '/v1.0/things': {
      get: {
        parameters: [
          { name: 'ThingId', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'Page', in: 'query', schema: { type: 'integer', minimum: 1 } },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['Items'],
                  properties: { Items: { type: 'array', items: { $ref: '#/components/schemas/Thing' } }, Total: { type: 'integer', example: 3 } },
                },
              },
            },
          },
          '5XX': { $ref: '#/components/responses/Error' },
        },
      },
    },
    '/v1.0/tokens': { post: { security: [], responses: { '200': { description: 'no body' } } } },
  },
  components: {
    responses: { Error: { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
    schemas: {
      Thing: {
        type: 'object',
        required: ['ThingId', 'Phone'],
        properties: {
          ThingId: { type: 'string', pattern: '^TID-\\S+$', 'x-ruling': 'R-id-thing' },
          Phone: { type: 'string', pattern: '^\\+[1-9]\\d{1,14}$', example: '+18015550100' },
          Kind: { type: 'string', enum: ['a', 'b'], nullable: true },
          Note: { type: 'string', nullable: true },
          Owner: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { Extra: { type: 'string' } } }] },
          Nested: { type: 'object', properties: { Level: { type: 'integer', format: 'int32' } } },
        },
      },
      Base: { type: 'object', properties: { Id: { type: 'string' } } },
      ThingRequest: {
        type: 'object',
        required: ['Name'],
        properties: { Name: { type: 'string', minLength: 1 }, Secret: { type: 'string' } },
        additionalProperties: false,
      },
      Error: { type: 'object', required: ['StatusCode'], properties: { StatusCode: { type: 'integer' }, Message: { type: 'string', nullable: true } } },
    },
  },
};
fs.writeFileSync(path.join(dir, 'telegent.openapi.json'), JSON.stringify(doc));
fs.mkdirSync(path.join(dir, 'webhooks'));
fs.writeFileSync(
  path.join(dir, 'webhooks', 'inbound-sms.schema.json'),
  JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['Message_ID', 'From'],
    properties: { Message_ID: { type: 'string' }, From: { $ref: 'common.schema.json#/$defs/e164' }, Segment: { type: 'integer', minimum: 1 } },
  }),
);
fs.writeFileSync(
  path.join(dir, 'webhooks', 'common.schema.json'),
  JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', $defs: { e164: { type: 'string', pattern: '^\\+[1-9]\\d{1,14}$' } } }),
);
fs.writeFileSync(path.join(dir, 'rulings.json'), JSON.stringify([{ id: 'R-scope', ruling: 'either', statuses: [401, 403] }]));

// imported after the env var is set (the module reads it lazily anyway)

const c = require('../../protocol/contract') as typeof import('../../protocol/contract');

const { registerSecret } = require('../../protocol/redact') as typeof import('../../protocol/redact');

const CREATE = 'POST /v1.0/Things/create';
const LIST = 'GET /v1.0/things';
const thing = (o: Record<string, unknown> = {}) => ({ ThingId: 'TID-1', Phone: '+18015550100', ...o });
const errors = (fs: ReturnType<typeof c.validateResponse>) => fs.filter((f) => f.severity === 'error');

test('operations are listed with their extensions', () => {
  const ops = c.listOperations();
  assert.deepEqual(
    ops.map((o) => o.key),
    [CREATE, LIST, 'POST /v1.0/tokens'],
  );
  const create = ops[0];
  assert.equal(create.billable, true);
  assert.equal(create.idempotent, false);
  assert.equal(create.requestBodyRequired, true);
  assert.deepEqual(create.responseExamples['200'], [{ ThingId: 'TID-1', Phone: '+18015550100' }]);
  assert.ok(create.responses['400'], 'response $ref resolved');
  assert.equal(ops[2].requiresAuth, false);
  assert.deepEqual(
    ops[1].queryParams.map((p) => [p.name, p.required]),
    [
      ['ThingId', true],
      ['Page', false],
    ],
  );
});

test('path matching is case-insensitive and ignores the query string', () => {
  assert.equal(c.findOperation('post', '/v1.0/things/CREATE')?.key, CREATE);
  assert.equal(c.findOperation('POST', '/V1.0/THINGS/create?x=1')?.key, CREATE);
  assert.equal(c.findOperation('GET', 'http://127.0.0.1:9/v1.0/Things/')?.key, LIST);
  assert.equal(c.findOperation('DELETE', '/v1.0/things'), undefined);
  assert.equal(c.getOperation('post /v1.0/things/create')?.key, CREATE);
});

test('a conforming response has no findings; nullable and $ref resolved', () => {
  assert.deepEqual(c.validateResponse(CREATE, 200, thing({ Kind: null, Note: null, Owner: { Id: 'x', Extra: 'y' } }), 'application/json; charset=utf-8'), []);
  assert.deepEqual(c.validateResponse(LIST, 200, { Items: [thing(), thing({ Kind: 'b' })], Total: 2 }), []);
});

test('violations carry a JSON pointer, expected and actual', () => {
  const f = c.validateResponse(LIST, 200, { Items: [thing(), thing({ Nested: { Level: 'x' }, Kind: 'c' }), { Phone: '8015550100' }] });
  const byPointer = Object.fromEntries(errors(f).map((x) => [x.pointer, x]));
  assert.equal(byPointer['/Items/1/Nested/Level'].expected, 'type integer');
  assert.equal(byPointer['/Items/1/Nested/Level'].actual, '"x"');
  assert.equal(byPointer['/Items/1/Kind'].expected, 'one of ["a","b",null]');
  assert.equal(byPointer['/Items/2/ThingId'].actual, 'missing');
  assert.match(byPointer['/Items/2/ThingId'].expected, /required property "ThingId"/);
  assert.match(byPointer['/Items/2/Phone'].expected, /matching/);
  for (const x of f) {
    assert.equal(x.check, 'schemaConformance');
    assert.equal(x.op, LIST);
    assert.ok(x.message.includes(x.pointer));
  }
  const missingItems = c.validateResponse(LIST, 200, {});
  assert.equal(missingItems[0].pointer, '/Items');
});

test('undocumented extra fields are warnings, not errors (strict twin), at any depth', () => {
  const f = c.validateResponse(LIST, 200, { Items: [thing({ Surprise: 1, Nested: { Level: 1, Deep: true } })], Bonus: 'x' });
  assert.equal(errors(f).length, 0);
  assert.deepEqual(f.map((x) => [x.severity, x.pointer]).sort(), [
    ['warning', '/Bonus'],
    ['warning', '/Items/0/Nested/Deep'],
    ['warning', '/Items/0/Surprise'],
  ]);
  // allOf branches are not closed individually (no false warnings for the sibling branch's fields)
  assert.deepEqual(c.validateResponse(CREATE, 200, thing({ Owner: { Id: 'x', Extra: 'y' } })), []);
  // warnings and errors together
  const mixed = c.validateResponse(CREATE, 200, { ThingId: 'BAD-1', Phone: '+18015550100', Other: 1 });
  assert.deepEqual(
    mixed.map((x) => [x.severity, x.pointer]),
    [
      ['error', '/ThingId'],
      ['warning', '/Other'],
    ],
  );
});

test('status codes: exact, NXX range, undocumented', () => {
  assert.deepEqual(c.validateResponse(CREATE, 400, { StatusCode: 400, Message: null }), []);
  assert.deepEqual(c.validateResponse(LIST, 503, { StatusCode: 503 }), []);
  assert.equal(errors(c.validateResponse(LIST, 502, {}))[0].pointer, '/StatusCode', '5XX schema applies');
  const f = c.validateResponse(CREATE, 418, {});
  assert.equal(f.length, 1);
  assert.equal(f[0].check, 'statusCodeConformance');
  assert.equal(f[0].actual, '418');
});

test('content type must be JSON when a JSON body is documented', () => {
  const f = c.validateResponse(CREATE, 200, thing(), 'text/html');
  assert.equal(f[0].check, 'contentTypeConformance');
  assert.deepEqual(c.validateResponse(CREATE, 200, thing(), 'application/problem+json'), []);
  assert.deepEqual(
    c.checks.contentTypeConformance(CREATE, 200, undefined).map((x) => x.check),
    ['contentTypeConformance'],
  );
  assert.deepEqual(c.validateResponse('POST /v1.0/tokens', 200, undefined, 'text/plain'), [], 'no documented body → no content-type rule');
});

test('request validation names the field; explicitly closed request schemas reject extra fields', () => {
  assert.deepEqual(c.validateRequest(CREATE, { Name: 'n' }), []);
  const missing = c.validateRequest(CREATE, {});
  assert.equal(missing[0].pointer, '/Name');
  assert.match(missing[0].message, /Name/);
  const wrong = c.validateRequest(CREATE, { Name: '' });
  assert.equal(wrong[0].pointer, '/Name');
  assert.equal(wrong[0].expected, 'minLength 1');
  const extra = c.validateRequest(CREATE, { Name: 'n', Nmae: 'typo' });
  assert.deepEqual(
    extra.map((x) => [x.severity, x.pointer]),
    [['error', '/Nmae']],
  );
  const noBody = c.validateRequest(CREATE, undefined);
  assert.equal(noBody[0].actual, 'missing');
  assert.equal(c.validateRequest('POST /v1.0/nope', {})[0].message, 'unknown operation POST /v1.0/nope');
});

test('query parameters: required, typed (strings coerced), undocumented = warning', () => {
  assert.deepEqual(c.validateRequest(LIST, undefined, { ThingId: 'TID-1', Page: '2' }), []);
  const f = c.validateRequest(LIST, undefined, { Page: 'x', Foo: 'bar' });
  assert.deepEqual(f.map((x) => [x.severity, x.pointer]).sort(), [
    ['error', '/Page'],
    ['error', '/ThingId'],
    ['warning', '/Foo'],
  ]);
  assert.ok(f.every((x) => x.check === 'queryConformance'));
});

test('actual values are redacted (registered secrets, secret-looking keys) and truncated', () => {
  registerSecret('sekret-Value-998877');
  const f = c.validateResponse(CREATE, 200, thing({ ThingId: 'sekret-Value-998877' }));
  assert.equal(f[0].pointer, '/ThingId');
  assert.ok(!f[0].actual.includes('sekret-Value-998877'), f[0].actual);
  const r = c.validateRequest(CREATE, { Name: 'n', Secret: 12345678 });
  assert.equal(r[0].pointer, '/Secret');
  assert.equal(r[0].actual, '"[REDACTED]"');
  const long = c.validateResponse(CREATE, 200, thing({ Phone: 'x'.repeat(5000) }));
  assert.ok(long[0].actual.length <= 160);
});

test('webhook schemas load from schemas/webhooks (any draft, cross-file $ref); a missing file is a clear error', () => {
  assert.deepEqual(c.validateWebhook('inbound-sms', { Message_ID: 'm1', From: '+18015550100', Segment: 1 }), []);
  const f = c.validateWebhook('inbound-sms', { Message_ID: 'm1', From: '8015550100', Segment: 0, Owner: '+1' });
  assert.deepEqual(f.map((x) => [x.severity, x.pointer]).sort(), [
    ['error', '/From'],
    ['error', '/Segment'],
    ['warning', '/Owner'],
  ]);
  const missing = c.validateWebhook('dlr', {});
  assert.equal(missing.length, 1);
  assert.match(missing[0].message, /schemas\/webhooks\/dlr\.schema\.json/);
  const cdr = c.validateCdr('voice', {});
  assert.match(cdr[0].message, /schema file missing: schemas\/cdr\/voice\.schema\.json/);
});

test('named checks', () => {
  const k = c.checks;
  assert.deepEqual(k.idPrefix('NID-123', ['NID-', 'TNID-']), []);
  assert.equal(k.idPrefix('XID-1', 'NID-', '/PhoneNumberId')[0].pointer, '/PhoneNumberId');
  assert.equal(k.idPrefix('NID-', 'NID-').length, 1, 'a bare prefix is not an ID');
  assert.deepEqual(k.e164('+18016025346'), []);
  assert.equal(k.e164('8016025346').length, 1);
  assert.equal(k.e164('+0123').length, 1);
  assert.deepEqual(k.echoesRequest({ Name: 'a', Tag: 1 }, { Name: 'a', Label: 1 }, { Name: 'Name', Tag: 'Label' }), []);
  assert.equal(k.echoesRequest({ Name: 'a' }, { Name: 'b' }, ['Name'])[0].pointer, '/Name');
  assert.equal(k.echoesRequest({ Name: 'a' }, {}, ['Name'])[0].actual, 'missing');
  // R-field-key-casing: the echoed field in another key casing the vendor uses (TNID / Tnid) is the same field; its value still counts
  assert.deepEqual(k.echoesRequest({ TNID: 'NID-1' }, { Tnid: 'NID-1' }, ['TNID']), []);
  assert.equal(k.echoesRequest({ TNID: 'NID-1' }, { Tnid: 'NID-2' }, ['TNID'])[0].pointer, '/TNID');
  // R-iccid-format: the SIM echoed with its F filler is the same SIM; another digit is not
  assert.deepEqual(k.echoesRequest({ ICCID: '8901240397190557414' }, { ICCID: '8901240397190557414F' }, ['ICCID']), []);
  assert.equal(k.echoesRequest({ ICCID: '8901240397190557414' }, { ICCID: '8901240397190557415' }, ['ICCID']).length, 1);
  assert.deepEqual(k.authIgnored({ status: 401 }), []);
  assert.equal(k.authIgnored(200, CREATE)[0].check, 'authIgnored');
  assert.deepEqual(k.unknownTokenRefused(401), []);
  assert.equal(k.unknownTokenRefused(200, CREATE)[0].check, 'unknownTokenRefused');
  assert.equal(k.unknownTokenRefused(403, CREATE)[0].severity, 'warning', 'refused, with the code the docs give token problems elsewhere');
  assert.equal(k.unknownTokenRefused(200, CREATE)[0].severity, 'error');
  for (const s of [400, 401, 403]) assert.deepEqual(k.wrongSecretRefused({ status: s, body: {} }), []);
  assert.equal(k.wrongSecretRefused({ status: 200, body: { token: 'abc', successful: true } })[0].severity, 'error');
  assert.equal(k.wrongSecretRefused({ status: 200, body: { successful: false } })[0].severity, 'warning');
  assert.equal(k.wrongSecretRefused({ status: 500, body: {} })[0].severity, 'error');
  assert.deepEqual(k.scopeEnforced(403), []);
  assert.deepEqual(k.scopeEnforced(401), []);
  assert.match(k.scopeEnforced(200)[0].message, /R-scope/);
  assert.deepEqual(k.useAfterDelete({ status: 404 }), []);
  assert.equal(k.useAfterDelete(200).length, 1);
  assert.deepEqual(k.retrievableAfterCreate({ ThingId: 'TID-1', Phone: '+1801' }, { ThingId: 'TID-1', Phone: '+1801', More: 1 }), []);
  const diff = k.retrievableAfterCreate({ ThingId: 'TID-1', Phone: '+1801' }, { ThingId: 'TID-1', Phone: '+1999' }, undefined, { createOp: CREATE });
  assert.deepEqual(
    diff.map((x) => x.pointer),
    ['/Phone'],
  );
  assert.equal(k.retrievableAfterCreate({ A: 1 }, undefined).length, 1);
  assert.deepEqual(k.statusCodeConformance(CREATE, 200), []);
  assert.deepEqual(k.schemaConformance(CREATE, 200, thing()), []);
});

test('resetContract() re-reads the document', () => {
  const changed = JSON.parse(JSON.stringify(doc));
  changed.components.schemas.Thing.properties.Kind.enum = ['a', 'b', 'c'];
  fs.writeFileSync(path.join(dir, 'telegent.openapi.json'), JSON.stringify(changed));
  assert.equal(errors(c.validateResponse(CREATE, 200, thing({ Kind: 'c' }))).length, 1, 'cached until reset');
  c.resetContract();
  assert.deepEqual(c.validateResponse(CREATE, 200, thing({ Kind: 'c' })), []);
});
