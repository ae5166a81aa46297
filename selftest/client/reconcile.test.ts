/**
 * Transient faults on billable / non-idempotent creates: a POST that took effect but answered 503 (or timed
 * out) is NOT resent; the natural-key probe finds the resource and the call succeeds with it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, naturalKey, reconcileProbe, asCreateResponse, itemsOf, type CallRecord, type ClientOptions } from '../../helpers/client';
import { withFakeServer, type FakeServer } from './fake-server';
import { sampleBody } from './sample';

const PRODUCTS = 'POST /v1.0/products';
const LIST = 'GET /v1.0/distributor/products';
const FAST = { baseMs: 10, capMs: 50, maxAttempts: 4 };

const withServer = (fn: (s: FakeServer, opts: ClientOptions) => Promise<void>) => withFakeServer({ accountSecret: 'acct-secret-rec-Zq8', retry: FAST }, fn);

/** A product store behind the fake: the create takes effect on every POST; `answer(nth)` decides what the client hears. */
function productStore(s: FakeServer, answer: (nth: number, created: Record<string, unknown>) => 'hang' | number) {
  const products: Array<Record<string, unknown>> = [];
  s.on(PRODUCTS, (req, nth) => {
    const p = { ProductId: `PRID-${String(products.length + 1).padStart(8, '0')}-0000-4000-8000-000000000000`, ...req.body, Active: true };
    products.push(p);
    const a = answer(nth, p);
    if (a === 'hang') return 'hang';
    return a === 200 ? { status: 200, body: p } : { status: a, body: { StatusCode: a, Message: 'Service temporarily unavailable' } };
  });
  s.on(LIST, () => ({ status: 200, body: { DistributorId: 'DID-test-key', TotalProducts: products.length, Filter: 'All', Results: products } }));
  return products;
}

test('a create that took effect but answered 503: the probe finds it, the call succeeds, no second POST', async () => {
  await withServer(async (s, opts) => {
    const products = productStore(s, (nth) => (nth === 1 ? 503 : 200));
    const records: CallRecord[] = [];
    const c = createClient({ ...opts, onCall: (r) => records.push(r) });
    const body = sampleBody(PRODUCTS, { SKU: 'cert-1234abcd-sku' });
    const r = await c.call(PRODUCTS, { body, reconcile: reconcileProbe(c, PRODUCTS, body), reconcileIdField: 'ProductId' });
    assert.equal(r.status, 200, 'success, not the 503');
    assert.equal(r.reconciled, true);
    assert.equal((r.body as any).ProductId, products[0].ProductId, 'the resource the probe found');
    assert.deepEqual(r.fault, { outcome: 503, reason: 'HTTP 503' });
    assert.match(r.note ?? '', /^HTTP 503 answered; reconciliation found the created resource ID PRID-00000001/);
    assert.equal(products.length, 1, 'exactly one resource exists');
    assert.equal(s.count('POST', '/v1.0/products'), 1, 'no second POST');
    const rec = records.find((x) => x.op === PRODUCTS)!;
    assert.equal(rec.status, 200);
    assert.equal(rec.reconciled, true);
    assert.match(rec.note ?? '', /503 answered; reconciliation found/);
  });
});

test('500, 504 and a timeout that took effect are reconciled the same way', async () => {
  for (const fault of [500, 504, 'hang'] as const) {
    await withServer(async (s, opts) => {
      const products = productStore(s, (nth) => (nth === 1 ? fault : 200));
      const c = createClient(opts);
      const body = sampleBody(PRODUCTS, { SKU: `cert-sku-${fault}` });
      const r = await c.call(PRODUCTS, { body, timeoutMs: 300, reconcile: reconcileProbe(c, PRODUCTS, body) });
      assert.equal(r.status, 200, String(fault));
      assert.equal(r.reconciled, true);
      assert.equal(products.length, 1);
      assert.equal(s.count('POST', '/v1.0/products'), 1);
      assert.equal(r.fault?.outcome, fault === 'hang' ? 'timeout' : fault);
    });
  }
});

test('a 503 that did NOT take effect: the probe finds nothing, the create is resent once and succeeds', async () => {
  await withServer(async (s, opts) => {
    const products: Array<Record<string, unknown>> = [];
    s.on(PRODUCTS, (req, nth) => {
      if (nth === 1) return { status: 503, body: { StatusCode: 503, Message: 'down' } };
      const p = { ProductId: 'PRID-00000001-0000-4000-8000-000000000000', ...req.body };
      products.push(p);
      return { status: 200, body: p };
    });
    s.on(LIST, () => ({ status: 200, body: { Results: products } }));
    const c = createClient(opts);
    const body = sampleBody(PRODUCTS, { SKU: 'cert-resend' });
    const r = await c.call(PRODUCTS, { body, reconcile: reconcileProbe(c, PRODUCTS, body) });
    assert.equal(r.status, 200);
    assert.equal(r.reconciled, undefined);
    assert.equal(s.count('POST', '/v1.0/products'), 2);
    assert.equal(products.length, 1);
  });
});

test('429 on a create with a probe: the probe is asked first (took effect → not resent)', async () => {
  await withServer(async (s, opts) => {
    const products = productStore(s, (nth) => (nth === 1 ? 429 : 200));
    const c = createClient(opts);
    const body = sampleBody(PRODUCTS, { SKU: 'cert-429' });
    const r = await c.call(PRODUCTS, { body, reconcile: reconcileProbe(c, PRODUCTS, body) });
    assert.equal(r.status, 200);
    assert.equal(r.reconciled, true);
    assert.equal(products.length, 1);
  });
});

test('a probe whose lookup fails does not resend blind: the call fails with the reason', async () => {
  await withServer(async (s, opts) => {
    productStore(s, () => 503);
    s.on(LIST, () => ({ status: 500, body: { StatusCode: 500, Message: 'x' } }));
    const c = createClient({ ...opts, retry: { ...FAST, maxAttempts: 2 } });
    const body = sampleBody(PRODUCTS, { SKU: 'cert-lookup-down' });
    await assert.rejects(c.call(PRODUCTS, { body, reconcile: reconcileProbe(c, PRODUCTS, body) }), /cannot tell whether POST \/v1.0\/products took effect/);
    assert.equal(s.count('POST', '/v1.0/products'), 1);
  });
});

test('natural keys and list shapes of every create the suite does', () => {
  assert.deepEqual(naturalKey('POST /v1.0/products', { SKU: 'a', Cost: 1 }), { SKU: 'a' });
  assert.deepEqual(naturalKey('POST /v1.0/message/routes', { RouteName: 'r', AccountId: 'AID-1' }), { RouteName: 'r', AccountId: 'AID-1' });
  assert.deepEqual(naturalKey('POST /v1.0/subscriptions', { SubscriberId: 'S', TNID: 'T', PackageId: 'P' }), { SubscriberId: 'S', TNID: 'T', PackageId: 'P' });
  assert.equal(naturalKey('POST /v1.0/subscriptions', { SubscriberId: 'S' }), undefined, 'an incomplete key is no key');
  assert.equal(naturalKey('POST /v1.0/numbers/provision', {}), undefined, 'provision: the caller supplies the probe');
  for (const op of [
    'POST /v1.0/account/create',
    'POST /v1.0/packages',
    'POST /v1.0/voice/routes',
    'POST /v1.0/subscribers/create',
    'POST /v1.0/numbers/portin',
  ]) {
    assert.ok(
      reconcileProbe({ call: async () => ({}) as any }, op, { AccountName: 'a', PackageName: 'p', RouteName: 'r', Email: 'e@x', PortInNumber: '+12015550100' }),
      op,
    );
  }
  assert.equal(itemsOf({ a: 1, Results: [{ b: 1 }] }).length, 2, 'the object itself and its list');
  assert.deepEqual(asCreateResponse('POST /v1.0/numbers/provision', { Number: '+1201', Tnid: 'TNID-1', OrderId: 'JNUOID-1' }).PhoneNumberAssigned, '+1201');
});
