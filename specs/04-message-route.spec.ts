import { test, expect, expectConformant, itemDescribe, saveId, warnUnless } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { expectListed } from '../helpers/list-settle';
import { ROUTE_WEBHOOK_METHOD } from '../helpers/messaging';
import { create, ok, refused, authNegatives, expectEcho, runLabel, type Json, refusedCreate } from '../helpers/steps';
import type { ApiClient } from '../helpers/client';
import type { Ledger } from '../helpers/ledger';
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
    "A Message Route pointing at the suite's webhook receiver (inbound: Basic auth; callbacks: Bearer) gets an MRID-, echoes its URLs and reads back (seed 003 §4.1); a route with a method, an auth type or a URL outside the vendor's forms (enum GET|POST, None|Basic|Bearer, format uri: a MessageUrl without its scheme kept with one put in front is a warning, R-url-scheme-request-form) is refused (400, seed 003 §11), and an unknown MRID answers 404.",
});

const ROUTE_CREATE = 'POST /v1.0/message/routes';
const URL_FORM_BASIS =
  'R-url-scheme-request-form (vendor request schema MessageUrl format uri; seed 003 §4.1 MessageUrl "Where inbound SMS/MMS payloads are delivered")';

/**
 * A MessageUrl sent without its scheme (R-url-scheme-request-form), sent once: refused (400) conforms; kept with an
 * http(s) scheme in front of the same address (read leniently) is a warning; kept as sent — an address no webhook can
 * be posted to, so the route never delivers — fails (check message-route.url-format). A route made is booked for cleanup.
 */
async function expectSchemelessUrlHandled(api: ApiClient, ledger: Ledger, base: Json): Promise<void> {
  const schemeless = String(base.MessageUrl).replace(/^https?:\/\//i, '');
  const key = ledger.intend({ kind: 'message-route:schemeless', createOp: ROUTE_CREATE, item: meta.id, cleanupOrder: 30 });
  const res = await api.call(ROUTE_CREATE, { body: { ...base, MessageUrl: schemeless }, validate: false } as Parameters<ApiClient['call']>[1]);
  const body = (res.status === 200 ? res.body : undefined) as Json | undefined;
  const id = typeof body?.MessageRouteId === 'string' ? body.MessageRouteId : undefined;
  if (id) ledger.update(key, { state: 'created', id, cleanup: { op: 'POST /v1.0/message/routes/delete', body: { MessageRouteId: id } } });
  else ledger.update(key, { state: 'failed', note: `not created: HTTP ${res.status}` });
  if (res.status !== 200) {
    expect([400], `${ROUTE_CREATE} with a MessageUrl without its scheme (${schemeless}): expected HTTP 400, got ${res.status}`).toContain(res.status);
    return expectConformant(res.findings, `${ROUTE_CREATE} error body does not conform`);
  }
  const kept = String(body?.MessageUrl ?? '');
  const lenient = /^https?:\/\//i.test(kept) && kept.replace(/^https?:\/\//i, '').toLowerCase() === schemeless.toLowerCase();
  warnUnless(!lenient, {
    check: 'message-route.url-format',
    expected: `a refusal (400) of MessageUrl ${schemeless}`,
    actual: `HTTP 200, MessageUrl ${kept}`,
    message: `a MessageUrl without its scheme was accepted and kept as ${kept} (read leniently)`,
    basis: URL_FORM_BASIS,
  });
  const message = `a MessageUrl without its scheme (${schemeless}) was accepted and kept as ${kept || 'nothing'}: no inbound message can be posted to it`;
  const finding = { check: 'message-route.url-format', severity: 'error' as const, op: ROUTE_CREATE, pointer: '/MessageUrl', basis: URL_FORM_BASIS };
  expectConformant(
    lenient ? [] : [{ ...finding, expected: 'a refusal (400), or an http(s) URL', actual: kept, message }],
    'a Message Route keeps only a URL a webhook can be posted to',
  );
}

/** a Message Route a refused create made anyway is deleted by the cleanup */
const ROUTE_BOOK = {
  kind: 'message-route',
  idField: 'MessageRouteId',
  cleanup: (id: string) => ({ op: 'POST /v1.0/message/routes/delete', body: { MessageRouteId: id } }),
  cleanupOrder: 30,
};

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
    const refusal = { api, ledger, meta, book: ROUTE_BOOK, op: 'POST /v1.0/message/routes' };
    await refusedCreate(refusal, [400], { ...base, MessageUrlMethod: 'PATCH' }, 'with MessageUrlMethod PATCH (check message-route.method-enum)');
    await refusedCreate(
      refusal,
      [400],
      { ...base, CallbackMessageAuthenticationType: 'Digest' },
      'with CallbackMessageAuthenticationType Digest (check message-route.auth-enum)',
    );
    await expectSchemelessUrlHandled(api, ledger, base);
  });
});
