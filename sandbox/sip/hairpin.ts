/**
 * Hairpin: a call to a sandbox-hosted number becomes a NEW INVITE (inbound leg, B) to the callee's voice-route
 * trunk, in the agreed Request-URI format with the agreed custom headers (drift: sip-wrong-request-uri,
 * sip-missing-agreed-header); its progress and final answer are relayed to the caller (A leg).
 */
import { peerStr, type Peer } from '../../protocol/sip/endpoint';
import {
  getHeader,
  newCallId,
  newTag,
  parseCSeq,
  parseNameAddr,
  parseUri,
  sdp,
  tagOf,
  type Header,
  type SipRequest,
  type SipResponse,
} from '../../protocol/sip/message';
import { answerA, byeLeg, callEvent, dispositionOf, endCall, finishLeg, reply, viaOf } from './calls';
import { ALLOW, SERVER, type Call, type Leg, type SbcContext } from './context';
import { edgeRecordRoute } from './edge';
import type { ResolvedNumber, TrunkView } from './types';

function formatRuri(sbc: SbcContext, e164: string, trunk: TrunkView): string {
  let fmt = sbc.settings.uriFormat;
  if (sbc.drift('sip-wrong-request-uri')) fmt = fmt === 'e164' ? 'national' : 'e164';
  let national = e164.replace(/^\+1/, '');
  // benign sip-ruri-visual-separators: the user part with RFC 3966 visual separators (+1-201-555-0100)
  if (sbc.drift('sip-ruri-visual-separators')) {
    national = national.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1-$2-$3');
    e164 = `+1-${national}`;
  }
  return fmt === 'e164' ? `sip:${e164}@${trunk.ip}:${trunk.port};user=phone` : `sip:${national}@${trunk.ip}:${trunk.port}`;
}

/** the B leg and its INVITE towards the trunk */
function openLegB(sbc: SbcContext, call: Call, target: ResolvedNumber, trunk: TrunkView, inReq: SipRequest): Leg {
  const a = call.a;
  const peer: Peer = { host: trunk.ip, port: trunk.port, transport: trunk.transport === 'TCP' ? 'TCP' : 'UDP' };
  const sipCallId = newCallId(sbc.ep.host);
  // drift inbound-invite-caller-is-callee: the caller ID is replaced by the called DID
  const fromUri = `<sip:${sbc.drift('inbound-invite-caller-is-callee') ? a.to : a.from}@${sbc.self};user=phone>`;
  const toUri = `<sip:${a.to}@${trunk.ip}:${trunk.port};user=phone>`;
  const b: Leg = {
    legId: `${sbc.callSeq}b`,
    sipCallId,
    direction: 'inbound',
    from: a.from,
    to: a.to,
    peer,
    localTag: newTag(),
    localUri: fromUri,
    remoteUri: toUri,
    cseq: 1,
    recordRoute: edgeRecordRoute(sbc),
    resolved: target,
    start: sbc.now(),
    ended: false,
  };
  call.b = b;
  sbc.calls.set(sipCallId, { call, side: 'b' });
  const headers: Header[] = [
    ['Via', viaOf(sbc)],
    ['Max-Forwards', '69'],
    ['From', `${fromUri};tag=${b.localTag}`],
    ['To', toUri],
    ['Call-ID', sipCallId],
    ['CSeq', `${b.cseq++} INVITE`],
    ['Contact', sbc.contact],
    ['User-Agent', SERVER],
    ['Allow', ALLOW],
  ];
  if (b.recordRoute) headers.push(['Record-Route', b.recordRoute]); // benign sip-edge-record-route (RFC 3261 §16.6)
  if (!sbc.drift('sip-missing-agreed-header')) for (const [k, v] of Object.entries(sbc.settings.agreed)) headers.push([k, v]);
  const body = inReq.body || sdp(sbc.ep.host, 41000 + (sbc.callSeq % 1000) * 2);
  headers.push(['Content-Type', 'application/sdp']);
  b.invite = { kind: 'request', method: 'INVITE', uri: formatRuri(sbc, a.to, trunk), headers, body };
  return b;
}

/** 180/183 from the trunk: relayed once to the caller */
function onRinging(sbc: SbcContext, call: Call, b: Leg, res: SipResponse) {
  const a = call.a;
  b.remoteTag = tagOf(getHeader(res, 'To')) ?? b.remoteTag;
  if (!a.virtual) reply(sbc, a.invite!, a.peer, res.status, { toTag: a.localTag, body: res.status === 183 ? res.body : undefined });
  callEvent(sbc, call, a, 'ringing');
  callEvent(sbc, call, b, 'ringing');
}

/** Timer B-ish: nothing final from the trunk */
function onNoAnswer(sbc: SbcContext, call: Call, b: Leg, timeoutMs: number) {
  const a = call.a;
  sbc.log(`call ${call.id}: hairpin leg timed out after ${timeoutMs} ms`);
  if (call.state !== 'proceeding') return;
  void sbc.ep.cancel(b.invite!, b.peer);
  if (!a.virtual) reply(sbc, a.invite!, a.peer, 408, { toTag: a.localTag });
  finishLeg(sbc, call, b, 408, 'no-answer');
  finishLeg(sbc, call, a, 408, 'no-answer');
  endCall(sbc, call);
}

/** 2xx from the trunk: ACK it ourselves (B2BUA: each leg is its own dialog), answer the caller */
function onAnswered(sbc: SbcContext, call: Call, b: Leg, res: SipResponse) {
  const invite = b.invite!;
  b.remoteTag = tagOf(getHeader(res, 'To'));
  b.remoteTarget = getHeader(res, 'Contact');
  const tgt = parseUri(parseNameAddr(b.remoteTarget ?? '')?.uri ?? '')?.raw ?? invite.uri;
  const ack: SipRequest = {
    kind: 'request',
    method: 'ACK',
    uri: tgt,
    body: '',
    headers: [
      ['Via', viaOf(sbc)],
      ['Max-Forwards', '70'],
      ['From', `${b.localUri};tag=${b.localTag}`],
      ['To', getHeader(res, 'To')!],
      ['Call-ID', b.sipCallId],
      ['CSeq', `${parseCSeq(getHeader(invite, 'CSeq')!)!.seq} ACK`],
    ],
  };
  // drift sip-2xx-not-acked: the ACK for the trunk's 200 OK is never sent (the partner SBC ends the call after 64·T1)
  if (!sbc.drift('sip-2xx-not-acked')) sbc.ep.send(ack, b.peer);
  if (call.state !== 'proceeding') {
    // cancelled meanwhile but the callee answered: hang the B leg up
    b.answer = sbc.now();
    byeLeg(sbc, b);
    finishLeg(sbc, call, b, 200, 'answered');
    return;
  }
  call.state = 'answered';
  call.a.answer = b.answer = sbc.now();
  answerA(sbc, call, res.body || sdp(sbc.ep.host, 42000));
  callEvent(sbc, call, call.a, 'answered');
  callEvent(sbc, call, b, 'answered');
}

/** non-2xx final (ACKed by the endpoint): relay the status to the caller */
function onRefused(sbc: SbcContext, call: Call, b: Leg, res: SipResponse) {
  const a = call.a;
  if (call.state !== 'proceeding') return finishLeg(sbc, call, b, res.status, dispositionOf(res.status));
  const st = call.cancelled ? 487 : res.status;
  if (!a.virtual) reply(sbc, a.invite!, a.peer, st, { toTag: a.localTag, reason: call.cancelled ? undefined : res.reason });
  finishLeg(sbc, call, b, res.status, dispositionOf(res.status));
  finishLeg(sbc, call, a, st, dispositionOf(st));
  endCall(sbc, call);
}

export function startHairpin(
  sbc: SbcContext,
  call: Call,
  target: ResolvedNumber,
  trunk: TrunkView,
  inReq: SipRequest,
  timeoutMs = sbc.settings.inviteTimeoutMs,
) {
  const b = openLegB(sbc, call, target, trunk, inReq);
  const invite = b.invite!;
  callEvent(sbc, call, b, 'initiated');
  sbc.log(`call ${call.id}: hairpin ${call.a.from} → ${call.a.to} via ${peerStr(b.peer)} (${invite.uri})`);
  let ringing = false;
  const onProvisional = (res: SipResponse) => {
    if (call.state !== 'proceeding') return;
    if ((res.status === 180 || res.status === 183) && !ringing) {
      ringing = true;
      onRinging(sbc, call, b, res);
    }
  };
  void sbc.ep.request(invite, b.peer, { timeoutMs, onProvisional }).then((res) => {
    if (!res) onNoAnswer(sbc, call, b, timeoutMs);
    else if (res.status >= 200 && res.status < 300) onAnswered(sbc, call, b, res);
    else onRefused(sbc, call, b, res);
  });
}
