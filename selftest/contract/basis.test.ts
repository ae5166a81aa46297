/**
 * Severity by basis (issue 11, R-severity-by-basis) on a small synthetic document: documented / ruled rules
 * are errors, inferred ones (x-inferred) and ruled tolerances (x-tolerated) are warnings, undocumented fields
 * stay warnings, optional fields accept null, and every finding names its basis.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-basis-'));
process.env.TELEGENT_SCHEMAS_DIR = dir;
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const body = {
  type: 'object',
  required: ['ThingId'],
  'x-required-source': { ThingId: 'seed 003 §9: "returns ThingId"' },
  'x-inferred': { required: ['Name'] },
  'x-basis': 'documented',
  'x-source': 'vendor 200 example',
  properties: {
    ThingId: { type: 'string', pattern: '^TID-\\S+$', 'x-basis': 'ruling', 'x-ruling': 'R-id-thing' },
    Name: { type: 'string', nullable: true, 'x-basis': 'documented', 'x-source': 'vendor 200 example' },
    Url: { type: 'string', nullable: true, 'x-inferred': { format: 'uri' }, 'x-basis': 'documented', 'x-source': 'vendor 200 example' },
    Kind: { type: 'string', nullable: true, enum: ['a', 'b', null], 'x-basis': 'documented', 'x-source': 'OpenAPI request enum Kind' },
    Status: { type: 'string', nullable: true, 'x-inferred': { enum: ['Done', null] }, 'x-basis': 'documented', 'x-source': 'vendor 200 example' },
    Cost: {
      type: 'number',
      nullable: true,
      'x-basis': 'ruling',
      'x-ruling': 'R-cost-type',
      'x-tolerated': [{ type: 'string', pattern: '^\\$?\\d+(\\.\\d+)?$' }],
    },
  },
};
const doc = {
  openapi: '3.0.3',
  info: { title: 'synthetic', version: '1' },
  paths: { '/v1.0/things': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: body } } } } } } },
};
fs.writeFileSync(path.join(dir, 'telegent.openapi.json'), JSON.stringify(doc));

const c = require('../../protocol/contract') as typeof import('../../protocol/contract');
const OP = 'GET /v1.0/things';
const ok = { ThingId: 'TID-1', Name: 'n', Url: 'https://x.example/a', Kind: 'a', Status: 'Done', Cost: 0.5 };
const at = (fs: ReturnType<typeof c.validateResponse>, p: string) => fs.filter((f) => f.pointer === p);

test('documented body passes; optional fields accept null', () => {
  assert.deepEqual(c.validateResponse(OP, 200, ok), []);
  assert.deepEqual(c.validateResponse(OP, 200, { ThingId: 'TID-1', Name: null, Url: null, Kind: null, Status: null, Cost: null }), []);
});

test('documented and ruled rules are errors naming their basis', () => {
  const f = c.validateResponse(OP, 200, { ...ok, ThingId: 'X-1', Kind: 'z', Name: 5 });
  assert.deepEqual(
    at(f, '/ThingId').map((x) => [x.severity, x.basis]),
    [['error', 'R-id-thing']],
  );
  assert.deepEqual(
    at(f, '/Kind').map((x) => [x.severity, x.basis]),
    [['error', 'OpenAPI request enum Kind']],
  );
  assert.deepEqual(
    at(f, '/Name').map((x) => [x.severity, x.basis]),
    [['error', 'vendor 200 example']],
  );
  const missing = c.validateResponse(OP, 200, { Name: 'n' });
  assert.deepEqual(
    at(missing, '/ThingId').map((x) => [x.severity, x.basis]),
    [['error', 'seed 003 §9: "returns ThingId"']],
  );
});

test('inferred rules are warnings (basis inferred); tolerated forms are warnings naming the ruling', () => {
  const { ThingId } = ok;
  const f = c.validateResponse(OP, 200, { ThingId, Url: 'not a uri', Status: 'Whatever', Cost: '$0.0045', Extra: 1 });
  assert.equal(f.filter((x) => x.severity === 'error').length, 0, JSON.stringify(f));
  assert.deepEqual(
    at(f, '/Name').map((x) => [x.severity, x.basis]),
    [['warning', 'inferred']],
  );
  assert.deepEqual(
    at(f, '/Url').map((x) => [x.severity, x.basis]),
    [['warning', 'inferred']],
  );
  assert.deepEqual(
    at(f, '/Status').map((x) => [x.severity, x.basis]),
    [['warning', 'inferred']],
  );
  assert.deepEqual(
    at(f, '/Cost').map((x) => [x.severity, x.basis]),
    [['warning', 'R-cost-type']],
  );
  assert.deepEqual(
    at(f, '/Extra').map((x) => [x.severity, x.basis]),
    [['warning', 'R-response-extra-fields']],
  );
  // a tolerance is narrow: another string is still an error
  const bad = c.validateResponse(OP, 200, { ThingId, Cost: 'cheap' });
  assert.ok(
    at(bad, '/Cost').some((x) => x.severity === 'error' && x.basis === 'R-cost-type'),
    JSON.stringify(bad),
  );
});
