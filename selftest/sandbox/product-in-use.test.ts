/**
 * Catalog checks of items 2–3 and their sandbox side. Ruling R-product-in-use: a Product an active Package bundles
 * cannot be deleted (vendor OpenAPI POST /v1.0/products/delete); the sandbox refuses it 400 until the Package is gone,
 * drift product-delete-in-package-accepted deletes it; item 3's check (helpers/catalog.ts) fails a Product gone and
 * warns on a refusal other than 400. Item 2's catalog.product-not-listed: a new Product in neither product list
 * (drift product-not-listed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot, uniq, type Client } from './_world';
import { productInUseFindings, productListedFindings } from '../../helpers/catalog';
import type { CallResult } from '../../helpers/client';

async function productInPackage(api: Client): Promise<{ prid: string; pkid: string }> {
  const prid = (
    await api.ok('POST', '/v1.0/products', { SKU: `sku-${uniq()}`, Description: 'd', Type: 'esim', SubType: 'esim', Cost: 1, BillingFrequency: 'MRC' })
  ).ProductId;
  const pkid = (
    await api.ok('POST', '/v1.0/packages', {
      PackageName: `p-${uniq()}`,
      Description: 'd',
      Type: 'mvno',
      Price: 2,
      Monthly: true,
      PackageItems: [{ ProductId: prid, Price: '1' }],
    })
  ).PackageId;
  return { prid, pkid };
}

test('sandbox: products/delete of a bundled Product is refused 400 until its Package is deleted', async () => {
  const { sb, api } = await boot();
  try {
    const { prid, pkid } = await productInPackage(api);
    assert.equal((await api.post('/v1.0/products/delete', { ProductId: prid })).status, 400);
    assert.equal((await api.get('/v1.0/products', { ProductId: prid })).status, 200, 'still there');
    await api.ok('POST', '/v1.0/packages/delete', { PackageId: pkid });
    assert.equal((await api.post('/v1.0/products/delete', { ProductId: prid })).status, 200, 'no active package bundles it any more');
  } finally {
    await sb.close();
  }
});

test('sandbox drift product-delete-in-package-accepted: the bundled Product is deleted', async () => {
  const { sb, api } = await boot({ drift: ['product-delete-in-package-accepted'] });
  try {
    const { prid } = await productInPackage(api);
    assert.equal((await api.post('/v1.0/products/delete', { ProductId: prid })).status, 200);
    assert.equal((await api.get('/v1.0/products', { ProductId: prid })).status, 404);
  } finally {
    await sb.close();
  }
});

const res = (status: number, body: unknown) =>
  ({ status, body, headers: {}, durationMs: 1, attempts: 1, findings: [], tokenScope: '' }) as unknown as CallResult;
const PRID = 'PRID-1';

test('check catalog.product-in-use-*: gone or reported deleted fails; kept with 400 passes; kept otherwise warns', () => {
  const kept = res(200, { ProductId: PRID, Active: true });
  assert.deepEqual(productInUseFindings(PRID, res(400, { Message: 'in use' }), kept), []);
  const gone = productInUseFindings(PRID, res(200, { ProductId: PRID, ProductStatus: 'Deleted' }), res(404, { Message: 'not found' }));
  assert.deepEqual(
    gone.map((f) => [f.check, f.severity]),
    [['catalog.product-in-use-deleted', 'error']],
  );
  assert.equal(productInUseFindings(PRID, res(200, { ProductId: PRID, ProductStatus: 'Deleted' }), kept)[0].severity, 'error', 'a 2xx saying Deleted');
  assert.equal(productInUseFindings(PRID, res(400, {}), res(200, { ProductId: PRID, Active: false }))[0].severity, 'error', 'read back inactive');
  const other = productInUseFindings(PRID, res(409, { Message: 'in use' }), kept);
  assert.deepEqual(
    other.map((f) => [f.check, f.severity, f.basis]),
    [['catalog.product-in-use-refusal', 'warning', 'R-product-in-use']],
  );
  assert.equal(productInUseFindings(PRID, res(200, { ProductId: PRID, ProductStatus: 'InUse' }), kept)[0].severity, 'warning', 'a 200 with another word');
});

test('check catalog.product-not-listed: listed in either product list passes; in neither fails', () => {
  const acc = { op: 'GET /v1.0/account/products', list: [{ ProductId: 'PRID-2' }] };
  const dis = { op: 'GET /v1.0/distributor/products', list: [] };
  assert.deepEqual(productListedFindings(PRID, [{ ...acc, found: { ProductId: PRID } }]), []);
  assert.deepEqual(productListedFindings(PRID, [acc, { ...dis, found: { ProductId: PRID } }]), [], 'distributor-level only');
  const f = productListedFindings(PRID, [acc, dis]);
  assert.deepEqual(
    f.map((x) => [x.check, x.severity]),
    [['catalog.product-not-listed', 'error']],
  );
});

test('sandbox drift product-not-listed: a product created today reads by ID but is in neither list', async () => {
  const { sb, api } = await boot({ drift: ['product-not-listed'] });
  try {
    const { prid } = await productInPackage(api);
    assert.equal((await api.get('/v1.0/products', { ProductId: prid })).status, 200);
    for (const path of ['/v1.0/account/products', '/v1.0/distributor/products'])
      assert.equal((await api.ok('GET', path, { Filter: 'All' })).Results.length, 0, path);
  } finally {
    await sb.close();
  }
});
