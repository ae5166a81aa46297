/**
 * The agent as the calling side: OPTIONS to the Telegent SBC (item 14, partner → Telegent), calls INVITE / 100 /
 * 180 / 200 / ACK (item 15, post-dial delay and answer time measured) and BYE.
 */
import { peerStr, type Peer } from '../../protocol/sip/endpoint';
import {
  getHeader,
  newBranch,
  newCallId,
  newTag,
  parseNameAddr,
  parseUri,
  sdp,
  tagOf,
  toE164,
  type Header,
  type SipRequest,
  type SipResponse,
} from '../../protocol/sip/message';
import { ALLOW, linesOf, type AgentContext, type Dialog } from './context';
import { inDialogTarget, routeSetOf } from './route';
import type { HangupResult, OptionsResult, PlaceCallRequest, PlaceCallResult, SipTarget } from './types';

const toPeer = (t: SipTarget): Peer => {
  if (typeof t !== 'string') return t;
  const m = /^(?:sip:)?(?:[^@]*@)?(\[[^\]]+\]|[^:;]+)(?::(\d+))?/.exec(t.trim());
  if (!m) throw new Error(`bad SIP target: ${t}`);
  return { host: m[1], port: m[2] ? Number(m[2]) : 5060 };
};

const uriUser = (n: string) => toE164(n) ?? n;
const viaOf = (ag: AgentContext) => `SIP/2.0/UDP ${ag.self};branch=${newBranch()};rport`;
const toHeaderOf = (d: Dialog) => `${d.remoteUri}${d.remoteTag ? `;tag=${d.remoteTag}` : ''}`;

/**
 * An in-dialog request (ACK for a 2xx, BYE) and the peer it goes to: through the dialog's route set (RFC 3261
 * §12.2.1.1: the first route hop, Route headers, Request-URI = the remote target), else where the INVITE went.
 */
export function inDialogRequest(ag: AgentContext, d: Dialog, method: 'ACK' | 'BYE', seq: number): { req: SipRequest; peer: Peer } {
  const t = inDialogTarget(d);
  const headers: Header[] = [
    ['Via', viaOf(ag)],
    ['Max-Forwards', '70'],
    ...t.routes.map((r): Header => ['Route', r]),
    ['From', `${d.localUri};tag=${d.localTag}`],
    ['To', toHeaderOf(d)],
    ['Call-ID', d.callId],
    ['CSeq', `${seq} ${method}`],
    ['User-Agent', ag.ua],
  ];
  return { req: { kind: 'request', method, uri: t.uri, body: '', headers }, peer: t.peer };
}

function sendAck(ag: AgentContext, d: Dialog, seq: number) {
  const { req, peer } = inDialogRequest(ag, d, 'ACK', seq);
  ag.ep.send(req, peer);
}

/** 200 OK retransmitted because our ACK got lost: ACK again (through the route set, not to the 2xx's source) */
export function onStrayResponse(ag: AgentContext, res: SipResponse) {
  const d = ag.dialogs.get(getHeader(res, 'Call-ID') ?? '');
  if (d && res.status >= 200 && res.status < 300 && /INVITE/.test(getHeader(res, 'CSeq') ?? ''))
    sendAck(ag, d, Number((getHeader(res, 'CSeq') ?? '1').split(/\s+/)[0]));
}

export async function bye(ag: AgentContext, d: Dialog): Promise<HangupResult> {
  d.up = false;
  const { req, peer } = inDialogRequest(ag, d, 'BYE', ++d.cseq);
  const res = await ag.ep.request(req, peer, { timeoutMs: 8000 });
  return { callId: d.callId, status: res?.status ?? null, exchange: linesOf(ag, d.callId) };
}

export async function sendOptions(ag: AgentContext, target: SipTarget, o: { timeoutMs?: number } = {}): Promise<OptionsResult> {
  const peer = toPeer(target);
  const callId = newCallId(ag.ep.host);
  const started = Date.now();
  const headers: Header[] = [
    ['Via', viaOf(ag)],
    ['Max-Forwards', '70'],
    ['From', `<sip:partner-sbc@${ag.self}>;tag=${newTag()}`],
    ['To', `<sip:${peer.host}:${peer.port}>`],
    ['Call-ID', callId],
    ['CSeq', '1 OPTIONS'],
    ['Contact', ag.contact],
    ['Accept', 'application/sdp'],
    ['User-Agent', ag.ua],
  ];
  const res = await ag.ep.request({ kind: 'request', method: 'OPTIONS', uri: `sip:${peer.host}:${peer.port}`, body: '', headers }, peer, {
    timeoutMs: o.timeoutMs ?? 5000,
  });
  return {
    ok: !!res && res.status >= 200 && res.status < 300,
    status: res?.status ?? null,
    reason: res?.reason,
    timedOut: !res,
    rttMs: res ? Date.now() - started : null,
    exchange: linesOf(ag, callId),
  };
}

interface CancelState {
  provisional: boolean;
  final: boolean;
  /** set once the CANCEL is due: called on the next provisional response */
  onProvisional?: () => void;
}

/**
 * The caller hanging up before the answer: once `when` settles and a provisional response came (RFC 3261 §9.1: no
 * CANCEL before one), a call without a final response yet is CANCELled with the INVITE's branch.
 */
function cancelOnce(ag: AgentContext, invite: SipRequest, peer: Peer, when: Promise<unknown>, state: CancelState) {
  let cancelled = false;
  const tryCancel = () => {
    if (cancelled || state.final || !state.provisional) return;
    cancelled = true;
    void ag.ep.cancel(invite, peer);
  };
  void when.then(tryCancel, tryCancel).then(() => {
    state.onProvisional = tryCancel; // a provisional still to come: CANCEL as soon as it does
  });
}

function newUacDialog(ag: AgentContext, peer: Peer, from: string, to: string): Dialog {
  const target = `sip:${uriUser(to)}@${peer.host}:${peer.port};user=phone`;
  const localUri = `<sip:${uriUser(from)}@${ag.self};user=phone>`;
  const d: Dialog = {
    callId: newCallId(ag.ep.host),
    role: 'uac',
    peer,
    localUri,
    localTag: newTag(),
    remoteUri: `<${target}>`,
    remoteTarget: target,
    cseq: 1,
    up: false,
  };
  ag.dialogs.set(d.callId, d);
  return d;
}

export async function placeCall(ag: AgentContext, { target, from, to, headers, timeoutMs, cancelWhen }: PlaceCallRequest): Promise<PlaceCallResult> {
  const peer = toPeer(target);
  const d = newUacDialog(ag, peer, from, to);
  const callId = d.callId;
  const hs: Header[] = [
    ['Via', viaOf(ag)],
    ['Max-Forwards', '70'],
    ['From', `${d.localUri};tag=${d.localTag}`],
    ['To', d.remoteUri],
    ['Call-ID', callId],
    ['CSeq', '1 INVITE'],
    ['Contact', ag.contact],
    ['User-Agent', ag.ua],
    ['Allow', ALLOW],
    ['Content-Type', 'application/sdp'],
  ];
  for (const [k, v] of Object.entries(headers ?? {})) hs.push([k, v]);
  const started = Date.now();
  let pdd: number | null = null;
  const provisional: number[] = [];
  const invite: SipRequest = { kind: 'request', method: 'INVITE', uri: d.remoteTarget, headers: hs, body: sdp(ag.ep.host, 20000) };
  const state: CancelState = { provisional: false, final: false };
  if (cancelWhen) cancelOnce(ag, invite, peer, cancelWhen, state);
  const res = await ag.ep.request(invite, peer, {
    timeoutMs: timeoutMs ?? 32_000,
    onProvisional: (r) => {
      if (!provisional.includes(r.status)) provisional.push(r.status); // retransmissions not repeated
      if ((r.status === 180 || r.status === 183) && pdd === null) pdd = Date.now() - started;
      state.provisional = true;
      state.onProvisional?.();
    },
  });
  state.final = true;
  const answerAt = res && res.status >= 200 && res.status < 300 ? Date.now() - started : null;
  if (res && answerAt !== null) {
    d.remoteTag = tagOf(getHeader(res, 'To'));
    d.remoteTarget = parseUri(parseNameAddr(getHeader(res, 'Contact') ?? '')?.uri ?? '')?.raw ?? d.remoteTarget;
    d.routeSet = routeSetOf(res, 'uac'); // RFC 3261 §12.1.2: the 2xx's Record-Route, reversed
    d.up = true;
    sendAck(ag, d, 1);
    if (pdd === null) pdd = answerAt;
  } else ag.dialogs.delete(callId);
  if (!res) ag.log(`INVITE to ${uriUser(to)} via ${peerStr(peer)}: no final response within ${timeoutMs ?? 32_000} ms`);
  return {
    connected: answerAt !== null,
    status: res?.status ?? null,
    reason: res?.reason,
    callId,
    provisional,
    postDialDelayMs: pdd,
    answerMs: answerAt,
    ...(res && answerAt !== null ? { answerBody: res.body } : {}),
    exchange: linesOf(ag, callId),
  };
}
