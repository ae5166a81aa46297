/**
 * Issue 13 audit findings, one assertion each: tolerant reading (R-query-tolerance, R-request-null-optional), atomic
 * writes and hostile bodies (R-request-hardening), documented rules (voip a2p-only, subscription Type, every account,
 * non-negative prices, token scope), no internal fields, no example values (R-sandbox-response-values).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot, buildWorld, uniq } from './_world';

test('issue 13: tolerant reading, atomic writes, documented rules, no leaks', async () => {
  const { sb, api } = await boot({ portStepMs: 600_000 });
  try {
    const w = await buildWorld(api);
    const store = sb.sandbox.store;
    const err = (r: { status: number; body: any }, status: number) => {
      assert.equal(r.status, status, JSON.stringify(r.body));
      assert.deepEqual(Object.keys(r.body).sort(), ['Message', 'StatusCode']);
      assert.equal(r.body.StatusCode, status);
    };

    // R-query-tolerance: an unescaped "+" and another case of the parameter name
    const n1 = await api.raw('GET', `/v1.0/numbers?number=${w.numberA}`);
    assert.equal(n1.status, 200, n1.text);
    assert.equal(n1.body.Number ?? n1.body.PhoneNumber ?? w.numberA, w.numberA);
    assert.equal((await api.raw('GET', `/v1.0/voice/routes?callrouteid=${w.voiceRouteId}`)).status, 200);

    // R-request-null-optional: the vendor's own null-laden examples
    const acc = await api.post('/v1.0/account/create', {
      AccountName: `Null ${uniq()}`,
      AccountAdmin: 'ops@example.com',
      BillingAddress: { Street1: '1 Main', City: 'Lehi', State: 'Utah', Zip: '84043', Country: 'USA' },
      MailingAddress: { Street1: null, City: null, State: null, Zip: null },
    });
    assert.equal(acc.status, 200, acc.text);
    const upd = await api.post('/v1.0/message/routes/update', {
      MessageRouteId: w.messageRouteId,
      CallbackMessageAuthenticationType: null,
      CallbackMessageUsername: null,
      CallbackMessagePasswordToken: null,
    });
    assert.equal(upd.status, 200, upd.text);

    // R-sandbox-response-values: a Trunk route with only TrunkIp1 reads back no example trunk data
    const vr = await api.ok('POST', '/v1.0/voice/routes', { RouteName: 'min', RouteType: 'Trunk', TrunkIp1: '192.0.2.7', AccountId: w.accountId });
    const vrGet = await api.ok('GET', '/v1.0/voice/routes', { CallRouteID: vr.CallRouteId });
    for (const f of ['TrunkUri1', 'Trunk1Weight', 'TrunkIp2']) assert.ok(vrGet[f] === null || vrGet[f] === undefined, `${f}: ${vrGet[f]}`);
    const fwd = await api.ok('POST', '/v1.0/voice/routes', { RouteName: 'fwd', RouteType: 'Forward', AccountId: w.accountId });
    assert.ok(!fwd.TrunkIp1, `Forward route got a trunk ${fwd.TrunkIp1}`);
    const mr = await api.ok('POST', '/v1.0/message/routes', {
      RouteName: 'noauth',
      MessageUrl: 'https://a.example/in',
      MessageUrlMethod: 'POST',
      AccountId: w.accountId,
    });
    const mrGet = await api.ok('GET', '/v1.0/message/routes', { MessageRouteId: mr.MessageRouteId });
    assert.equal(mr.MessageRouteEnabled, mrGet.MessageRouteEnabled);
    for (const f of ['MessageAuthenticationType', 'MessageUsername', 'CallbackMessageUrl'])
      assert.ok(mrGet[f] === null || mrGet[f] === undefined, `${f}: ${mrGet[f]}`);
    const prod = await api.ok('POST', '/v1.0/products', { SKU: 'nosub', Description: 'd', Type: 'data', Cost: 1, BillingFrequency: 'MRC' });
    assert.ok(prod.SubType === null || prod.SubType === undefined, `SubType ${prod.SubType}`);

    // R-request-hardening: atomic writes
    const iot = await api.ok('POST', '/v1.0/numbers/provision', {
      NumberType: 'iot',
      MessageType: 'p2p',
      MessageEnabled: true,
      VoiceEnabled: false,
      ProductType: 'Data-Only',
      MessageRouteId: w.messageRouteId,
      AccountId: w.accountId,
    });
    let h = store.contentHash();
    err(await api.post('/v1.0/numbers/update', { Number: iot.PhoneNumberAssigned, MessageType: 'a2p', CnamFirstName: 'X' }), 400);
    assert.equal(store.contentHash(), h, 'a refused numbers/update changed the store');
    const deep = JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40));
    h = store.contentHash();
    err(
      await api.post('/v1.0/voice/routes', { RouteName: 'deep', RouteType: 'Trunk', TrunkIp1: '192.0.2.9', AccountId: w.accountId, HeaderManipulation: deep }),
      400,
    );
    assert.equal(store.contentHash(), h, 'a refused voice route was created');
    // a handler that changes the e-mail, then refuses the phone list: the rollback undoes the e-mail change
    const subBefore = await api.ok('GET', '/v1.0/subscribers/get', { SubscriberId: w.subscriberId });
    h = store.contentHash();
    err(await api.post('/v1.0/subscribers/update', { SubscriberId: w.subscriberId, Email: `changed-${uniq()}@example.com`, PhoneNumbers: ['not-e164'] }), 400);
    assert.equal(store.contentHash(), h, 'a refused subscriber update changed the store');
    assert.equal((await api.ok('GET', '/v1.0/subscribers/get', { SubscriberId: w.subscriberId })).Email, subBefore.Email);
    err(await api.raw('POST', '/v1.0/voice/routes/update', undefined, true, {}, `{"__proto__":{"_deleted":true},"CallRouteId":"${w.voiceRouteId}"}`), 400);
    assert.equal((await api.get('/v1.0/voice/routes', { CallRouteID: w.voiceRouteId })).status, 200, 'the route vanished');
    err(await api.raw('POST', '/v1.0/account/create', undefined, true, {}, JSON.stringify({ AccountName: 'x'.repeat(2 * 1024 * 1024) })), 413);
    err(await api.raw('GET', `/v1.0/account?AccountId=${w.accountId}`, undefined, true, { 'x-pad': 'a'.repeat(40 * 1024) }), 431);

    // documented rules
    err(
      await api.post('/v1.0/numbers/provision', {
        NumberType: 'voip',
        MessageType: 'p2p',
        MessageEnabled: true,
        VoiceEnabled: true,
        ProductType: 'Sms+Data+Voice',
        MessageRouteId: w.messageRouteId,
      }),
      400,
    );
    err(
      await api.post('/v1.0/numbers/provision', {
        NumberType: 'iot',
        MessageType: 'a2p',
        MessageEnabled: true,
        VoiceEnabled: false,
        ProductType: 'Data-Only',
        MessageRouteId: w.messageRouteId,
      }),
      400,
    );
    err(await api.post('/v1.0/subscriptions', { SubscriberId: w.subscriberId, TNID: w.numberDId, PackageId: w.packageId, Type: 'Voip' }), 400);
    err(await api.post('/v1.0/packages', { PackageName: 'neg', Type: 'mvno', Price: -5, Monthly: true }), 400);
    const accounts = await api.ok('GET', '/v1.0/distributor/accounts');
    assert.ok(Array.isArray(accounts) && accounts.length >= 4, 'every account');
    for (const id of [w.accountId, w.account2Id, acc.body.AccountId])
      assert.ok(
        accounts.some((a: any) => a.AccountId === id),
        id,
      );
    const tok = await api.raw(
      'POST',
      '/v1.0/oauth2/tokens',
      { AccountKey: api.key, AccountSecret: api.secret, ApiEndpoint: 'https://api.telegent.com/v1.0/not/an/endpoint' },
      false,
    );
    err(tok, 400);

    // no internal fields
    const su = await api.post('/v1.0/services/update', { ServiceId: w.serviceId, ServiceName: 'Renamed' });
    assert.equal(su.status, 200);
    assert.ok(!/"_/.test(su.text), su.text);
  } finally {
    await sb.close();
  }
});

test("vendor material: the guide's call-filter request (no FilterMode) is accepted and answered as the guide shows (R-call-filter-mode)", async () => {
  const { sb, api } = await boot({});
  try {
    const w = await buildWorld(api);
    // seed 003 §10.2 "Voice — Allow / Block only", request and response as written there
    const cf = await api.ok('POST', '/v1.0/subscribers/call-filter', {
      SubscriberId: w.subscriberId,
      Phone: w.numberA,
      AllowedNumbers: ['+18015550001', '+18015550002'],
      BlockedNumbers: ['+18015559999'],
    });
    assert.match(cf.FilterId, /^CFID-/);
    assert.deepEqual([cf.ApplyToInbound, cf.ApplyToOutbound, cf.BlockUnknownNumbers, cf.BlockInternational], [true, true, false, false]);
    assert.ok(cf.FilterMode === null || cf.FilterMode === undefined, `FilterMode ${cf.FilterMode}`);
    // the route's own credentials come back as stored, as in the vendor's message route examples (R-route-secret-echo)
    const mr = await api.ok('GET', '/v1.0/message/routes', { MessageRouteId: w.messageRouteId });
    assert.equal(mr.MessagePasswordToken, 'p');
  } finally {
    await sb.close();
  }
});

test('vendor material: numbers/status takes the action codes as its description writes them (Park, Activate, Swap-Sim — R-status-verbs)', async () => {
  const { sb, api } = await boot({});
  try {
    const w = await buildWorld(api);
    const change = (StatusChange: string, extra: Record<string, unknown> = {}) =>
      api.ok('POST', '/v1.0/numbers/status', { StatusChange, EffectiveDate: '12/31/2023', PhoneNumbers: [{ Number: w.numberB, ...extra }] });
    assert.equal((await change('Park')).ChangeType, 'park');
    assert.match((await api.ok('GET', '/v1.0/numbers', { Number: w.numberB })).Status, /^park/i);
    assert.equal((await change('Activate')).ChangeType, 'activate');
    assert.match((await api.ok('GET', '/v1.0/numbers', { Number: w.numberB })).Status, /^activ/i);
    assert.equal((await change('Swap-Sim', { ICCID: '8901240397190195851' })).ChangeType, 'swap-sim');
    // a word that is no action code in either case is still refused
    const bad = await api.post('/v1.0/numbers/status', { StatusChange: 'Suspend', EffectiveDate: '12/31/2023', PhoneNumbers: [{ Number: w.numberB }] });
    assert.equal(bad.status, 400, bad.text);
  } finally {
    await sb.close();
  }
});
