import { test, expect, expectConformant, itemDescribe, saveId } from '../helpers/fixtures';
import { productInUseFindings } from '../helpers/catalog';
import { expectListed, readUntilListed, warnListLag } from '../helpers/list-settle';
import { defineItem } from '../helpers/item';
import { create, ok, refused, authNegatives, expectEcho, expectPrefix, runLabel, refusedCreate } from '../helpers/steps';
import { unknownIdLike } from '../helpers/ids';

export const meta = defineItem({
  id: '3',
  title: 'Partner creates a Package bundling one or more Products via `POST /v1.0/packages`.',
  owner: 'Partner',
  section: 'Intelligent Packages',
  scope: ['core'],
  saves: ['PKID'],
  dependsOn: ['2'],
  description:
    'A Package referencing the Product of item 2 is created (PKID-/PID- per ruling R-id-package), its items list the Product, an item added afterwards gets a PIID- and is listed among the Package items (seed 003 §6.2); the bundled Product cannot be deleted while the Package is active (vendor OpenAPI products/delete; a refusal other than 400 is a warning, R-product-in-use); a Package item naming an unknown ProductId (at create and items/add) or an unknown PackageId is refused (400 or 404, seed 003 §11).',
});

/** a Package (or item) a refused create made anyway is deleted by the cleanup */
const PACKAGE_BOOK = {
  kind: 'package',
  idField: 'PackageId',
  cleanup: (id: string) => ({ op: 'POST /v1.0/packages/delete', body: { PackageId: id } }),
  cleanupOrder: 20,
};
const ITEM_BOOK = {
  kind: 'package-item',
  idField: 'PackageItemId',
  cleanup: (id: string) => ({ op: 'POST /v1.0/packages/items/delete', body: { PackageItemId: id } }),
  cleanupOrder: 25,
};

itemDescribe(meta, () => {
  let sent: Record<string, any>;

  test('creates a Package bundling the Product and saves its ID', async ({ api, ledger }) => {
    const prid = ledger.requireId('PRID');
    sent = {
      PackageName: runLabel(ledger, 'package'),
      Description: 'Certification package',
      Type: 'mvno',
      Price: 39.99,
      Monthly: true,
      PackageItems: [{ ProductId: prid, Price: '0.00', Monthly: false, Type: 'esim' }],
    };
    const body = await create(api, ledger, meta, {
      kind: 'package',
      op: 'POST /v1.0/packages',
      body: sent,
      idField: 'PackageId',
      idKind: 'package',
      cleanup: (id) => ({ op: 'POST /v1.0/packages/delete', body: { PackageId: id } }),
      cleanupOrder: 20,
    });
    expectEcho(sent, body, ['PackageName', 'Type', 'Price', 'Monthly'], 'packages');
    saveId(ledger, meta, 'PKID', body.PackageId);
  });

  test('lists the bundled Product among the Package items', async ({ api, ledger }) => {
    // documented as an array of items; read again within the read settle window (R-read-after-write)
    const op = 'GET /v1.0/packages/items';
    await expectListed(api, {
      op,
      read: async () => (await ok(api, op, { query: { PackageId: ledger.requireId('PKID') } })) as unknown as any[],
      has: (i) => i?.ProductId === ledger.requireId('PRID'),
      id: ledger.requireId('PRID'),
      after: 'POST /v1.0/packages',
      what: 'the package items reference the Product of item 2',
    });
  });

  test('adds an item afterwards (packages/items/add) and gets a PIID', async ({ api, ledger }) => {
    const req = { PackageId: ledger.requireId('PKID'), ProductId: ledger.requireId('PRID'), Price: '1.12', Monthly: false, Type: 'addon' };
    const body = await ok(api, 'POST /v1.0/packages/items/add', { body: req });
    expectPrefix('packageItem', body.PackageItemId, 'packages/items/add PackageItemId');
    expect(body.PackageId).toBe(req.PackageId);
    // kept: the Package's item list names it (seed 003 §6.2 "add an item to an existing Package"; OpenAPI GET
    // /v1.0/packages/items lists each item's PackageItemId) — read again within the read settle window (R-read-after-write)
    const op = 'GET /v1.0/packages/items';
    const listed = await readUntilListed(
      api,
      async () => (await ok(api, op, { query: { PackageId: req.PackageId } })) as unknown as Array<{ PackageItemId?: string }>,
      (i) => i.PackageItemId === body.PackageItemId,
    );
    expect(
      listed.list.map((i) => String(i.PackageItemId ?? '')),
      `${op} lists the item just added (${body.PackageItemId})`,
    ).toContain(body.PackageItemId);
    warnListLag(listed, op, body.PackageItemId, 'packages/items/add');
  });

  test('reads the Package back', async ({ api, ledger }) => {
    const id = ledger.requireId('PKID');
    const body = await ok(api, 'GET /v1.0/packages', { query: { PackageId: id } });
    expect(body.PackageId, 'the Package is readable').toBe(id);
    expect(body.PackageName).toBe(sent.PackageName);
  });

  test('keeps the bundled Product: products/delete of a Product in an active Package is refused (R-product-in-use)', async ({ api, ledger }) => {
    const prid = ledger.requireId('PRID');
    const answer = await api.call('POST /v1.0/products/delete', { body: { ProductId: prid } });
    const read = await api.call('GET /v1.0/products', { query: { ProductId: prid } });
    expectConformant(productInUseFindings(prid, answer, read), 'a Product an active Package bundles cannot be deleted');
  });

  test('refuses: no token, a token scoped elsewhere, a missing PackageName, an unknown PackageId', async ({ api, ledger }) => {
    await authNegatives(api, 'GET /v1.0/packages', { query: { PackageId: ledger.requireId('PKID') } });
    await refused(api, 'POST /v1.0/packages', [400], { body: { Type: 'mvno', Price: 1, Monthly: true } }, 'without the required PackageName');
    await refused(api, 'GET /v1.0/packages/items', [404], { query: { PackageId: unknownIdLike(ledger.requireId('PKID')) } }, 'for an unknown PackageId');
  });

  test('refuses a Package item naming an unknown ProductId (at create and items/add) or an unknown PackageId (no dangling item)', async ({ api, ledger }) => {
    // each Package Item references a ProductId (seed 003 §6.2); an ID that names nothing is 404 (seed 003 §11) or 400
    const item = { ProductId: unknownIdLike(ledger.requireId('PRID')), Price: '0.00', Monthly: false, Type: 'esim' };
    const body = { ...sent, PackageName: runLabel(ledger, 'package-dangling'), PackageItems: [item] };
    await refusedCreate(
      { api, ledger, meta, book: PACKAGE_BOOK, op: 'POST /v1.0/packages' },
      [400, 404],
      body,
      'with a PackageItem naming an unknown ProductId (check package.item-product-exists)',
    );
    const add = { PackageId: ledger.requireId('PKID'), ProductId: item.ProductId, Price: '1.12', Monthly: false, Type: 'addon' };
    await refusedCreate(
      { api, ledger, meta, book: ITEM_BOOK, op: 'POST /v1.0/packages/items/add' },
      [400, 404],
      add,
      'with an unknown ProductId (check package.item-product-exists)',
    );
    const orphan = { ...add, PackageId: unknownIdLike(add.PackageId), ProductId: ledger.requireId('PRID') };
    await refusedCreate(
      { api, ledger, meta, book: ITEM_BOOK, op: 'POST /v1.0/packages/items/add' },
      [400, 404],
      orphan,
      'to an unknown PackageId (check package.item-package-exists)',
    );
  });
});
