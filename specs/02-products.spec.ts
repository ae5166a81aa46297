import { test, expect, itemDescribe, saveId } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { create, ok, refused, authNegatives, expectEcho, runLabel } from '../helpers/steps';

export const meta = defineItem({
  id: '2',
  title: 'Partner creates one or more Products via `POST /v1.0/products`.',
  owner: 'Partner',
  section: 'Intelligent Products',
  scope: ['core'],
  saves: ['PRID'],
  dependsOn: [],
  description:
    'A Product (SKU, Type, Cost, BillingFrequency) is created with a product ID (PRID-, or PID- per ruling R-id-product), echoes its fields, is Active and reads back (seed 003 §6.1).',
});

itemDescribe(meta, () => {
  const request = (sku: string) => ({ SKU: sku, Description: 'Certification eSIM', Type: 'esim', SubType: 'esim', Cost: 12.34, BillingFrequency: 'MRC' });
  let sent: Record<string, any>;

  test('creates a Product and saves its ID', async ({ api, ledger }) => {
    sent = request(runLabel(ledger, 'esim'));
    const body = await create(api, ledger, meta, {
      kind: 'product',
      op: 'POST /v1.0/products',
      body: sent,
      idField: 'ProductId',
      idKind: 'product',
      cleanup: (id) => ({ op: 'POST /v1.0/products/delete', body: { ProductId: id } }),
      cleanupOrder: 10,
    });
    expectEcho(sent, body, ['SKU', 'Description', 'Type', 'Cost', 'BillingFrequency'], 'products');
    expect(body.Active, 'a new Product is Active').toBe(true);
    saveId(ledger, meta, 'PRID', body.ProductId);
  });

  test('reads the Product back', async ({ api, ledger }) => {
    const id = ledger.requireId('PRID');
    const body = await ok(api, 'GET /v1.0/products', { query: { ProductId: id } });
    expect(body.ProductId, `GET /v1.0/products?ProductId=${id} returns the Product`).toBe(id);
    expect(body.SKU).toBe(sent.SKU);
  });

  test('refuses: no token, a token scoped elsewhere, a missing SKU, a wrong Cost type', async ({ api, ledger }) => {
    await authNegatives(api, 'GET /v1.0/products', { query: { ProductId: ledger.requireId('PRID') } }, '/v1.0/packages');
    const { SKU: _omit, ...noSku } = request('x');
    await refused(api, 'POST /v1.0/products', [400], { body: noSku }, 'without the required SKU');
    await refused(api, 'POST /v1.0/products', [400], { body: { ...request('y'), Cost: 'twelve' } }, 'with a string Cost');
  });
});
