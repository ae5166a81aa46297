/** The simulated PSTN callee: 180 after ringMs, 200 after answerMs (from the INVITE). */
import { sdp } from '../../protocol/sip/message';
import { answerA, callEvent, endCall, finishLeg, reply } from './calls';
import type { Call, SbcContext } from './context';

const mediaPort = (sbc: SbcContext) => 40000 + (sbc.callSeq % 1000) * 2;

/** the callee alerting: 180, or 183 with SDP (early media); nothing when it answers at once */
function ring(sbc: SbcContext, call: Call) {
  const a = call.a;
  if (call.state !== 'proceeding') return;
  // benign sip-answer-without-ringing: answered at once, no 180 / 183 (RFC 3261 §13.3.1.1: provisionals are optional)
  if (sbc.drift('sip-answer-without-ringing')) return;
  // benign sip-wire-variants: early media — 183 Session Progress with SDP instead of 180 (RFC 3261 §13.3.1.1, RFC 3960)
  if (sbc.drift('sip-wire-variants')) reply(sbc, a.invite!, a.peer, 183, { toTag: a.localTag, body: sdp(sbc.ep.host, mediaPort(sbc)) });
  else reply(sbc, a.invite!, a.peer, 180, { toTag: a.localTag });
  callEvent(sbc, call, a, 'ringing');
}

/** the callee picks up (drift sip-pstn-not-answered: it rings out, 480) */
function pickUp(sbc: SbcContext, call: Call) {
  const a = call.a;
  if (call.state !== 'proceeding') return;
  if (sbc.drift('sip-pstn-not-answered')) {
    reply(sbc, a.invite!, a.peer, 480, { toTag: a.localTag });
    finishLeg(sbc, call, a, 480, 'no-answer');
    return endCall(sbc, call);
  }
  call.state = 'answered';
  a.answer = sbc.now();
  // drift outbound-answer-without-sdp: the PSTN call is answered with no SDP (no media path: silence)
  answerA(sbc, call, sbc.drift('outbound-answer-without-sdp') ? '' : sdp(sbc.ep.host, mediaPort(sbc)));
  callEvent(sbc, call, a, 'answered');
}

export function startPstn(sbc: SbcContext, call: Call) {
  const { ringMs, answerMs } = sbc.settings;
  call.timers.push(
    setTimeout(() => ring(sbc, call), ringMs),
    setTimeout(() => pickUp(sbc, call), Math.max(answerMs, ringMs + 1)),
  );
}
