/** schemas/links.json (the resource graph as OpenAPI links) is what scripts/schema-tools/links.ts derives from the document */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { LINKS_FILE, renderLinks } from '../../scripts/schema-tools/links';
import { listOperations } from '../../protocol/contract';

test('schemas/links.json is in sync with schemas/telegent.openapi.json', () => {
  assert.equal(fs.readFileSync(LINKS_FILE, 'utf8'), renderLinks(), 'out of date: run npx tsx scripts/schema-tools/links.ts');
});

test('links.json: every operation listed, creates link to their readers (services → GET /v1.0/services by ServiceId)', () => {
  const doc = JSON.parse(fs.readFileSync(LINKS_FILE, 'utf8'));
  assert.deepEqual(
    Object.keys(doc.operations).sort(),
    listOperations()
      .map((o) => o.key)
      .sort(),
  );
  const link = doc.operations['POST /v1.0/services'].responses['200'].links['GET /v1.0/services'];
  assert.deepEqual(link, { operationRef: '#/paths/~1v1.0~1services/get', parameters: { ServiceId: '$response.body#/ServiceId' } });
});
