import { test, expect, expectConformant, itemDescribe, saveId } from '../helpers/fixtures';
import { semantics } from '../protocol/contract';
import { defineItem } from '../helpers/item';
import { create, ok, refused, authNegatives, expectEcho, runLabel, type Json, refusedCreate } from '../helpers/steps';
import { readUntilListed, warnListLag } from '../helpers/list-settle';
import type { Ledger } from '../helpers/ledger';
import { unknownIdLike } from '../helpers/ids';

export const meta = defineItem({
  id: '5',
  title:
    "Partner creates a Voice Route (CRID) via API. For SIP partners, this is a SIP-enabled route pointing to the partner's SBC. First-time setup can be a joint call.",
  owner: 'Partner',
  section: 'Intelligent Routes',
  scope: ['core', 'voice'],
  saves: ['CRID'],
  dependsOn: ['1'],
  description:
    "A Trunk Voice Route pointing at the partner SBC (the suite's SIP agent), whitelisted, gets a CRID- and reads back, alone and in the Account's route list — which carries the IP allow-list written (single-route answers may show IpWhiteList [] as every vendor example does: a warning, R-ip-whitelist-echo); Trunk1Priortiy (sic) and IpWhitelist/IpWhiteList per rulings (seed 003 §4.2); a RouteType, TrunkTransport1 or CallbackVoiceUrlMethod outside the vendor enums is refused (400, seed 003 §11), and an unknown CRID answers 404.",
});

/** a Voice Route a refused create made anyway is deleted by the cleanup */
const VOICE_BOOK = {
  kind: 'voice-route',
  idField: 'CallRouteId',
  cleanup: (id: string) => ({ op: 'POST /v1.0/voice/routes/delete', body: { CallRouteId: id } }),
  cleanupOrder: 30,
};

itemDescribe(meta, () => {
  let sent: Record<string, any>;

  test('creates a SIP Trunk Voice Route to the partner SBC and saves its CRID', async ({ api, ledger, hooks, config, run }) => {
    const sipPort = String(run.sipAgentPort);
    sent = {
      RouteName: runLabel(ledger, 'sip-trunk'),
      RouteType: 'Trunk',
      TrunkIp1: config.sipAgentHost,
      TrunkPort1: sipPort,
      TrunkTransport1: 'UDP',
      TrunkEnabled1: true,
      Trunk1Priortiy: 10,
      Trunk1Weight: 10,
      IpWhitelist: [{ IpAddress: config.sipAgentHost }],
      CallbackVoiceUrl: hooks.voice,
      CallbackVoiceUrlMethod: 'POST',
      IntelligentRouteEnabled: true,
      RouteEnabled: true,
      ...(ledger.id('AID') ? { AccountId: ledger.id('AID') } : {}),
    };
    const body = await create(api, ledger, meta, {
      kind: 'voice-route',
      op: 'POST /v1.0/voice/routes',
      body: sent,
      idField: 'CallRouteId',
      idKind: 'callRoute',
      cleanup: (id) => ({ op: 'POST /v1.0/voice/routes/delete', body: { CallRouteId: id } }),
      cleanupOrder: 30,
    });
    expectEcho(sent, body, ['RouteName', 'RouteType', 'TrunkIp1', 'TrunkPort1', 'TrunkTransport1', 'TrunkEnabled1', 'Trunk1Priortiy'], 'voice/routes');
    saveId(ledger, meta, 'CRID', body.CallRouteId);
  });

  test("reads the Voice Route back, alone and in the Account's list with its IP allow-list", async ({ api, ledger }) => {
    const id = ledger.requireId('CRID');
    const body = await ok(api, 'GET /v1.0/voice/routes', { query: { CallRouteID: id } });
    expect(body.CallRouteId).toBe(id);
    expect(body.TrunkIp1).toBe(sent.TrunkIp1);
    // single-route answers may show IpWhiteList [] (every vendor example does: a warning, R-ip-whitelist-echo); the
    // account's route list shows the addresses sent (vendor GET /v1.0/account/voice/routes example): there they must be
    const aid = ledger.id('AID');
    const op = 'GET /v1.0/account/voice/routes';
    const listed = await readUntilListed(
      api,
      async () => {
        const list = await ok(api, op, aid ? { query: { AccountId: aid } } : {});
        return (Array.isArray(list.Results) ? list.Results : []) as Json[];
      },
      (x) => x?.CallRouteId === id,
    );
    const entry = listed.found as Json; // undefined when never listed: the expect below fails first
    expect(entry, "the Account's voice routes include the new CRID").toBeTruthy();
    warnListLag(listed, op, id, 'POST /v1.0/voice/routes');
    expectConformant(
      semantics.readbackMismatch({ op: 'POST /v1.0/voice/routes', fields: { IpWhitelist: sent.IpWhitelist }, identity: `CallRouteId:${id}` }, entry, op),
      "the Account's voice route list carries the IP allow-list written",
    );
  });

  test('refuses: no token, a token scoped elsewhere, an unknown CRID, a missing RouteType, a bad RouteType', async ({ api, ledger }) => {
    await authNegatives(api, 'GET /v1.0/voice/routes', { query: { CallRouteID: ledger.requireId('CRID') } });
    // seed 003 §11: 404 "the resource identified by the ID in your request does not exist" — never another route
    const unknown = unknownIdLike(ledger.requireId('CRID'));
    await refused(api, 'GET /v1.0/voice/routes', [404, 400], { query: { CallRouteID: unknown } }, 'for an unknown CRID (check voice-route.unknown-id)');
    await refused(api, 'POST /v1.0/voice/routes', [400], { body: { RouteName: 'x' } }, 'without the required RouteType');
    // seed 003 §4.2: three RouteType values (vendor enum Trunk | URL | Forward); seed 003 §11: 400 for an invalid value
    await refusedCreate(
      { api, ledger, meta, book: VOICE_BOOK, op: 'POST /v1.0/voice/routes' },
      [400],
      { ...invalidBase(ledger), RouteType: 'SIP' },
      'with RouteType SIP (check voice-route.type-enum)',
    );
  });

  test('refuses a trunk on a transport outside UDP | TCP | TLS, a voice callback method outside GET | POST', async ({ api, ledger }) => {
    // vendor enum TrunkTransport1 UDP | TCP | TLS: a trunk kept on another transport is one the SBC cannot reach
    const body = { ...invalidBase(ledger), TrunkTransport1: 'SCTP' };
    await refusedCreate(
      { api, ledger, meta, book: VOICE_BOOK, op: 'POST /v1.0/voice/routes' },
      [400],
      body,
      'with TrunkTransport1 SCTP (check voice-route.transport-enum)',
    );
    // vendor enum CallbackVoiceUrlMethod GET | POST: voice events sent with another method are refused by the partner
    const callback = { ...invalidBase(ledger), CallbackVoiceUrl: 'https://partner.example/voice-events', CallbackVoiceUrlMethod: 'PUT' };
    await refusedCreate(
      { api, ledger, meta, book: VOICE_BOOK, op: 'POST /v1.0/voice/routes' },
      [400],
      callback,
      'with CallbackVoiceUrlMethod PUT (check voice-route.callback-method-enum)',
    );
  });
});

/** a Trunk route but for the one invalid value a refusal test sets (no IP allow-list: it must never serve traffic) */
function invalidBase(ledger: Ledger): Json {
  return {
    RouteName: runLabel(ledger, 'sip-trunk-invalid'),
    RouteType: 'Trunk',
    TrunkIp1: '192.0.2.10',
    TrunkPort1: '5060',
    TrunkTransport1: 'UDP',
    TrunkEnabled1: false,
    RouteEnabled: false,
    ...(ledger.id('AID') ? { AccountId: ledger.id('AID') } : {}),
  };
}
