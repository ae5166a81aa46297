import { test, expect, itemDescribe, saveId } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { expectListed } from '../helpers/list-settle';
import { ROUTE_WEBHOOK_METHOD } from '../helpers/messaging';
import { create, ok, refused, authNegatives, expectEcho, runLabel } from '../helpers/steps';
import { unknownIdLike } from '../helpers/ids';

export const meta = defineItem({
  id: '4',
  title: 'Partner creates a Message Route (MRID) via API. First-time setup can be a joint call.',
  owner: 'Partner',
  section: 'Intelligent Routes',
  scope: ['core'],
  saves: ['MRID'],
  dependsOn: ['1'],
  description:
    "A Message Route pointing at the suite's webhook receiver (inbound: Basic auth; callbacks: Bearer) gets an MRID-, echoes its URLs and reads back (seed 003 §4.1); a route with a method, an auth type or a URL outside the vendor's forms (enum GET|POST, None|Basic|Bearer, format uri) is refused (400, seed 003 §11), and an unknown MRID answers 404.",
});

itemDescribe(meta, () => {
  let sent: Record<string, any>;

  test("creates a Message Route to the suite's webhooks and saves its MRID", async ({ api, ledger, hooks }) => {
    sent = {
      RouteName: runLabel(ledger, 'sms-route'),
      MessageUrl: hooks.inboundSms,
      MessageUrlMethod: ROUTE_WEBHOOK_METHOD,
      MessageRouteEnabled: true,
      MessageAuthenticationType: 'Basic',
      MessageUsername: hooks.inboundAuth.username,
      MessagePasswordToken: hooks.inboundAuth.password,
      CallbackMessageUrl: hooks.status,
      CallbackMessageUrlMethod: ROUTE_WEBHOOK_METHOD,
      CallbackMessageAuthenticationType: 'Bearer',
      CallbackMessagePasswordToken: hooks.callbackBearer,
      InboundBypass: false,
      OutboundBypass: false,
      IntelligentRouteEnabled: true,
      ...(ledger.id('AID') ? { AccountId: ledger.id('AID') } : {}),
    };
    const body = await create(api, ledger, meta, {
      kind: 'message-route',
      op: 'POST /v1.0/message/routes',
      body: sent,
      idField: 'MessageRouteId',
      idKind: 'messageRoute',
      cleanup: (id) => ({ op: 'POST /v1.0/message/routes/delete', body: { MessageRouteId: id } }),
      cleanupOrder: 30,
    });
    expectEcho(
      sent,
      body,
      ['RouteName', 'MessageUrl', 'MessageUrlMethod', 'CallbackMessageUrl', 'MessageAuthenticationType', 'CallbackMessageAuthenticationType'],
      'message/routes',
    );
    saveId(ledger, meta, 'MRID', body.MessageRouteId);
  });

  test('reads the Message Route back, alone and in the Account list', async ({ api, ledger }) => {
    const id = ledger.requireId('MRID');
    const body = await ok(api, 'GET /v1.0/message/routes', { query: { MessageRouteId: id } });
    expect(body.MessageRouteId).toBe(id);
    expect(body.MessageUrl).toBe(sent.MessageUrl);
    if (ledger.id('AID')) {
      // read again within the read settle window: a list may trail the write (R-read-after-write)
      const op = 'GET /v1.0/account/message/routes';
      await expectListed(api, {
        op,
        read: async () => ((await ok(api, op, { query: { AccountId: ledger.requireId('AID') } })).Results ?? []) as any[],
        has: (x) => x?.MessageRouteId === id,
        id,
        after: 'POST /v1.0/message/routes',
        what: "the Account's routes include the new MRID",
      });
    }
  });

  test('refuses: no token, a token scoped elsewhere, a missing MessageUrl, an unknown MRID', async ({ api, ledger }) => {
    await authNegatives(api, 'GET /v1.0/message/routes', { query: { MessageRouteId: ledger.requireId('MRID') } });
    // seed 003 §11: 404 "the resource identified by the ID in your request does not exist" — never another route
    const unknown = unknownIdLike(ledger.requireId('MRID'));
    await refused(api, 'GET /v1.0/message/routes', [404, 400], { query: { MessageRouteId: unknown } }, 'for an unknown MRID (check message-route.unknown-id)');
    await refused(api, 'POST /v1.0/message/routes', [400], { body: { RouteName: 'x', MessageUrlMethod: 'POST' } }, 'without the required MessageUrl');
  });

  test('refuses a route the platform could not deliver on: a method, an auth type or a URL outside the documented forms', async ({ api, ledger, hooks }) => {
    // vendor request schema: MessageUrlMethod GET | POST, *AuthenticationType None | Basic | Bearer, MessageUrl format uri
    // (seed 003 §4.2 "Use HTTPS endpoints"); seed 003 §11: 400 for "an invalid value" — a route kept so never delivers
    const base = {
      RouteName: runLabel(ledger, 'sms-route-invalid'),
      MessageUrl: hooks.inboundSms,
      MessageUrlMethod: ROUTE_WEBHOOK_METHOD,
      CallbackMessageUrl: hooks.status,
      CallbackMessageUrlMethod: ROUTE_WEBHOOK_METHOD,
      ...(ledger.id('AID') ? { AccountId: ledger.id('AID') } : {}),
    };
    const op = 'POST /v1.0/message/routes';
    await refused(api, op, [400], { body: { ...base, MessageUrlMethod: 'PATCH' } }, 'with MessageUrlMethod PATCH (check message-route.method-enum)');
    await refused(
      api,
      op,
      [400],
      { body: { ...base, CallbackMessageAuthenticationType: 'Digest' } },
      'with CallbackMessageAuthenticationType Digest (check message-route.auth-enum)',
    );
    const schemeless = base.MessageUrl.replace(/^https?:\/\//i, '');
    await refused(
      api,
      op,
      [400],
      { body: { ...base, MessageUrl: schemeless } },
      `with a MessageUrl without its scheme (${schemeless}) (check message-route.url-format)`,
    );
  });
});
