/**
 * The agent as the called side: answers OPTIONS 200 (recorded: item 14, Telegent → partner), answers INVITEs
 * 100 / 180 / 200 (recorded for waitForInvite: item 16), handles ACK / BYE / CANCEL; re-INVITE 488, others 405.
 */
import { peerStr, type Peer } from '../../protocol/sip/endpoint';
import {
  buildResponse,
  getHeader,
  newTag,
  parseNameAddr,
  parseUri,
  REASONS,
  sdp,
  tagOf,
  toLine,
  type Header,
  type SipRequest,
} from '../../protocol/sip/message';
import { ALLOW, headerRecord, later, linesOf, notify, type AgentContext, type Dialog } from './context';
import { routeSetOf } from './route';
import type { InboundInvite } from './types';

type Respond = (status: number, o?: { toTag?: string; headers?: Header[]; body?: string }) => ReturnType<typeof buildResponse>;

function responder(ag: AgentContext, req: SipRequest, from: Peer): Respond {
  return (status, o = {}) => {
    const hs: Header[] = [['Server', ag.ua], ...(o.headers ?? [])];
    const res = buildResponse(req, status, REASONS[status] ?? 'Unknown', { toTag: o.toTag ?? newTag(), headers: hs, body: o.body });
    if (o.body) res.headers.push(['Content-Type', 'application/sdp']);
    ag.ep.respond(req, res, from);
    return res;
  };
}

export function onRequest(ag: AgentContext, req: SipRequest, from: Peer) {
  const callId = getHeader(req, 'Call-ID')!;
  const respond = responder(ag, req, from);
  switch (req.method) {
    case 'OPTIONS':
      return onOptions(ag, req, from, respond);
    case 'INVITE':
      if (tagOf(getHeader(req, 'To'))) return void respond(488, { toTag: tagOf(getHeader(req, 'To')) }); // no re-INVITE support
      return onInvite(ag, req, from, respond);
    case 'ACK': {
      const d = ag.dialogs.get(callId);
      if (d) d.acked = true;
      return;
    }
    case 'BYE':
      return onBye(ag, req, respond);
    case 'CANCEL':
      return onCancel(ag, req, from, respond);
    default:
      respond(405, { headers: [['Allow', ALLOW]] });
  }
}

function onOptions(ag: AgentContext, req: SipRequest, from: Peer, respond: Respond) {
  respond(200, {
    headers: [
      ['Allow', ALLOW],
      ['Accept', 'application/sdp'],
    ],
  });
  ag.options.push({ at: Date.now(), source: peerStr(from), requestUri: req.uri, headers: headerRecord(req.headers), line: toLine('recv', req, peerStr(from)) });
  if (ag.options.length > 1000) ag.options.shift();
  notify(ag);
}

function onInvite(ag: AgentContext, req: SipRequest, from: Peer, respond: Respond) {
  const callId = getHeader(req, 'Call-ID')!;
  const fromNa = parseNameAddr(getHeader(req, 'From')!);
  const toNa = parseNameAddr(getHeader(req, 'To')!);
  const d: Dialog = {
    callId,
    role: 'uas',
    peer: from,
    localUri: `<${toNa?.uri ?? req.uri}>`,
    localTag: newTag(),
    remoteUri: `<${fromNa?.uri ?? 'sip:unknown@invalid'}>`,
    remoteTag: fromNa?.params.tag,
    remoteTarget: parseUri(parseNameAddr(getHeader(req, 'Contact') ?? '')?.uri ?? '')?.raw ?? `sip:${peerStr(from)}`,
    routeSet: routeSetOf(req, 'uas'), // RFC 3261 §12.1.1: the INVITE's Record-Route, in order
    cseq: 1,
    up: false,
  };
  ag.dialogs.set(callId, d);
  respond(100, {});
  const inv: InboundInvite = {
    callId,
    receivedAt: Date.now(),
    source: peerStr(from),
    requestUri: req.uri,
    from: getHeader(req, 'From')!,
    to: getHeader(req, 'To')!,
    headers: headerRecord(req.headers),
    exchange: [],
  };
  Object.defineProperty(inv, 'exchange', { enumerable: true, get: () => linesOf(ag, callId) });
  ag.invites.push(inv);
  notify(ag);
  later(ag, ag.ringMs, () => {
    if (!ag.dialogs.get(callId) || d.up) return;
    respond(180, { toTag: d.localTag, headers: [['Contact', ag.contact]] });
  });
  if (ag.ringOnly?.(inv)) return; // rings unanswered: the caller's CANCEL (or the SBC's timeout) ends it
  later(ag, Math.max(ag.answerMs, ag.ringMs + 1), () => answer(ag, d, from, respond));
}

/** 200 OK, retransmitted until the ACK (T1 doubling, cap T2, 32 s) */
function answer(ag: AgentContext, d: Dialog, from: Peer, respond: Respond) {
  if (ag.dialogs.get(d.callId) !== d || d.cancelled) return;
  d.up = true;
  const ok = respond(200, { toTag: d.localTag, headers: [['Contact', ag.contact]], body: sdp(ag.ep.host, 30000) });
  let interval = 500;
  let elapsed = 0;
  const again = () =>
    later(ag, interval, () => {
      if (d.acked || !d.up || elapsed > 32_000 || from.transport === 'TCP') return;
      ag.ep.send(ok, from);
      elapsed += interval;
      interval = Math.min(interval * 2, 4000);
      again();
    });
  again();
}

function onBye(ag: AgentContext, req: SipRequest, respond: Respond) {
  const d = ag.dialogs.get(getHeader(req, 'Call-ID')!);
  if (!d) return void respond(481, { toTag: tagOf(getHeader(req, 'To')) });
  d.up = false;
  respond(200, { toTag: tagOf(getHeader(req, 'To')) });
  notify(ag);
}

function onCancel(ag: AgentContext, req: SipRequest, from: Peer, respond: Respond) {
  const d = ag.dialogs.get(getHeader(req, 'Call-ID')!);
  if (!d) return void respond(481);
  respond(200, { toTag: d.localTag });
  if (d.up) return;
  d.cancelled = true;
  const invReq = { ...req, method: 'INVITE', headers: req.headers.map(([k, v]) => [k, k === 'CSeq' ? v.replace(/CANCEL/i, 'INVITE') : v] as Header) };
  ag.ep.respond(invReq as SipRequest, buildResponse(invReq, 487, REASONS[487], { toTag: d.localTag }), from);
}
