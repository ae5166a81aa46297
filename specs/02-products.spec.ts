import { test, expect, expectConformant, itemDescribe, saveId } from '../helpers/fixtures';
import { productListedFindings, type ProductListRead } from '../helpers/catalog';
import { readUntilListed, warnListLag } from '../helpers/list-settle';
import { defineItem } from '../helpers/item';
import { create, ok, refused, authNegatives, expectEcho, runLabel, type Json, refusedCreate } from '../helpers/steps';
import { unknownIdLike } from '../helpers/ids';

export const meta = defineItem({
  id: '2',
  title: 'Partner creates one or more Products via `POST /v1.0/products`.',
  owner: 'Partner',
  section: 'Intelligent Products',
  scope: ['core'],
  saves: ['PRID'],
  dependsOn: [],
  description:
    "A Product (SKU, Type, Cost, BillingFrequency) is created with a product ID (PRID-, or PID- per ruling R-id-product), echoes its fields, is Active, reads back and is listed among the Account's (or the distributor's) products (seed 003 §6.1; vendor OpenAPI GET /v1.0/account/products); a Product without its required Cost is refused (400) and an unknown ProductId answers 404 (seed 003 §11).",
});

/** a Product a refused create made anyway is deleted by the cleanup */
const PRODUCT_BOOK = {
  kind: 'product',
  idField: 'ProductId',
  cleanup: (id: string) => ({ op: 'POST /v1.0/products/delete', body: { ProductId: id } }),
  cleanupOrder: 10,
};

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

  test("lists the Product in the Account's (or the distributor's) products", async ({ api, ledger }) => {
    const id = ledger.requireId('PRID');
    const reads: ProductListRead[] = [];
    for (const op of ['GET /v1.0/account/products', 'GET /v1.0/distributor/products']) {
      const listed = await readUntilListed(
        api,
        async () => resultsOf(await ok(api, op, { query: { Filter: 'All' } })),
        (p) => sameId(p?.ProductId, id),
      );
      reads.push({ op, ...listed });
      if (listed.found) {
        warnListLag(listed, op, id, 'POST /v1.0/products');
        break;
      }
    }
    expectConformant(productListedFindings(id, reads), 'the new Product is in a product list (check catalog.product-not-listed)');
  });

  test('refuses: no token, a token scoped elsewhere, a missing SKU, a wrong Cost type', async ({ api, ledger }) => {
    await authNegatives(api, 'GET /v1.0/products', { query: { ProductId: ledger.requireId('PRID') } }, '/v1.0/packages');
    const { SKU: _omit, ...noSku } = request('x');
    await refused(api, 'POST /v1.0/products', [400], { body: noSku }, 'without the required SKU');
    await refused(api, 'POST /v1.0/products', [400], { body: { ...request('y'), Cost: 'twelve' } }, 'with a string Cost');
  });

  test('refuses a Product without its Cost, and answers 404 for an unknown ProductId', async ({ api, ledger }) => {
    // Cost is required (vendor request schema; seed 003 §6.1 "Wholesale cost to you"): a Product without it bills nothing
    const { Cost: _cost, ...noCost } = request(runLabel(ledger, 'no-cost'));
    await refusedCreate(
      { api, ledger, meta, book: PRODUCT_BOOK, op: 'POST /v1.0/products' },
      [400],
      noCost,
      'without the required Cost (check product.cost-required)',
    );
    // seed 003 §11: 404 "the resource identified by the ID in your request does not exist" — never another Product
    const unknown = unknownIdLike(ledger.requireId('PRID'));
    await refused(api, 'GET /v1.0/products', [404, 400], { query: { ProductId: unknown } }, 'for an unknown ProductId (check product.unknown-id)');
  });
});

/** the entries of a list answer ({ Results: [...] } as the vendor examples show) */
const resultsOf = (b: Json): Json[] => (Array.isArray(b?.Results) ? b.Results : []);
/** IDs compare case-insensitively (the vendor's examples mix upper- and lower-case UUIDs) */
const sameId = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
