/**
 * 200 simultaneous creates: 50 provisions, 10 provisions with one shared ICCID, 20 subscriber creates with one
 * shared Email, 30 subscriber creates with distinct e-mails, 30 message routes, 30 voice routes, 30 products.
 * Expect: no 5xx, no duplicate number, exactly one subscriber for the shared Email and one number for the shared
 * ICCID (the others 400), every other create 200, and the indexes consistent with the records afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot, uniq } from './_world';

test('200 simultaneous creates: unique numbers, one subscriber per e-mail, no 5xx', async () => {
  const { sb, api } = await boot();
  try {
    const acct = (await api.ok('POST', '/v1.0/account/create', { AccountName: `Conc ${uniq()}` })).AccountId;
    const mr = (
      await api.ok('POST', '/v1.0/message/routes', { RouteName: 'C', MessageUrl: 'http://127.0.0.1:9/in', MessageUrlMethod: 'POST', AccountId: acct })
    ).MessageRouteId;
    const shared = `shared-${uniq()}@example.com`;
    const reqs: Array<{ kind: string; p: Promise<{ status: number; body: any }> }> = [];
    const add = (kind: string, path: string, body: unknown) => reqs.push({ kind, p: api.post(path, body) });
    for (let i = 0; i < 50; i++)
      add('provision', '/v1.0/numbers/provision', {
        NumberType: 'mvno',
        MessageType: 'p2p',
        MessageEnabled: true,
        VoiceEnabled: false,
        ProductType: 'Sms+Data',
        MessageRouteId: mr,
        AreaCode: i % 2 ? '201' : '801',
        AccountId: acct,
      });
    for (let i = 0; i < 20; i++)
      add('same-email', '/v1.0/subscribers/create', {
        Name: `S${i}`,
        Email: i % 2 ? shared : shared.toUpperCase(),
        PhoneNumbers: [],
        Role: 'Subscriber',
        Password: 'x',
        AccountId: acct,
      });
    const iccid = '8901' + String(Date.now()).padStart(15, '0').slice(-15);
    for (let i = 0; i < 10; i++)
      add('same-iccid', '/v1.0/numbers/provision', {
        NumberType: 'mvno',
        MessageType: 'p2p',
        MessageEnabled: true,
        VoiceEnabled: false,
        ProductType: 'Sms+Data',
        MessageRouteId: mr,
        AreaCode: '212',
        ICCID: iccid,
        AccountId: acct,
      });
    for (let i = 0; i < 30; i++)
      add('subscriber', '/v1.0/subscribers/create', {
        Name: `D${i}`,
        Email: `d${i}-${uniq()}@example.com`,
        PhoneNumbers: [],
        Role: 'Subscriber',
        Password: 'x',
        AccountId: acct,
      });
    for (let i = 0; i < 30; i++)
      add('message-route', '/v1.0/message/routes', { RouteName: `M${i}`, MessageUrl: 'http://127.0.0.1:9/in', MessageUrlMethod: 'POST', AccountId: acct });
    for (let i = 0; i < 30; i++) add('voice-route', '/v1.0/voice/routes', { RouteName: `V${i}`, RouteType: 'Trunk', TrunkIp1: '192.0.2.1', AccountId: acct });
    for (let i = 0; i < 30; i++) add('product', '/v1.0/products', { SKU: `P${i}`, Description: 'd', Type: 'data', Cost: i, BillingFrequency: 'MRC' });
    assert.equal(reqs.length, 200);
    const res = await Promise.all(reqs.map(async (r) => ({ kind: r.kind, ...(await r.p) })));

    const n5xx = res.filter((r) => r.status >= 500).length;
    const numbers = res.filter((r) => r.kind === 'provision' && r.status === 200).map((r) => r.body.PhoneNumberAssigned);
    const sharedOk = res.filter((r) => r.kind === 'same-email' && r.status === 200);
    const sharedRefused = res.filter((r) => r.kind === 'same-email' && r.status === 400);
    const otherFailures = res.filter((r) => !r.kind.startsWith('same-') && r.status !== 200).map((r) => `${r.kind} → ${r.status} ${JSON.stringify(r.body)}`);
    const iccidOk = res.filter((r) => r.kind === 'same-iccid' && r.status === 200);
    const iccidRefused = res.filter((r) => r.kind === 'same-iccid' && r.status === 400);
    const inStore = sb.sandbox.store.list('subscribers', api.key, (s) => String(s.Email).toLowerCase() === shared);
    const ids = sb.sandbox.store.list('numbers', api.key).map((n) => n.Number);
    console.log(
      `sandbox concurrency: 200 creates — ${n5xx} × 5xx, ${numbers.length} numbers (${new Set(numbers).size} distinct), shared e-mail: ${sharedOk.length} created / ${sharedRefused.length} refused, shared ICCID: ${iccidOk.length} provisioned / ${iccidRefused.length} refused, ${otherFailures.length} other failures`,
    );
    assert.equal(n5xx, 0);
    assert.deepEqual(otherFailures, []);
    assert.equal(numbers.length, 50);
    assert.equal(new Set(numbers).size, 50, 'duplicate numbers');
    assert.equal(new Set(ids).size, ids.length, 'duplicate numbers in the store');
    assert.equal(sharedOk.length, 1, 'exactly one subscriber for the shared e-mail');
    assert.equal(sharedRefused.length, 19);
    assert.equal(inStore.length, 1);
    assert.equal(iccidOk.length, 1, 'exactly one number for the shared ICCID');
    assert.equal(iccidRefused.length, 9);
    // the indexes agree with the records
    const store = sb.sandbox.store;
    for (const [e164, id] of store.byE164) assert.equal(store.c.numbers.get(id)?.Number, e164);
    for (const [email, id] of store.emails) assert.equal(String(store.c.subscribers.get(id)?.Email).toLowerCase(), email);
    for (const r of sharedRefused) assert.deepEqual(Object.keys(r.body).sort(), ['Message', 'StatusCode']);
  } finally {
    await sb.close();
  }
});
