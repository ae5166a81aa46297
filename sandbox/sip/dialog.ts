/**
 * Requests the SBC receives: OPTIONS (drift sip-options-ignored, benign sip-options-answered-404), INVITE (whitelisted
 * sources only; to the simulated PSTN, or hairpinned to a sandbox-hosted number), re-INVITE (488), ACK, BYE, CANCEL,
 * and stray 2xx retransmissions. In-dialog requests that bypass the edge proxy are dropped (benign sip-edge-record-route).
 */
import { peerStr, type Peer } from '../../protocol/sip/endpoint';
import {
  getHeader,
  newTag,
  numberOfUri,
  parseCSeq,
  parseNameAddr,
  parseUri,
  REASONS,
  tagOf,
  toE164,
  type Header,
  type SipRequest,
  type SipResponse,
} from '../../protocol/sip/message';
import { byeLeg, callEvent, dispositionOf, endCall, finishLeg, reply, viaOf } from './calls';
import type { Call, Leg, SbcContext } from './context';
import { bypassesEdge, edgeRecordRoute } from './edge';
import { startHairpin } from './hairpin';
import { startPstn } from './pstn';
import { pickTrunk, resolve, routeOfSource, whitelist } from './routing';

export function onRequest(sbc: SbcContext, req: SipRequest, from: Peer) {
  if (bypassesEdge(sbc, req, from)) return; // benign sip-edge-record-route: lost in reality
  switch (req.method) {
    case 'OPTIONS':
      return onOptions(sbc, req, from);
    case 'INVITE':
      return tagOf(getHeader(req, 'To')) ? onReInvite(sbc, req, from) : onInvite(sbc, req, from);
    case 'ACK':
      return onAck(sbc, req);
    case 'BYE':
      return onBye(sbc, req, from);
    case 'CANCEL':
      return onCancel(sbc, req, from);
    default:
      reply(sbc, req, from, 405);
  }
}

function onOptions(sbc: SbcContext, req: SipRequest, from: Peer) {
  if (sbc.drift('sip-options-ignored')) {
    sbc.stats.optionsIgnored++;
    return;
  }
  sbc.stats.optionsAnswered++;
  // benign sip-options-answered-404: OPTIONS routed by the Request-URI's user part like any request; a keepalive names none
  if (sbc.drift('sip-options-answered-404')) return void reply(sbc, req, from, 404, { reason: 'Not Found - no user in the Request-URI' });
  const headers = [
    ['Accept', 'application/sdp'],
    ['Supported', ''],
    ['Accept-Language', 'en'],
  ].filter(([, v]) => v) as Header[];
  reply(sbc, req, from, 200, { headers });
}

function onReInvite(sbc: SbcContext, req: SipRequest, from: Peer) {
  const ref = sbc.calls.get(getHeader(req, 'Call-ID')!);
  if (!ref || ref.call.state === 'ended') return void reply(sbc, req, from, 481);
  reply(sbc, req, from, 488, { toTag: tagOf(getHeader(req, 'To')) });
}

/** the A leg of a new call from the partner SBC */
function openLegA(sbc: SbcContext, req: SipRequest, from: Peer, caller: string, callee: string, callerRaw: string): Leg {
  const callerRes = resolve(sbc, toE164(callerRaw));
  const srcRoute = routeOfSource(sbc, from.host);
  const fromNa = parseNameAddr(getHeader(req, 'From')!);
  const toNa = parseNameAddr(getHeader(req, 'To')!);
  return {
    legId: `${++sbc.callSeq}a`,
    sipCallId: getHeader(req, 'Call-ID')!,
    direction: 'outbound',
    from: caller,
    to: callee,
    peer: from,
    localTag: newTag(),
    localUri: `<${toNa?.uri ?? req.uri}>`,
    remoteUri: `<${fromNa?.uri ?? 'sip:anonymous@invalid'}>`,
    remoteTag: fromNa?.params.tag,
    remoteTarget: getHeader(req, 'Contact'),
    cseq: 1,
    invite: req,
    recordRoute: edgeRecordRoute(sbc),
    resolved: callerRes ?? (srcRoute ? { accountId: srcRoute.accountId, numberId: '', voiceRoute: srcRoute, effectiveAt: 0 } : undefined),
    start: sbc.now(),
    ended: false,
  };
}

function onInvite(sbc: SbcContext, req: SipRequest, from: Peer) {
  sbc.stats.invites++;
  // drift sip-whitelist-not-enforced: INVITEs from any source are served (the trunks / IpWhitelist never consulted)
  if (!whitelist(sbc).has(from.host) && !sbc.drift('sip-whitelist-not-enforced')) {
    sbc.stats.forbidden++;
    sbc.log(`INVITE from ${peerStr(from)} refused: source not in any voice route's trunks / IpWhitelist`);
    return void reply(sbc, req, from, 403, { reason: 'Forbidden - source not whitelisted' });
  }
  const calleeRaw = parseUri(req.uri)?.user ?? numberOfUri(getHeader(req, 'To'));
  const callee = toE164(calleeRaw);
  const callerRaw = numberOfUri(getHeader(req, 'From')) ?? 'anonymous';
  const caller = toE164(callerRaw) ?? callerRaw;
  if (!callee) return void reply(sbc, req, from, 404, { reason: 'Not Found - callee is not a telephone number' });
  const sipCallId = getHeader(req, 'Call-ID')!;
  if (sbc.calls.has(sipCallId)) return void reply(sbc, req, from, 482, { reason: 'Loop Detected' });
  const a = openLegA(sbc, req, from, caller, callee, callerRaw);
  const call: Call = { id: `CALL-${sbc.now().toString(36)}-${sbc.callSeq}`, kind: 'pstn', a, timers: [], cancelled: false, state: 'proceeding' };
  sbc.calls.set(sipCallId, { call, side: 'a' });
  sbc.stats.activeCalls++;
  reply(sbc, req, from, 100, {});
  callEvent(sbc, call, a, 'initiated');
  routeCall(sbc, call, req, from);
}

/** to the simulated PSTN, or hairpinned to a sandbox-hosted number (refused when that number cannot take it) */
function routeCall(sbc: SbcContext, call: Call, req: SipRequest, from: Peer) {
  const a = call.a;
  const target = resolve(sbc, a.to);
  if (!target) return startPstn(sbc, call);
  const route = target.voiceRoute;
  const fail = (status: number, reason: string) => {
    sbc.log(`call ${call.id} to hosted ${a.to}: ${status} ${reason}`);
    reply(sbc, req, from, status, { toTag: a.localTag, reason: `${REASONS[status]} - ${reason}` });
    finishLeg(sbc, call, a, status, dispositionOf(status));
    endCall(sbc, call);
  };
  if (target.status && target.status !== 'Active') return fail(404, `number is ${target.status}`);
  if (target.voiceEnabled === false) return fail(403, 'voice not enabled on the number');
  // an assignment still propagating answers 480 (R-sip-propagation), even when it is the number's first route
  if (sbc.now() < target.effectiveAt) return fail(480, `route assignment not yet effective (in ${target.effectiveAt - sbc.now()} ms)`);
  if (!route) return fail(404, 'number has no voice route');
  if (!route.enabled) return fail(480, 'voice route disabled');
  if (route.routeType !== 'Trunk') return startPstn(sbc, call); // URL / Forward: answered by the platform
  const trunk = pickTrunk(sbc, route.trunks);
  if (!trunk) return fail(503, 'no enabled UDP/TCP trunk on the voice route (the sandbox only reaches loopback trunks)');
  call.kind = 'hairpin';
  startHairpin(sbc, call, target, trunk, req);
}

function onAck(sbc: SbcContext, req: SipRequest) {
  const ref = sbc.calls.get(getHeader(req, 'Call-ID')!);
  if (!ref) return;
  const { call, side } = ref;
  if (side === 'a' && call.okRetransmit) {
    clearTimeout(call.okRetransmit);
    call.okRetransmit = undefined;
  }
  // benign sip-far-end-hangs-up: the PSTN callee hangs up as soon as the call is up (RFC 3261 §15: either side may)
  if (side === 'a' && call.kind === 'pstn' && call.state === 'answered' && sbc.drift('sip-far-end-hangs-up')) farEndHangsUp(sbc, call);
}

function farEndHangsUp(sbc: SbcContext, call: Call) {
  byeLeg(sbc, call.a);
  finishLeg(sbc, call, call.a, 200, 'answered');
  endCall(sbc, call);
}

/**
 * Whether a BYE on one leg is passed on to the other: drift sip-bye-not-forwarded — the caller's hang-up never reaches
 * the partner SBC's leg; drift sip-callee-bye-not-forwarded — the partner SBC's hang-up never reaches the caller's leg
 * (each stays up, a hung channel).
 */
function byeForwarded(sbc: SbcContext, side: 'a' | 'b'): boolean {
  if (side === 'a') return !sbc.drift('sip-bye-not-forwarded');
  return !sbc.drift('sip-callee-bye-not-forwarded');
}

function onBye(sbc: SbcContext, req: SipRequest, from: Peer) {
  const ref = sbc.calls.get(getHeader(req, 'Call-ID')!);
  if (!ref || ref.call.state === 'ended') return void reply(sbc, req, from, 481, { toTag: tagOf(getHeader(req, 'To')) });
  const { call, side } = ref;
  // drift sip-bye-unanswered: the partner SBC's BYE on a PSTN call is never answered (the call is never released)
  if (side === 'a' && call.kind === 'pstn' && sbc.drift('sip-bye-unanswered')) return;
  reply(sbc, req, from, 200, { toTag: tagOf(getHeader(req, 'To')) });
  if (call.okRetransmit) clearTimeout(call.okRetransmit);
  const here = side === 'a' ? call.a : call.b!;
  const other = side === 'a' ? call.b : call.a;
  finishLeg(sbc, call, here, 200, here.answer ? 'answered' : 'cancelled');
  if (other && !other.ended) {
    if (byeForwarded(sbc, side)) byeLeg(sbc, other);
    finishLeg(sbc, call, other, 200, other.answer ? 'answered' : 'cancelled');
  }
  endCall(sbc, call);
}

function onCancel(sbc: SbcContext, req: SipRequest, from: Peer) {
  const ref = sbc.calls.get(getHeader(req, 'Call-ID')!);
  if (!ref || ref.side !== 'a') return void reply(sbc, req, from, 481);
  const { call } = ref;
  reply(sbc, req, from, 200, { toTag: call.a.localTag });
  if (call.state !== 'proceeding') return; // too late: final already sent
  call.cancelled = true;
  reply(sbc, call.a.invite!, call.a.peer, 487, { toTag: call.a.localTag });
  if (call.b?.invite) {
    // drift sip-cancel-not-forwarded: the caller's CANCEL is answered but never passed to the callee's leg (it rings on)
    if (!sbc.drift('sip-cancel-not-forwarded')) void sbc.ep.cancel(call.b.invite, call.b.peer);
    finishLeg(sbc, call, call.b, 487, 'cancelled');
  }
  finishLeg(sbc, call, call.a, 487, 'cancelled');
  endCall(sbc, call);
}

/** 2xx retransmission on a B leg whose ACK got lost: ACK it again */
export function onStrayResponse(sbc: SbcContext, res: SipResponse, from: Peer) {
  const cseq = parseCSeq(getHeader(res, 'CSeq')!);
  if (cseq?.method !== 'INVITE' || res.status < 200 || res.status >= 300) return;
  const ref = sbc.calls.get(getHeader(res, 'Call-ID')!);
  if (!ref || ref.side !== 'b' || sbc.drift('sip-2xx-not-acked')) return;
  const b = ref.call.b!;
  const uri = parseUri(parseNameAddr(getHeader(res, 'Contact') ?? '')?.uri ?? '')?.raw ?? b.invite!.uri;
  const headers: Header[] = [
    ['Via', viaOf(sbc)],
    ['Max-Forwards', '70'],
    ['From', getHeader(res, 'From')!],
    ['To', getHeader(res, 'To')!],
    ['Call-ID', b.sipCallId],
    ['CSeq', `${cseq.seq} ACK`],
  ];
  sbc.ep.send({ kind: 'request', method: 'ACK', uri, body: '', headers }, from);
}
