/*
 * Cross-check (not a self-test): starts the embedded sandbox on an ephemeral port, walks a happy path and prints
 * every response that does not conform to schemas/telegent.openapi.json (via protocol/contract). Usage:
 *   npx tsx scripts/schema-tools/smoke-sandbox.ts        (prints only non-conforming responses with --quiet)
 */
import { startSandbox } from '../../sandbox';
import * as c from '../../protocol/contract';
(async () => {
  const sb: any = await startSandbox({ port: 0, logLevel: 'silent', accountSecret: 'smoke-secret-not-real' } as any);
  const base = sb.baseUrl;
  const key = sb.credentials.accountKey;
  const tokRes = await fetch(base + '/v1.0/oauth2/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ AccountKey: key, AccountSecret: 'smoke-secret-not-real' }),
  });
  const tok: any = await tokRes.json();
  const report = (k: string, st: number, b: any) => {
    const f = (c as any).validateResponse(k, st, b, 'application/json');
    if (f.length || !process.argv.includes('--quiet'))
      console.log(
        st,
        k,
        f.length
          ? f
              .map((x: any) => `${x.severity}:${x.pointer} ${x.message}`)
              .slice(0, 6)
              .join(' | ')
          : 'OK',
      );
  };
  report('POST /v1.0/oauth2/tokens', tokRes.status, tok);
  const call = async (k: string, body?: any, q = '') => {
    const [m, p] = k.split(' ');
    const r = await fetch(base + p + q, {
      method: m,
      headers: { authorization: 'Bearer ' + tok.token, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    const j: any = await r.json().catch(() => null);
    report(k, r.status, j);
    return j ?? {};
  };
  const acc = await call('POST /v1.0/account/create', {
    AccountName: 'A',
    AccountAdmin: 'a@b.com',
    BillingAddress: { Street1: 'x', City: 'y', State: 'UT', Zip: '84043', Country: 'USA' },
  });
  const sub = await call('POST /v1.0/subscribers/create', {
    Name: 'J',
    Email: `j${Date.now()}@x.com`,
    PhoneNumbers: [],
    Role: 'Subscriber',
    Password: 'p',
    AccountId: acc.AccountId,
  });
  const mr = await call('POST /v1.0/message/routes', {
    RouteName: 'r',
    MessageUrl: 'https://e.com/in',
    MessageUrlMethod: 'POST',
    MessageRouteEnabled: true,
    MessageAuthenticationType: 'None',
    CallbackMessageUrl: 'https://e.com/cb',
    CallbackMessageUrlMethod: 'POST',
    AccountId: acc.AccountId,
  });
  const vr = await call('POST /v1.0/voice/routes', {
    RouteName: 'v',
    RouteType: 'Trunk',
    TrunkIp1: '20.1.1.1',
    TrunkPort1: '5060',
    TrunkTransport1: 'UDP',
    TrunkUri1: 'https://pstn.e.com',
    TrunkEnabled1: true,
    Trunk1Priortiy: 10,
    Trunk1Weight: 10,
    RouteEnabled: true,
    AccountId: acc.AccountId,
  });
  await call('GET /v1.0/voice/routes', undefined, '?CallRouteID=' + vr.CallRouteId);
  const pr = await call('POST /v1.0/products', { SKU: 's', Description: 'd', Type: 'esim', SubType: 'esim', Cost: 1.5, BillingFrequency: 'MRC' });
  const pk = await call('POST /v1.0/packages', {
    PackageName: 'p',
    Description: 'd',
    Type: 'sip',
    Price: 9.99,
    Monthly: true,
    PackageItems: [{ ProductId: pr.ProductId, Price: '1.00', Monthly: true, Type: 'esim' }],
  });
  await call('GET /v1.0/packages/items', undefined, '?PackageId=' + pk.PackageId);
  await call('POST /v1.0/numbers/availability', {
    NumberType: 'mobile',
    MessageType: 'p2p',
    MessageEnabled: true,
    VoiceEnabled: true,
    PageNumber: 1,
    AreaCode: '201',
  });
  const nb = await call('POST /v1.0/numbers/provision', {
    NumberType: 'mvno',
    MessageType: 'p2p',
    MessageEnabled: true,
    VoiceEnabled: true,
    DataEnabled: true,
    MessageRouteId: mr.MessageRouteId,
    VoiceRouteId: vr.CallRouteId,
    AreaCode: '201',
    ProductType: 'Sms+Data+Voice',
    AssignedSubscriberId: sub.SubscriberId,
    AccountId: acc.AccountId,
  });
  await call('GET /v1.0/numbers/order', undefined, '?OrderId=' + nb.OrderId);
  await call('GET /v1.0/numbers', undefined, '?Number=' + encodeURIComponent(nb.PhoneNumberAssigned));
  await call('GET /v1.0/numbers/inventory', undefined, '?PageNumber=1');
  await call('POST /v1.0/subscriptions', {
    SubscriberId: sub.SubscriberId,
    TNID: nb.PhoneNumberId,
    ICCID: '8901240397190195850',
    PackageId: pk.PackageId,
    Type: 'Mvno',
  });
  const m = await call('POST /v1.0/message/outbound', {
    To: [{ Number: '+12015550123' }],
    From: nb.PhoneNumberAssigned,
    Owner: nb.PhoneNumberAssigned,
    Body: 'hi',
  });
  await call('GET /v1.0/message/details', undefined, '?MessageId=' + m.MessageId);
  await call('POST /v1.0/numbers/portin/eligibility', { PhoneNumber: '+13136398786', TargetClassification: 'mvno' });
  const pi = await call('POST /v1.0/numbers/portin', {
    PortInNumber: '+15555551234',
    CurrentCarrierName: 'V',
    CurrentAccountNumber: '1',
    CurrentAccountPassword: '0000',
    TargetPortinClassification: 'mvno',
    SubscriberName: 'J',
    CurrentBillingAddress: { Street1: 'x', City: 'y', State: 'UT', Zip: '84043' },
  });
  await call('GET /v1.0/numbers/order', undefined, '?OrderId=' + pi.OrderId);
  await call('POST /v1.0/numbers/status', { StatusChange: 'park', EffectiveDate: '12/31/2026', PhoneNumbers: [{ Number: nb.PhoneNumberAssigned }] });
  await call('POST /v1.0/numbers/data-usage', {
    ValueUnit: 'MB',
    NotifyValue: 8,
    ThrottleValue: 10,
    ThrottleSpeed: '1-mbps',
    LimitValue: 15,
    PhoneNumbers: [{ Number: nb.PhoneNumberAssigned }],
  });
  await call('GET /v1.0/account', undefined, '?AccountId=' + acc.AccountId);
  await call('GET /v1.0/account/voice/routes', undefined, '?AccountId=' + acc.AccountId);
  await call('GET /v1.0/account/message/routes', undefined, '?AccountId=' + acc.AccountId);
  await call('GET /v1.0/account/products', undefined, '?Filter=All');
  await call('GET /v1.0/account/packages', undefined, '?Filter=All');
  await call('GET /v1.0/account/subscriptions', undefined, '?Filter=All');
  await call('GET /v1.0/numbers/inventory', undefined, '?PageNumber=1&AccountId=' + acc.AccountId);
  await call('POST /v1.0/numbers/portout', { PortOutNumber: nb.PhoneNumberAssigned, PortOutPIN: '1234' });
  await call('GET /v1.0/numbers/inventory', undefined, '?PageNumber=1');
  await call('POST /v1.0/numbers/reactivate', { PhoneNumber: nb.PhoneNumberAssigned, AccountId: acc.AccountId });
  const wh = await call('POST /v1.0/webhook/create', {
    AccountId: acc.AccountId,
    WebhookUrl: 'https://e.com/wh',
    Method: 'POST',
    DataFormat: 'json',
    AuthenticationType: 'None',
    SubscribedEvents: 'Order_Update',
  });
  await call('GET /v1.0/account/webhooks', undefined, '?AccountId=' + acc.AccountId);
  await call('POST /v1.0/webhook/delete', { WebhookId: wh.WebhookId, AccountId: acc.AccountId });
  const sv = await call('POST /v1.0/services', { ServiceName: 'x', Cost: 1, Monthly: true });
  await call('POST /v1.0/services/update', { ServiceId: sv.ServiceId, ServiceName: 'y', Cost: 2, Monthly: true });
  await call('POST /v1.0/services/delete', { ServiceId: sv.ServiceId });
  await call('POST /v1.0/products/delete', { ProductId: pr.ProductId });
  await sb.close();
})().catch((e) => {
  console.error('SMOKE ERROR', e);
  process.exit(1);
});
