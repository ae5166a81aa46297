import { test, expect, itemDescribe, warnUnless } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import {
  checkAnswerAcked,
  checkByeForwarded,
  checkCalleeByeForwarded,
  checkCancelForwarded,
  checkInboundInvite,
  visualSeparatorsIn,
  type InboundInvite,
  type SipAgent,
} from '../helpers/sip';
import { pollUntil } from '../helpers/progress';
import { sbcOf } from '../helpers/voice';

export const meta = defineItem({
  id: '16',
  title: 'Inbound call received on the test number. SIP partners verify the Request-URI and headers match the agreed format.',
  owner: 'Partner',
  section: 'Intelligent Voice',
  scope: ['core', 'voice'],
  saves: [],
  dependsOn: ['13'],
  description:
    "A call from number B to the test number A reaches the partner SBC (A's Voice Route trunk) as an INVITE whose Request-URI is in the agreed format and which carries the agreed custom headers (Phase 2: SIP_REQUEST_URI_FORMAT, SIP_AGREED_HEADERS); the partner SBC's 200 OK is ACKed by the Telegent SBC (RFC 3261 §13.2.2.4 — without it the partner SBC ends the call after 32 s); a caller who hangs up before the answer has the ringing leg at the partner SBC cancelled (CANCEL, RFC 3261 §9.2 / §16.10).",
});

itemDescribe(meta, () => {
  test('the INVITE for number A reaches the partner SBC in the agreed format', async ({ sip, target, ledger, testData, evidence }) => {
    const a = ledger.requireId('NUMBER_A');
    const b = ledger.requireId('NUMBER_B');
    const call = sip.placeCall({ target: sbcOf(target), from: b, to: a, timeoutMs: 15_000 });
    const invite = await sip.waitForInvite({ to: a, timeoutMs: 10_000 });
    const res = await call;
    // the partner SBC's 200 OK must be ACKed (RFC 3261 §13.2.2.4): it is retransmitted until then, the ACK follows within seconds
    const acked = await pollUntil(async () => (checkAnswerAcked(invite.exchange).length ? undefined : true), {
      timeoutMs: ACK_WAIT_MS,
      intervalMs: 50,
      label: "the Telegent SBC's ACK for the partner SBC's 200 OK",
    });
    // the caller (B) hangs up: the Telegent SBC ends the partner SBC's leg with a BYE (RFC 3261 §15); then whatever is still up
    const byeForwarded = res.connected ? await callerHangsUp(sip, res.callId, invite) : undefined;
    await sip.hangup().catch(() => undefined);
    evidence.sip('inbound INVITE for A at the partner SBC', invite.exchange, {});
    // the agreed format and headers are Phase 2 agreements: checked when known (configured, or the sandbox's documented ones)
    const format = testData.sipRequestUriFormat;
    const asE164 = checkInboundInvite(invite, { number: a, format: format ?? 'e164', agreedHeaders: testData.sipAgreedHeaders ?? {} });
    const asNational = format ? asE164 : checkInboundInvite(invite, { number: a, format: 'national', agreedHeaders: testData.sipAgreedHeaders ?? {} });
    if (!format) evidence.note('SIP_REQUEST_URI_FORMAT not configured: the Request-URI is accepted in either the E.164 or the national format');
    if (!testData.sipAgreedHeaders) evidence.note('SIP_AGREED_HEADERS not configured: no agreed custom header is checked');
    const problems = asE164.length <= asNational.length ? asE164 : asNational;
    expect(problems, 'Request-URI and agreed headers').toEqual([]);
    // visual separators in the user part: the same number (RFC 3966 §5.1.1), but not the agreed digits-only form
    const separated = visualSeparatorsIn(invite.requestUri);
    warnUnless(!separated, {
      check: 'sip.ruri-visual-separators',
      expected: 'the Request-URI user part in digits only (the agreed format)',
      actual: separated,
      message: `the Request-URI user part "${separated}" carries visual separators: the same number, but a partner SBC matching it as a string may not route it`,
      basis: 'RFC 3966 §5.1.1, RFC 3261 §19.1.6 (visual separators do not change the number); Phase 2 agreed Request-URI format',
    });
    expect(res.connected, 'the inbound call connected end to end').toBe(true);
    expect(acked ? [] : checkAnswerAcked(invite.exchange), "the partner SBC's 200 OK is ACKed (else the call drops after 32 s)").toEqual([]);
    expect(byeForwarded ? [] : checkByeForwarded(invite.exchange), "the caller's hang-up reaches the partner SBC as a BYE").toEqual([]);
    ledger.setData('calls', [
      ...(ledger.getData<any[]>('calls') ?? []),
      { callId: res.callId, from: b, to: a, direction: 'inbound', at: new Date().toISOString() },
    ]);
  });

  test("the partner SBC hangs up an answered inbound call: the BYE reaches the caller's leg", async ({ sip, target, ledger, evidence }) => {
    const a = ledger.requireId('NUMBER_A');
    const since = Date.now();
    const call = sip.placeCall({ target: sbcOf(target), from: ledger.requireId('NUMBER_B'), to: a, timeoutMs: 15_000 });
    const invite = await sip.waitForInvite({ to: a, since, timeoutMs: 10_000 });
    const res = await call;
    expect(res.connected, `the inbound call connected (final status ${res.status} ${res.reason ?? ''})`).toBe(true);
    // the partner SBC hangs up once its 200 OK is ACKed (RFC 3261 §15: the callee may end the session with BYE)
    await pollUntil(async () => (checkAnswerAcked(invite.exchange).length ? undefined : true), {
      timeoutMs: ACK_WAIT_MS,
      intervalMs: 50,
      label: "the Telegent SBC's ACK for the partner SBC's 200 OK",
    });
    await sip.hangup(invite.callId);
    const forwarded = await pollUntil(async () => (checkCalleeByeForwarded(sip.exchange(res.callId)).length ? undefined : true), {
      timeoutMs: BYE_WAIT_MS,
      intervalMs: 50,
      label: "the Telegent SBC's BYE for the caller's leg after the partner SBC hung up",
    });
    await sip.hangup(res.callId).catch(() => undefined); // the caller's leg, when it was left up
    evidence.sip("inbound call for A, the partner SBC hung up: the caller's leg", sip.exchange(res.callId), {});
    expect(
      forwarded ? [] : checkCalleeByeForwarded(sip.exchange(res.callId)),
      "the partner SBC's hang-up reaches the caller as a BYE (sip.callee-bye-forwarded)",
    ).toEqual([]);
  });

  test('a caller who hangs up before the answer: the CANCEL reaches the partner SBC', async ({ sip, target, ledger, evidence }) => {
    const a = ledger.requireId('NUMBER_A');
    const since = Date.now();
    // the partner SBC lets A ring unanswered; the caller (B) hangs up once the INVITE rang there (RFC 3261 §9.1)
    sip.ringOnly(a);
    try {
      const invited = sip.waitForInvite({ to: a, since, timeoutMs: 10_000 });
      const res = await sip.placeCall({ target: sbcOf(target), from: ledger.requireId('NUMBER_B'), to: a, timeoutMs: 15_000, cancelWhen: invited });
      const invite = await invited;
      const cancelled = await pollUntil(async () => (checkCancelForwarded(invite.exchange).length ? undefined : true), {
        timeoutMs: CANCEL_WAIT_MS,
        intervalMs: 50,
        label: "the Telegent SBC's CANCEL for the partner SBC's ringing leg after the caller hung up",
      });
      evidence.sip('inbound INVITE for A, the caller hung up before the answer', invite.exchange, {});
      expect(res.connected, `the cancelled call was not connected (final status ${res.status} ${res.reason ?? ''})`).toBe(false);
      expect(
        cancelled ? [] : checkCancelForwarded(invite.exchange),
        "the caller's CANCEL reaches the partner SBC's ringing leg (sip.cancel-forwarded)",
      ).toEqual([]);
    } finally {
      sip.ringOnly(undefined);
    }
  });
});

/** how long the partner SBC's leg may ring on after the caller hung up (a back-to-back UA passes the CANCEL at once) */
const CANCEL_WAIT_MS = 4_000;

/** how long the partner SBC waits for the ACK of its 200 OK before item 16 fails (its 200 is resent at 0.5, 1.5, 3.5 s) */
const ACK_WAIT_MS = 4_000;

/** how long the partner SBC waits for the BYE of its leg after the caller hung up (a back-to-back UA forwards it at once) */
const BYE_WAIT_MS = 5_000;

/** the caller's BYE on its own leg; true once the partner SBC's leg got the forwarded BYE (check sip.bye-forwarded) */
async function callerHangsUp(sip: SipAgent, callerCallId: string, partnerLeg: InboundInvite): Promise<true | undefined> {
  await sip.hangup(callerCallId).catch(() => undefined);
  return pollUntil(async () => (checkByeForwarded(partnerLeg.exchange).length ? undefined : true), {
    timeoutMs: BYE_WAIT_MS,
    intervalMs: 50,
    label: "the Telegent SBC's BYE for the partner SBC's leg after the caller hung up",
  });
}
