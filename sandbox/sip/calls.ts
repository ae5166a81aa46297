/**
 * Calls and their legs: answers on a leg, call progress events, a leg's end (event + CDR leg record), a call's end,
 * the 200 OK retransmission towards the caller and BYE on a leg.
 */
import { buildResponse, getHeader, newBranch, newTag, parseNameAddr, parseUri, REASONS, type Header, type SipRequest } from '../../protocol/sip/message';
import type { Peer } from '../../protocol/sip/endpoint';
import { ALLOW, SERVER, type Call, type Leg, type SbcContext } from './context';
import { recordRouteOfCallerLeg } from './edge';
import type { VoiceCallEvent, VoiceCdrLeg } from './types';

export interface ReplyOptions {
  toTag?: string;
  headers?: Header[];
  body?: string;
  reason?: string;
}

export function reply(sbc: SbcContext, req: SipRequest, from: Peer, status: number, o: ReplyOptions = {}) {
  const headers: Header[] = [['Server', SERVER], ...(o.headers ?? [])];
  if (status === 405 || (req.method === 'OPTIONS' && status === 200)) headers.push(['Allow', ALLOW]);
  if (req.method === 'INVITE' && status >= 180 && status < 300) {
    headers.push(['Contact', sbc.contact]);
    // benign sip-edge-record-route: the edge proxy Record-Routes the dialog (RFC 3261 §12.1.1: in the 18x / 2xx)
    const rr = recordRouteOfCallerLeg(sbc, getHeader(req, 'Call-ID') ?? '');
    if (rr) headers.push(['Record-Route', rr]);
  }
  const res = buildResponse(req, status, o.reason ?? REASONS[status] ?? 'Unknown', { toTag: o.toTag ?? newTag(), headers, body: o.body });
  if (o.body) res.headers.push(['Content-Type', 'application/sdp']);
  sbc.ep.respond(req, res, from);
  return res;
}

/** a top Via of a request the SBC sends */
export const viaOf = (sbc: SbcContext) => `SIP/2.0/UDP ${sbc.self};branch=${newBranch()};rport`;

export function callEvent(sbc: SbcContext, call: Call, leg: Leg, status: VoiceCallEvent['status'], extra: Partial<VoiceCallEvent> = {}) {
  const route = leg.resolved?.voiceRoute;
  sbc.emit({
    kind: 'call',
    status,
    callId: call.id,
    sipCallId: leg.sipCallId,
    legId: leg.legId,
    leg: leg === call.a ? 'A' : 'B',
    direction: leg.direction,
    from: leg.from,
    to: leg.to,
    accountId: leg.resolved?.accountId,
    numberId: leg.resolved?.numberId,
    callRouteId: route?.callRouteId,
    callbackVoiceUrl: route?.callbackVoiceUrl,
    at: sbc.now(),
    ...extra,
  });
}

function cdrLegOf(call: Call, leg: Leg, end: number, sipStatus: number, disposition: VoiceCdrLeg['disposition'], durationMs: number): VoiceCdrLeg {
  return {
    type: 'voice',
    callId: call.id,
    sipCallId: leg.sipCallId,
    legId: leg.legId,
    leg: leg === call.a ? 'A' : 'B',
    direction: leg.direction,
    from: leg.from,
    to: leg.to,
    accountId: leg.resolved?.accountId,
    numberId: leg.resolved?.numberId,
    callRouteId: leg.resolved?.voiceRoute?.callRouteId,
    start: leg.start,
    answer: leg.answer,
    end,
    durationMs,
    disposition,
    sipStatus,
    peer: leg.direction === 'inbound' || call.kind === 'hairpin' ? 'trunk' : 'pstn',
  };
}

/** the leg is over: its final call event and its CDR leg (not for the virtual PSTN caller) */
export function finishLeg(sbc: SbcContext, call: Call, leg: Leg, sipStatus: number, disposition: VoiceCdrLeg['disposition']) {
  if (leg.ended) return;
  leg.ended = true;
  const end = (leg.end = sbc.now());
  leg.final = sipStatus;
  if (leg.virtual) return;
  const durationMs = leg.answer ? end - leg.answer : 0;
  const status: VoiceCallEvent['status'] = disposition === 'answered' ? 'completed' : disposition === 'cancelled' ? 'cancelled' : 'failed';
  callEvent(sbc, call, leg, status, { durationMs, sipStatus, at: end });
  sbc.emit({ kind: 'cdr', record: cdrLegOf(call, leg, end, sipStatus, disposition, durationMs) });
}

export function endCall(sbc: SbcContext, call: Call) {
  if (call.state === 'ended') return;
  call.state = 'ended';
  queueMicrotask(() => call.onEnd?.());
  for (const t of call.timers) clearTimeout(t);
  if (call.okRetransmit) clearTimeout(call.okRetransmit);
  sbc.stats.activeCalls = Math.max(0, sbc.stats.activeCalls - 1);
  sbc.stats.completedCalls++;
  setTimeout(() => {
    sbc.calls.delete(call.a.sipCallId);
    if (call.b) sbc.calls.delete(call.b.sipCallId);
  }, 10_000).unref();
}

export const dispositionOf = (status: number): VoiceCdrLeg['disposition'] =>
  status === 487 ? 'cancelled' : status === 486 || status === 600 ? 'busy' : status === 408 || status === 480 ? 'no-answer' : 'failed';

/** both legs over, the call ended (answered call hung up by the SBC) */
function hangUpAnswered(sbc: SbcContext, call: Call) {
  byeLeg(sbc, call.a);
  if (call.b) byeLeg(sbc, call.b);
  finishLeg(sbc, call, call.a, 200, 'answered');
  if (call.b) finishLeg(sbc, call, call.b, 200, 'answered');
  endCall(sbc, call);
}

/** 200 OK towards the A leg, retransmitted (T1 doubling, cap T2) until the ACK arrives */
export function answerA(sbc: SbcContext, call: Call, body: string) {
  const a = call.a;
  if (a.virtual) return;
  const res = reply(sbc, a.invite!, a.peer, 200, { toTag: a.localTag, body });
  let interval = 500;
  let elapsed = 0;
  const again = () => {
    call.okRetransmit = setTimeout(() => {
      if (call.state !== 'answered' || a.peer.transport === 'TCP') return;
      if (elapsed > 32_000) {
        sbc.log(`call ${call.id}: no ACK for 200 OK, ending`);
        return hangUpAnswered(sbc, call);
      }
      sbc.ep.send(res, a.peer);
      elapsed += interval;
      interval = Math.min(interval * 2, 4000);
      again();
    }, interval);
  };
  again();
}

export function byeLeg(sbc: SbcContext, leg: Leg) {
  if (leg.virtual) return;
  const target = leg.remoteTarget ? parseUri(parseNameAddr(leg.remoteTarget)?.uri ?? leg.remoteTarget) : undefined;
  const req: SipRequest = {
    kind: 'request',
    method: 'BYE',
    uri: target?.raw ?? `sip:${leg.peer.host}:${leg.peer.port}`,
    body: '',
    headers: [
      ['Via', viaOf(sbc)],
      ['Max-Forwards', '70'],
      ['From', `${leg.localUri};tag=${leg.localTag}`],
      ['To', `${leg.remoteUri}${leg.remoteTag ? `;tag=${leg.remoteTag}` : ''}`],
      ['Call-ID', leg.sipCallId],
      ['CSeq', `${leg.cseq++} BYE`],
      ['User-Agent', SERVER],
    ],
  };
  void sbc.ep.request(req, leg.peer, { timeoutMs: 8000 }).then((r) => sbc.log(`BYE on ${leg.legId} → ${r ? r.status : 'timeout'}`));
}
