/**
 * The end of a run (global teardown) undoes what it created even when items are pending: only what the pending items
 * and their prerequisites need stays, each kept resource printed with the item(s) that need it, plus the hint to
 * resume. (Defect: a PENDING run deferred the whole cleanup, so nightly runs piled up numbers, routes, subscriptions,
 * and a completed port-in's number stayed active — it stays still, kept and listed: the partner's own number, R-portin-number-used.)
 * A PASS run's line stays accurate.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { teardownCleanup } from '../../helpers/cleanup';
import { Ledger } from '../../helpers/ledger';
import { startFakeServer, type FakeServer } from '../client/fake-server';
import { pendingLedger } from './pending-ledger';

const SECRET = 'teardown-secret-Z9';

async function withServer(fn: (s: FakeServer, opts: { baseUrl: string; accountKey: string; accountSecret: string }) => Promise<void>) {
  const s = await startFakeServer();
  for (const op of ['numbers/portin/cancel', 'subscriptions/delete', 'numbers/status', 'products/delete', 'message/routes/delete'])
    s.on(`POST /v1.0/${op}`, () => ({ status: 200, body: {} }));
  try {
    await fn(s, { baseUrl: s.baseUrl, accountKey: 'DID-teardown', accountSecret: SECRET });
  } finally {
    await s.close();
  }
}

test('a PENDING run: what no pending item needs is undone; the open port-in and its prerequisites are kept and listed', async () => {
  await withServer(async (s, opts) => {
    const file = pendingLedger();
    const lines = await teardownCleanup(file, opts);
    const out = lines.join('\n');
    assert.equal(s.count('POST', '/v1.0/numbers/portin/cancel'), 0, 'the open port-in is not cancelled');
    assert.equal(s.count('POST', '/v1.0/subscriptions/delete'), 1, "item 9's subscription undone (no pending item needs it)");
    assert.equal(s.count('POST', '/v1.0/products/delete'), 1, "item 2's product undone");
    assert.match(
      out,
      /cleanup: 2 resources undone, 0 failed, 0 kept \(no delete operation in the API, or the partner's own: each listed\), 3 kept for pending items/,
    );
    assert.match(out, /portin-order:main JNOID-OPEN \(item 8b\): kept — pending item\(s\) 8c, 8e need it/);
    assert.match(out, /number TN-7 \(item 7\): kept — pending item\(s\) 18 need it/);
    assert.match(out, /item\(s\) 8c, 8e, 18, 19 pending — resume with npm run certify -- --resume/);
    assert.doesNotMatch(out, /deferred/);
    const st = Ledger.read(file)!;
    assert.deepEqual(
      st.resources
        .filter((r) => r.state === 'created')
        .map((r) => r.key)
        .sort(),
      ['m1', 'n1', 'p1'],
    );
  });
});

test("only 18 and 19 pending (the port-in completed): its number, the partner's own, is kept and listed — never cancelled (R-portin-number-used)", async () => {
  await withServer(async (s, opts) => {
    const file = pendingLedger();
    const st = Ledger.read(file)!;
    for (const id of ['8c', '8e']) st.items[id] = { status: 'passed', endedAt: st.items[id].endedAt, ids: {} };
    fs.writeFileSync(file, JSON.stringify(st));
    s.on('POST /v1.0/numbers/portin/cancel', () => ({ status: 400, body: { Message: 'order is Completed' } }));
    s.on('POST /v1.0/numbers/status', () => ({ status: 200, body: {} }));
    const out = (await teardownCleanup(file, opts)).join('\n');
    assert.equal(s.count('POST', '/v1.0/numbers/portin/cancel'), 1);
    assert.deepEqual(
      s.seen.filter((x) => x.path === '/v1.0/numbers/status').some((x) => JSON.stringify(x.body).includes('+13125550142')),
      false,
      "the completed port-in's number is not cancelled (it was: the partner's real number given up)",
    );
    assert.match(
      out,
      /cleanup: 2 resources undone, 0 failed, 1 kept \(no delete operation in the API, or the partner's own: each listed\), 2 kept for pending items/,
    );
    assert.match(out, /item\(s\) 18, 19 pending/);
  });
});

test('a refused port-in cancel without text ({ StatusCode, Message: null }): the order is read — Completed kept, Cancelled undone', async () => {
  for (const [status, kept] of [
    ['Completed', true],
    ['Cancelled', false],
  ] as const)
    await withServer(async (s, opts) => {
      const file = pendingLedger();
      const st = Ledger.read(file)!;
      for (const id of Object.keys(st.items)) st.items[id].status = 'passed';
      fs.writeFileSync(file, JSON.stringify(st));
      s.on('POST /v1.0/numbers/portin/cancel', () => ({ status: 400, body: { StatusCode: 400, Message: null } }));
      s.on('GET /v1.0/numbers/order', () => ({ status: 200, body: { OrderId: 'JNOID-OPEN', OrderType: 'portin', OrderStatus: status } }));
      const out = (await teardownCleanup(file, opts)).join('\n');
      assert.equal(s.count('GET', '/v1.0/numbers/order'), 1, 'the order is read once');
      assert.match(out, kept ? /4 resources undone, 0 failed, 1 kept/ : /5 resources undone, 0 failed, 0 kept/, `${status}:\n${out}`);
    });
});

test('a PASS run: everything undone, the line says so, no pending hint', async () => {
  await withServer(async (s, opts) => {
    const file = pendingLedger();
    const st = Ledger.read(file)!;
    for (const id of Object.keys(st.items)) st.items[id].status = 'passed';
    fs.writeFileSync(file, JSON.stringify(st));
    s.on('POST /v1.0/numbers/portin/cancel', () => ({ status: 200, body: {} }));
    const lines = await teardownCleanup(file, opts);
    assert.deepEqual(lines, [
      "  cleanup: 5 resources undone, 0 failed, 0 kept (no delete operation in the API, or the partner's own: each listed), 0 kept for pending items",
    ]);
    assert.equal(Ledger.read(file)!.resources.filter((r) => r.state === 'created').length, 0);
  });
});

test('a number whose provision answer was lost is looked for on every inventory page (a paged inventory), not only the first', async () => {
  await withServer(async (s, opts) => {
    const file = pendingLedger();
    const st = Ledger.read(file)!;
    for (const id of Object.keys(st.items)) st.items[id].status = 'passed';
    st.ids.TSUID = 'TSUID-lost';
    st.resources.push({
      key: 'lost',
      kind: 'number:A',
      item: '7',
      createOp: 'POST /v1.0/numbers/provision',
      state: 'creating',
      createdAt: new Date().toISOString(),
      cleanupOrder: 50,
    } as any);
    fs.writeFileSync(file, JSON.stringify(st));
    s.on('POST /v1.0/numbers/portin/cancel', () => ({ status: 200, body: {} }));
    const other = { Number: '+12015550100', Tnid: 'TN-other', Status: 'Active', AssignedSubscriberId: 'TSUID-someone' };
    const lost = { Number: '+12015550199', Tnid: 'TN-lost', Status: 'Active', AssignedSubscriberId: 'TSUID-lost' };
    // the platform serves one number a page, whatever was asked (its own page size)
    s.on('GET /v1.0/numbers/inventory', (req) => ({
      status: 200,
      body: { TotalResults: 2, PhoneNumbers: req.query.get('PageNumber') === '1' ? [other] : [lost] },
    }));
    const out = (await teardownCleanup(file, opts)).join('\n');
    assert.ok(
      s.seen.some((x) => x.path === '/v1.0/numbers/status' && JSON.stringify(x.body).includes(lost.Number)),
      `the lost number is cancelled\n${out}`,
    );
  });
});

test('a PENDING run with a failed item: what that item runs on again at the resume stays (its passed prerequisites)', async () => {
  await withServer(async (s, opts) => {
    const file = pendingLedger();
    const st = Ledger.read(file)!;
    st.items['18'] = { status: 'passed', endedAt: st.items['18'].endedAt, ids: {} };
    st.items['10'] = { status: 'failed', endedAt: st.items['10'].endedAt, ids: {} };
    fs.writeFileSync(file, JSON.stringify(st));
    const out = (await teardownCleanup(file, opts)).join('\n');
    assert.equal(s.count('POST', '/v1.0/numbers/status'), 0, "item 7's number stays: item 10 runs on it again");
    assert.match(out, /number TN-7 \(item 7\): kept — pending item\(s\) .*10 \(to run again\)/);
    assert.equal(s.count('POST', '/v1.0/subscriptions/delete'), 1, 'what no resumed item needs is still undone');
  });
});
