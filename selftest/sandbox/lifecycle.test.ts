/** (3) Lifecycles: porting (reject → update → complete, cancel final), messaging webhooks with auth and retries,
 *  number status changes + reactivate, auth rules, data attach, voice-route propagation, faults. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot, buildWorld, randomPortable, startReceiver, Client } from './_world';

const addr = { Street1: '1 Main', City: 'Lehi', State: 'UT', Zip: '84043' };
async function until<T>(fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
const control = (api: Client, path: string, body: unknown) =>
  fetch(api.baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    body: await r.json(),
  }));

test('port-in: Submitted → Pending Carrier Approval → Rejected (8A) → update → Scheduled → Completed; number lands in inventory', async () => {
  // the carrier clock alone moves the order (reads never hold it): 400 ms per status, 20× the 20 ms poll, even under load
  const { sb, api } = await boot({ portStepMs: 400 });
  try {
    const num = randomPortable();
    const sub = await api.ok('POST', '/v1.0/numbers/portin', {
      PortInNumber: num,
      CurrentCarrierName: 'Verizon',
      CurrentAccountNumber: '00000000',
      CurrentAccountPassword: '1234',
      CurrentBillingAddress: addr,
    });
    assert.match(sub.OrderId, /^JNUOID-/);
    const seen = new Set<string>();
    const rejected = await until(async () => {
      const o = await api.ok('GET', '/v1.0/numbers/order', { OrderId: sub.OrderId });
      seen.add(o.OrderStatus);
      return o.OrderStatus === 'Rejected' ? o : undefined;
    });
    assert.equal(rejected.OrderStatusMessage, '8A-ACCOUNT_NUM_REQ_OR_INCORRECT');
    assert.ok(seen.has('Pending Carrier Approval'));
    const up = await api.ok('POST', '/v1.0/numbers/portin/update', { OrderId: sub.OrderId, CurrentAccountNumber: '46512222', PortInDate: '04/23/2026' });
    assert.equal(up.Status, 'Updated');
    await until(async () => {
      const o = await api.ok('GET', '/v1.0/numbers/order', { OrderId: sub.OrderId });
      seen.add(o.OrderStatus);
      return o.OrderStatus === 'Completed' ? o : undefined;
    });
    assert.deepEqual([...seen].sort(), ['Completed', 'Pending Carrier Approval', 'Rejected', 'Scheduled', 'Submitted']);
    const n = await api.ok('GET', '/v1.0/numbers', { PhoneNumber: num });
    assert.equal(n.Number, num);
    assert.equal(n.Status, 'Active');
  } finally {
    await sb.close();
  }
});

test('port-in: eligibility magic, cancel is final, duplicate submit refused', async () => {
  const { sb, api } = await boot({ portStepMs: 60_000 });
  try {
    const el = await api.ok('POST', '/v1.0/numbers/portin/eligibility', { PhoneNumber: '+15005550001', TargetClassification: 'mvno' });
    assert.equal(el.Eligible, false);
    assert.equal(
      (
        await api.post('/v1.0/numbers/portin', {
          PortInNumber: '+15005550001',
          CurrentCarrierName: 'X',
          CurrentAccountNumber: '1',
          CurrentAccountPassword: '1',
          CurrentBillingAddress: addr,
        })
      ).status,
      400,
    );
    const num = randomPortable();
    const o = await api.ok('POST', '/v1.0/numbers/portin', {
      PortInNumber: num,
      CurrentCarrierName: 'X',
      CurrentAccountNumber: '46512222',
      CurrentAccountPassword: '1',
      CurrentBillingAddress: addr,
    });
    assert.equal(
      (
        await api.post('/v1.0/numbers/portin', {
          PortInNumber: num,
          CurrentCarrierName: 'X',
          CurrentAccountNumber: '46512222',
          CurrentAccountPassword: '1',
          CurrentBillingAddress: addr,
        })
      ).status,
      400,
    );
    assert.equal((await api.ok('POST', '/v1.0/numbers/portin/cancel', { OrderId: o.OrderId })).Status, 'Cancelled');
    assert.equal((await api.ok('GET', '/v1.0/numbers/order', { OrderId: o.OrderId })).OrderStatus, 'Cancelled');
    const again = await api.post('/v1.0/numbers/portin/update', { OrderId: o.OrderId, CurrentAccountNumber: '1' });
    assert.equal(again.status, 400);
    assert.match(again.body.Message, /final/);
    assert.equal((await api.post('/v1.0/numbers/portin/cancel', { OrderId: o.OrderId })).status, 400);
    // a fresh submit works after the cancel
    assert.equal(
      (
        await api.post('/v1.0/numbers/portin', {
          PortInNumber: num,
          CurrentCarrierName: 'X',
          CurrentAccountNumber: '46512222',
          CurrentAccountPassword: '1',
          CurrentBillingAddress: addr,
        })
      ).status,
      200,
    );
  } finally {
    await sb.close();
  }
});

test('messaging: DLR (Bearer) to CallbackMessageUrl, inbound (Basic) to MessageUrl with the Phase 2 payload, MMS media URL, retries', async () => {
  const rx = await startReceiver({ failFirst: 2 });
  const { sb, api } = await boot({ webhookRetryBaseMs: 20 });
  try {
    const w = await buildWorld(api, rx.url);
    const sent = await api.ok('POST', '/v1.0/message/outbound', { From: w.numberA, To: [{ Number: w.numberB }], Body: 'hello sandbox' });
    const dlr = await rx.waitFor((r) => r.path === '/dlr' && r.body?.MessageId === sent.MessageId);
    assert.equal(dlr.headers.authorization, 'Bearer tok');
    assert.equal(dlr.body.Status, 'Delivered');
    const inbound = await rx.waitFor((r) => r.path === '/inbound' && r.body?.Message_Body === 'hello sandbox');
    assert.equal(inbound.headers.authorization, 'Basic ' + Buffer.from('u:p').toString('base64'));
    assert.deepEqual(Object.keys(inbound.body).sort(), ['From', 'Message_Body', 'Message_ID', 'Owner', 'Segment', 'To']);
    assert.equal(inbound.body.Owner, w.numberB);
    assert.equal(inbound.body.From, w.numberA);
    assert.equal(inbound.body.Segment, 1);
    const mms = await api.ok('POST', '/v1.0/message/outbound', {
      From: w.numberA,
      To: [{ Number: w.numberB }],
      Body: 'pic',
      MmsMedia: [{ MediaUrl: 'https://example.com/cat.jpg' }],
    });
    const inMms = await rx.waitFor((r) => r.path === '/inbound' && r.body?.Message_Body === 'pic');
    assert.equal(inMms.body.MMS_Media_URL, 'https://example.com/cat.jpg');
    assert.equal((await api.ok('GET', '/v1.0/message/details', { MessageId: mms.MessageId })).MessageType, 'mms');
    const search = await api.ok('GET', '/v1.0/message/search', { PhoneNumber: w.numberA });
    assert.ok(search.ResultsTotalRecords >= 2);
    // the receiver failed the first two deliveries: they were retried (the failed ones may be any of the run's
    // deliveries, a retry still in its backoff when the posts awaited above arrived: the log is read until it shows one)
    let retried = false;
    for (const until = Date.now() + 5000; !retried && Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
      const log = await (await fetch(api.baseUrl + '/_sandbox/webhooks')).json();
      retried = log.deliveries.some((d: any) => d.attempts > 1 && d.delivered);
    }
    assert.ok(retried, 'a delivery answered 503 was retried and delivered');
  } finally {
    await sb.close();
    await rx.close();
  }
});

test('number status: park blocks sending, activate, cancel, reactivate within 30 days, not after', async () => {
  const { sb, api } = await boot();
  try {
    const w = await buildWorld(api);
    const st = (change: string, n = w.numberB) =>
      api.ok('POST', '/v1.0/numbers/status', { StatusChange: change, EffectiveDate: '01/01/2024', PhoneNumbers: [{ Number: n }] });
    const o = await st('park');
    assert.match(o.OrderId, /^JNUOID-/);
    assert.equal((await api.ok('GET', '/v1.0/numbers/order', { OrderId: o.OrderId })).OrderStatus, 'Complete');
    assert.equal((await api.ok('GET', '/v1.0/numbers', { PhoneNumber: w.numberB })).Status, 'Parked');
    assert.equal((await api.post('/v1.0/message/outbound', { From: w.numberB, To: [{ Number: w.numberA }], Body: 'x' })).status, 400);
    await st('activate');
    assert.equal((await api.ok('GET', '/v1.0/numbers', { PhoneNumber: w.numberB })).Status, 'Active');
    await st('cancel');
    assert.equal((await api.ok('GET', '/v1.0/numbers', { PhoneNumber: w.numberB })).Status, 'Cancelled');
    assert.equal(
      (await api.post('/v1.0/numbers/status', { StatusChange: 'activate', EffectiveDate: '01/01/2024', PhoneNumbers: [{ Number: w.numberB }] })).status,
      400,
    );
    assert.equal((await api.ok('POST', '/v1.0/numbers/reactivate', { PhoneNumber: w.numberB })).Status, 'Success');
    assert.equal((await api.ok('GET', '/v1.0/numbers', { PhoneNumber: w.numberB })).Status, 'Active');
    assert.equal((await api.post('/v1.0/numbers/reactivate', { PhoneNumber: w.numberB })).status, 400);
    await st('cancel');
    await control(api, '/_sandbox/clock/advance', { seconds: 31 * 86400 });
    await api.login();
    assert.equal((await api.post('/v1.0/numbers/reactivate', { PhoneNumber: w.numberB })).status, 404);
  } finally {
    await sb.close();
  }
});

test('auth: no token 401, expired 401, scope mismatch 403 (R-scope), scope ignores host, foreign IDs 404', async () => {
  const { sb, api } = await boot({ tokenTtlSeconds: 60 });
  try {
    assert.equal((await api.raw('GET', '/v1.0/account?AccountId=x', undefined, false)).status, 401);
    const scoped = new Client(api.baseUrl, api.key);
    await scoped.login('https://api.telegent.com/v1.0/Account/Create');
    assert.equal((await scoped.post('/v1.0/account/create', { AccountName: 'scoped' })).status, 200);
    assert.equal((await scoped.post('/v1.0/products', { SKU: 'x' })).status, 403);
    assert.equal((await api.get('/v1.0/account', { AccountId: 'AID-00000000-0000-4000-8000-00000000f0e1' })).status, 404);
    await control(api, '/_sandbox/clock/advance', { seconds: 61 });
    assert.equal((await api.get('/v1.0/account', { AccountId: 'AID-00000000-0000-4000-8000-000000000001' })).status, 401);
    const bad = await api.raw('POST', '/v1.0/oauth2/tokens', { AccountKey: api.key, AccountSecret: 'wrong' }, false);
    assert.equal(bad.status, 401);
    assert.ok(!bad.text.includes('sandbox-secret'));
    const t = await api.raw('POST', '/v1.0/OAuth2/tokens', { AccountKey: api.key, AccountSecret: api.secret }, false);
    assert.match(t.body.tokenExpiry, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} (AM|PM)$/);
  } finally {
    await sb.close();
  }
});

test('data attach (APN per type), device details, voice-route propagation in the SBC directory', async () => {
  const { sb, api } = await boot({ propagationMs: 60_000 });
  try {
    const w = await buildWorld(api);
    const wrong = await control(api, '/_sandbox/devices/attach', { PhoneNumber: w.numberB, Apn: 'iot.joonto', Bytes: 100 });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.Message, /APN/);
    const okA = await control(api, '/_sandbox/devices/attach', {
      PhoneNumber: w.numberB,
      Apn: 'wireless.mobi',
      Bytes: 3 * 1024 * 1024,
      Imei: '353288110000042',
    });
    assert.equal(okA.body.Attached, true);
    const info = await api.ok('POST', '/v1.0/numbers/data-usage/info', { PhoneNumbers: [{ Number: w.numberB }] });
    assert.equal(info.PhoneNumbers[0].Used, '3 MB');
    const dev = await api.ok('POST', '/v1.0/numbers/device-details', { PhoneNumber: w.numberB });
    assert.equal(dev.IMEI, '353288110000042');
    const v2 = await api.ok('POST', '/v1.0/voice/routes', {
      RouteName: 'V2',
      RouteType: 'Trunk',
      TrunkIp1: '127.0.0.2',
      TrunkPort1: '5060',
      AccountId: w.accountId,
    });
    await api.ok('POST', '/v1.0/numbers/update', { Number: w.numberB, VoiceRouteId: v2.CallRouteId });
    const dir = async () => (await fetch(`${api.baseUrl}/_sandbox/directory?number=${encodeURIComponent(w.numberB)}`)).json();
    const before = await dir();
    assert.notEqual(before.voiceRoute?.callRouteId, v2.CallRouteId);
    assert.equal(before.pendingVoiceRoute?.callRouteId, v2.CallRouteId);
    assert.ok(before.effectiveAt > Date.now() + 50_000);
    await control(api, '/_sandbox/clock/advance', { seconds: 61 });
    const after = await dir();
    assert.equal(after.voiceRoute?.callRouteId, v2.CallRouteId);
  } finally {
    await sb.close();
  }
});

test('faults: 429-burst with Retry-After, webhook-dup delivers twice; drift: dlr-without-auth', async () => {
  const rx = await startReceiver();
  const { sb, api } = await boot({ drift: ['dlr-without-auth'] });
  try {
    await control(api, '/_sandbox/faults', { faults: ['429-burst:1'] });
    const r1 = await api.get('/v1.0/account', { AccountId: 'AID-00000000-0000-4000-8000-000000000001' });
    assert.equal(r1.status, 429);
    assert.equal(r1.headers.get('retry-after'), '1');
    assert.equal((await api.get('/v1.0/account', { AccountId: 'AID-00000000-0000-4000-8000-000000000001' })).status, 200);
    await control(api, '/_sandbox/faults', { faults: ['webhook-dup'] });
    const w = await buildWorld(api, rx.url);
    const m = await api.ok('POST', '/v1.0/message/outbound', { From: w.numberA, To: [{ Number: '+18015550123' }], Body: 'dup' });
    await rx.waitFor((r) => r.path === '/dlr' && r.body?.MessageId === m.MessageId);
    await until(async () => (rx.got.filter((r) => r.path === '/dlr' && r.body?.MessageId === m.MessageId).length >= 2 ? true : undefined));
    assert.equal(rx.got.find((r) => r.path === '/dlr')!.headers.authorization, undefined);
  } finally {
    await sb.close();
    await rx.close();
  }
});
