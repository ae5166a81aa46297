/** The simulated PSTN callee: 180 after ringMs, 200 after answerMs (from the INVITE). */
import { sdp } from '../../protocol/sip/message';
import { answerA, callEvent, reply } from './calls';
import type { Call, SbcContext } from './context';

export function startPstn(sbc: SbcContext, call: Call) {
  const a = call.a;
  const { ringMs, answerMs } = sbc.settings;
  call.timers.push(
    setTimeout(() => {
      if (call.state !== 'proceeding') return;
      // benign sip-wire-variants: early media — 183 Session Progress with SDP instead of 180 (RFC 3261 §13.3.1.1, RFC 3960)
      if (sbc.drift('sip-wire-variants')) reply(sbc, a.invite!, a.peer, 183, { toTag: a.localTag, body: sdp(sbc.ep.host, 40000 + (sbc.callSeq % 1000) * 2) });
      else reply(sbc, a.invite!, a.peer, 180, { toTag: a.localTag });
      callEvent(sbc, call, a, 'ringing');
    }, ringMs),
    setTimeout(
      () => {
        if (call.state !== 'proceeding') return;
        call.state = 'answered';
        a.answer = sbc.now();
        // drift outbound-answer-without-sdp: the PSTN call is answered with no SDP (no media path: silence)
        answerA(sbc, call, sbc.drift('outbound-answer-without-sdp') ? '' : sdp(sbc.ep.host, 40000 + (sbc.callSeq % 1000) * 2));
        callEvent(sbc, call, a, 'answered');
      },
      Math.max(answerMs, ringMs + 1),
    ),
  );
}
