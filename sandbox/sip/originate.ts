/**
 * A simulated PSTN caller dials a sandbox-hosted number (checklist item 16 without a second hosted number): the
 * hairpin's B leg alone, towards the number's voice-route trunk; held `holdMs` after the answer, then BYE.
 */
import { newTag, toE164 } from '../../protocol/sip/message';
import { byeLeg, endCall, finishLeg } from './calls';
import type { Call, Leg, SbcContext } from './context';
import { startHairpin } from './hairpin';
import { pickTrunk, resolve } from './routing';
import type { OriginateResult, ResolvedNumber, TrunkView } from './types';

export interface OriginateRequest {
  from: string;
  to: string;
  holdMs?: number;
  timeoutMs?: number;
}

const result = (r: Partial<OriginateResult>): OriginateResult => ({ connected: false, status: null, callId: '', ...r });

/** the hosted callee and its trunk, or why no INVITE can be sent */
function calleeOf(sbc: SbcContext, o: OriginateRequest): { to: string; target: ResolvedNumber; trunk: TrunkView } | { error: string } {
  const to = toE164(o.to);
  if (!to) return { error: `callee ${o.to} is not a telephone number` };
  const target = resolve(sbc, to);
  if (!target) return { error: `${to} is not a sandbox-hosted number` };
  const route = target.voiceRoute;
  if (target.status && target.status !== 'Active') return { error: `${to} is ${target.status}` };
  if (!route || !route.enabled) return { error: `${to} has no enabled voice route` };
  if (sbc.now() < target.effectiveAt) return { error: `route assignment of ${to} not yet effective (in ${target.effectiveAt - sbc.now()} ms)` };
  if (route.routeType !== 'Trunk') return { error: `voice route ${route.callRouteId} is ${route.routeType}, not Trunk` };
  const trunk = pickTrunk(sbc, route.trunks);
  if (!trunk) return { error: `voice route ${route.callRouteId} has no enabled UDP/TCP trunk` };
  return { to, target, trunk };
}

/** once the callee answered, hang up after `hold` ms */
function holdThenHangUp(sbc: SbcContext, call: Call, hold: number) {
  const watch = setInterval(() => {
    if (call.state === 'answered' && call.b?.answer) {
      clearInterval(watch);
      call.timers.push(
        setTimeout(() => {
          if (call.state !== 'answered') return;
          byeLeg(sbc, call.b!);
          finishLeg(sbc, call, call.b!, 200, 'answered');
          finishLeg(sbc, call, call.a, 200, 'answered');
          endCall(sbc, call);
        }, hold),
      );
    } else if (call.state === 'ended') clearInterval(watch);
  }, 10);
  call.timers.push(watch); // cleared with clearTimeout on the call's end (Node: one timer kind)
}

export function originateCall(sbc: SbcContext, o: OriginateRequest): Promise<OriginateResult> {
  const from = toE164(o.from) ?? o.from;
  const callee = calleeOf(sbc, o);
  if ('error' in callee) return Promise.resolve(result({ error: callee.error }));
  const { to, target, trunk } = callee;
  const seq = ++sbc.callSeq;
  const a: Leg = {
    legId: `${seq}a`,
    sipCallId: `pstn-${seq}`,
    direction: 'outbound',
    from,
    to,
    peer: { host: '0.0.0.0', port: 0 },
    localTag: newTag(),
    localUri: '',
    remoteUri: '',
    cseq: 1,
    start: sbc.now(),
    ended: false,
    virtual: true,
  };
  const call: Call = { id: `CALL-${sbc.now().toString(36)}-${seq}`, kind: 'hairpin', a, timers: [], cancelled: false, state: 'proceeding' };
  sbc.stats.activeCalls++;
  return new Promise((done) => {
    call.onEnd = () => {
      const b = call.b!;
      const durationMs = b.answer && b.end ? b.end - b.answer : 0;
      done(result({ connected: !!b.answer, status: b.final ?? null, callId: call.id, sipCallId: b.sipCallId, requestUri: b.invite?.uri, durationMs }));
    };
    startHairpin(sbc, call, target, trunk, { kind: 'request', method: 'INVITE', uri: '', headers: [], body: '' }, o.timeoutMs);
    holdThenHangUp(sbc, call, o.holdMs ?? 1000);
  });
}
