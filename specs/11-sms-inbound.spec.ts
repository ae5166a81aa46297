import { test, expect, expectConformant, itemDescribe } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { create, ok, runLabel } from '../helpers/steps';
import { PEER_ROUTE_SUFFIX } from '../helpers/inbox/inbound';
import { ROUTE_WEBHOOK_METHOD, dlrArrival, longUnicodeText, segmentCountFindings, waitForInbound } from '../helpers/messaging';
import { readInboundDetails } from '../helpers/inbound-details';
import { markReceived, sendOrResume, settleAwaited, skipStepPassedEarlier, stepPassed, type Outgoing } from '../helpers/awaited-message';

export const meta = defineItem({
  id: '11',
  title: 'Inbound SMS received on partner webhook with correct JSON schema.',
  owner: 'Partner',
  section: 'Intelligent Messaging',
  scope: ['core'],
  saves: [],
  dependsOn: ['7'],
  waits: ['webhook'],
  description:
    "An SMS to number B arrives on B's Message Route MessageUrl with the route's Basic auth, in the Phase 2 schema (Message_ID, Owner, To, From, Message_Body, Segment), with the right values, exactly once after de-duplication by Message_ID. A 200-character text with characters outside GSM-7 (UCS-2, 3 segments) arrives whole: one post with the same Message_Body, not a post per segment nor \"?\" for what GSM-7 lacks, and a Segment that counts its segments (R-sms-segment-count). Moved to a Message Route of its own, B gets an SMS from A on that route's MessageUrl, not on the sender's, and its delivery report comes to the sender's route's CallbackMessageUrl, not B's (seed 003 §4.1). The older documented shape (MessageId, From, To, Text, Timestamp, Direction) passes with a warning (R-webhook-inbound-shape).",
});

/** A message of this item: its inbound post is awaited (a --resume of the item pending on it takes it up: R-resume-awaited-message). */
const outgoing = (step: string, from: string, to: string, text: string): Outgoing => ({
  item: meta.id,
  step,
  kind: 'inbound',
  awaits: step === 'own-route' ? 'the inbound post and its delivery report' : 'the inbound post',
  from,
  to,
  text,
});

itemDescribe(meta, () => {
  test("B receives A's SMS on its MessageUrl in the Phase 2 schema", async ({ api, ledger, inbox, hooks, config, evidence, target }) => {
    const a = ledger.requireId('NUMBER_A');
    const b = ledger.requireId('NUMBER_B');
    skipStepPassedEarlier(ledger, config, meta.id, 'inbound');
    const deps = { api, ledger, config, inbox, evidence };
    const { sent, after, resumed } = await sendOrResume(deps, outgoing('inbound', a, b, `cert ${ledger.runId.slice(0, 8)} inbound ${Date.now()}`));
    const inbound = await waitForInbound(inbox, hooks, config, sent, b, after, evidence, 'inbound-sms', hooks.inboundSms, !!target.controls, resumed);
    settleAwaited(ledger, meta.id, 'inbound');
    // the post in Phase 2 field names; the older documented shape has no Owner / Segment (its warning says so)
    const p = inbound.payload;
    expect(p.From, 'From is the sender').toBe(a);
    expect(p.To, 'To is the receiving number').toBe(b);
    if (inbound.shape === 'phase2') {
      expect(p.Owner, 'Owner is the Telegent number that received it').toBe(b);
      expect(Number(p.Segment), 'a short text is one segment (a digit string is a schema warning)').toBe(1);
    }
    ledger.setData('smsInbound', { messageId: p.Message_ID, outboundId: sent.messageId, from: a, to: b, receivedAt: inbound.receivedAt });
    // the message received reads back by the id its post named, as an inbound message from A to B
    if (typeof p.Message_ID === 'string')
      expectConformant(await readInboundDetails(api, p.Message_ID, { from: a, to: b }), 'the received message reads back through message/details');
    stepPassed(ledger, meta.id, 'inbound', sent.messageId);
  });

  const LONG_TEXT = 'a long text with characters outside GSM-7 arrives whole: one post, the same Message_Body, its segments counted';
  test(LONG_TEXT, async ({ api, ledger, inbox, hooks, config, evidence, target }) => {
    const [a, b] = [ledger.requireId('NUMBER_A'), ledger.requireId('NUMBER_B')];
    skipStepPassedEarlier(ledger, config, meta.id, 'long');
    // 200 characters in UCS-2: a concatenated SMS of 3 segments (billable: sent once per run)
    const { sent, after, resumed } = await sendOrResume({ api, ledger, config, inbox, evidence }, outgoing('long', a, b, longUnicodeText(ledger.runId)));
    // matched on the exact text: a post per segment, or "?" for what GSM-7 lacks, matches nothing (the time-out names them)
    const inbound = await waitForInbound(inbox, hooks, config, sent, b, after, evidence, 'inbound-sms', hooks.inboundSms, !!target.controls, resumed);
    settleAwaited(ledger, meta.id, 'long');
    expect(inbound.payload.Message_Body, 'Message_Body is the text sent, whole and unaltered').toBe(sent.text);
    if (inbound.shape === 'phase2') expectConformant(segmentCountFindings(sent.text, inbound.payload.Segment), 'Segment counts the segments of a long text');
    stepPassed(ledger, meta.id, 'long', sent.messageId);
  });

  const OWN_ROUTE = "an SMS to B on a Message Route of its own arrives at that route's MessageUrl, not at the sender's";
  test(OWN_ROUTE, async ({ api, ledger, inbox, hooks, config, evidence, target }) => {
    const a = ledger.requireId('NUMBER_A');
    const b = ledger.requireId('NUMBER_B');
    skipStepPassedEarlier(ledger, config, meta.id, 'own-route');
    // the inbound post goes to the RECEIVING number's route (seed 003 §4.1: MessageUrl, where inbound SMS/MMS payloads
    // are delivered; Phase 2: Owner, the Telegent number that received it) — with A and B on one route it cannot show
    const peerUrl = `${hooks.inboundSms}${PEER_ROUTE_SUFFIX}`;
    const route = await create(api, ledger, meta, {
      kind: 'message-route',
      op: 'POST /v1.0/message/routes',
      body: {
        RouteName: runLabel(ledger, 'sms-route-peer'),
        MessageUrl: peerUrl,
        MessageUrlMethod: ROUTE_WEBHOOK_METHOD,
        MessageRouteEnabled: true,
        MessageAuthenticationType: 'Basic',
        MessageUsername: hooks.inboundAuth.username,
        MessagePasswordToken: hooks.inboundAuth.password,
        CallbackMessageUrl: `${hooks.status}${PEER_ROUTE_SUFFIX}`,
        CallbackMessageUrlMethod: ROUTE_WEBHOOK_METHOD,
        CallbackMessageAuthenticationType: 'Bearer',
        CallbackMessagePasswordToken: hooks.callbackBearer,
        ...(ledger.id('AID') ? { AccountId: ledger.id('AID') } : {}),
      },
      idField: 'MessageRouteId',
      idKind: 'messageRoute',
      cleanup: (id) => ({ op: 'POST /v1.0/message/routes/delete', body: { MessageRouteId: id } }),
      cleanupOrder: 30,
    });
    await ok(api, 'POST /v1.0/numbers/update', { body: { Number: b, MessageRouteId: route.MessageRouteId } });
    try {
      const text = `cert ${ledger.runId.slice(0, 8)} own route ${Date.now()}`;
      const { sent, after, resumed, received } = await sendOrResume({ api, ledger, config, inbox, evidence }, outgoing('own-route', a, b, text));
      if (!received.has('inbound')) {
        const inbound = await waitForInbound(inbox, hooks, config, sent, b, after, evidence, 'inbound-sms', peerUrl, !!target.controls, resumed);
        expect(inbound.payload.To, "the post on B's route is for B").toBe(b);
        markReceived(ledger, meta.id, 'own-route', 'inbound');
      }
      // and the delivery report goes to the SENDER's route's CallbackMessageUrl (seed 003 §4.1: A's route, not B's);
      // what the report says, and its auth, are item 10's
      await dlrArrival(inbox, hooks, config, sent, after, evidence, !!target.controls, resumed);
      settleAwaited(ledger, meta.id, 'own-route');
      stepPassed(ledger, meta.id, 'own-route', sent.messageId);
    } finally {
      // B goes back to the run's route (items 12 and later expect it there); the second route is deleted by the cleanup
      await ok(api, 'POST /v1.0/numbers/update', { body: { Number: b, MessageRouteId: ledger.requireId('MRID') } });
    }
  });
});
