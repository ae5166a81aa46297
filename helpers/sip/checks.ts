/**
 * Agent-side checks for items 14–16. Each returns a list of problems ("findings"), empty = pass,
 * phrased so a failing item says exactly what is wrong.
 */
import { parseUri, toE164, type SipLine } from '../../protocol/sip/message';
import type { InboundInvite, OptionsResult, PlaceCallResult } from './types';

/** RFC 3966 §5.1.1 visual separators of a telephone-subscriber ("-", ".", "(", ")") */
const VISUAL_SEPARATORS = /[-.()]/g;

/**
 * Warning `sip.ruri-visual-separators`: the Request-URI's user part carries visual separators (`+1-201-555-0100`). RFC
 * 3966 §5.1.1 and RFC 3261 §19.1.6 make it the same telephone number, so it is no failure; but the agreed format is
 * digits only, which a partner SBC matching the user part as a string may not route. Undefined when there are none.
 */
export function visualSeparatorsIn(requestUri: string): string | undefined {
  const user = parseUri(requestUri)?.user ?? '';
  return /[-.()]/.test(user) ? user : undefined;
}

/**
 * Request-URI of an inbound INVITE against the agreed format (the scheme and the user parameter's value compare
 * case-insensitively, RFC 3261 §19.1.4: `SIP:…;user=Phone` is the same URI form):
 *  'e164'     → sip:+1NXXNXXXXXX@host[:port];user=phone
 *  'national' → sip:NXXNXXXXXX@host[:port]
 * `expectedNumber` in any form; `expectedHostPort` ('ip:port' of the partner SBC) is optional.
 */
export function checkRequestUri(requestUri: string, expectedNumber: string, format: 'e164' | 'national', expectedHostPort?: string): string[] {
  const problems: string[] = [];
  const u = parseUri(requestUri);
  if (!u || (u.scheme !== 'sip' && u.scheme !== 'sips')) return [`Request-URI "${requestUri}" is not a sip: URI`];
  const want = toE164(expectedNumber) ?? expectedNumber;
  const user = (u.user ?? '').replace(VISUAL_SEPARATORS, ''); // the same number (RFC 3966 §5.1.1): warned by visualSeparatorsIn
  if (format === 'e164') {
    if (!/^\+1\d{10}$/.test(user)) problems.push(`Request-URI user part "${user}" is not in the agreed E.164 format (+1NXXNXXXXXX): ${requestUri}`);
    else if (user !== want) problems.push(`Request-URI number ${user} is not the called number ${want}`);
    if (u.params.user?.toLowerCase() !== 'phone') problems.push(`Request-URI lacks the agreed ";user=phone" parameter: ${requestUri}`);
  } else {
    if (!/^\d{10}$/.test(user)) problems.push(`Request-URI user part "${user}" is not in the agreed national format (10 digits): ${requestUri}`);
    else if ('+1' + user !== want) problems.push(`Request-URI number ${user} is not the called number ${want}`);
  }
  if (expectedHostPort) {
    const hp = `${u.host}${u.port ? `:${u.port}` : ''}`;
    if (hp !== expectedHostPort && `${u.host}:5060` !== expectedHostPort) problems.push(`Request-URI host ${hp} is not the partner SBC ${expectedHostPort}`);
  }
  return problems;
}

/** agreed custom headers (name case-insensitive, value exact) present on the INVITE */
export function checkAgreedHeaders(headers: Record<string, string>, agreed: Record<string, string>): string[] {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const problems: string[] = [];
  for (const [k, v] of Object.entries(agreed)) {
    const got = lower.get(k.toLowerCase());
    if (got === undefined) problems.push(`agreed header ${k} missing from the inbound INVITE`);
    else if (got.trim() !== v) problems.push(`agreed header ${k} is "${got}", agreed "${v}"`);
  }
  return problems;
}

export function checkInboundInvite(
  inv: InboundInvite,
  expect: { number: string; format: 'e164' | 'national'; agreedHeaders: Record<string, string>; hostPort?: string },
): string[] {
  return [...checkRequestUri(inv.requestUri, expect.number, expect.format, expect.hostPort), ...checkAgreedHeaders(inv.headers, expect.agreedHeaders)];
}

/**
 * The Request-URI of the Telegent SBC's keepalive OPTIONS is a SIP URI (RFC 3261 §11, §19.1). The scheme compares
 * case-insensitively (RFC 3261 §19.1.4, RFC 3986 §3.1): `SIP:host` is a sip: URI.
 */
export function checkOptionsRequestUri(requestUri: string): string[] {
  const scheme = parseUri(requestUri)?.scheme;
  if (scheme === 'sip' || scheme === 'sips') return [];
  return [`the keepalive OPTIONS's Request-URI "${requestUri}" is not a sip: / sips: URI (RFC 3261 §19.1)`];
}

/**
 * Check `sip.call-released`: an outbound call ends with a BYE answered 200. Either side may send it (RFC 3261 §15): the
 * far end hanging up first (a BYE the partner SBC received) releases the call too, and the partner's own BYE crossing
 * it is then answered 481 (§15.1.2). `bye`: the partner SBC's BYE, undefined when none was sent (the call was already
 * down); `exchange`: the dialog's lines at the partner SBC.
 */
export function checkCallReleased(bye: { status: number | null } | undefined, exchange: SipLine[]): string[] {
  if (byeReceived(exchange)) return [];
  if (bye?.status === 200) return [];
  const got = !bye ? 'was never sent and no BYE came from the far end' : bye.status === null ? 'got no answer' : `was answered ${bye.status}`;
  return [`the partner SBC's BYE ${got}: the call was not released (RFC 3261 §15.1.2: a BYE is answered 200)`];
}

/**
 * Check `sip.options-answered` (ruling R-sip-options-answer): the partner SBC's OPTIONS keepalive gets a final answer
 * from the Telegent SBC. No final answer at all (timeout) fails: nothing shows the SBC is reachable. Any final answer
 * (2xx, or another: see optionsAnswerWarning) proves the keepalive reached a live SIP stack and came back.
 */
export function checkOptionsAnswered(r: OptionsResult, target: string): string[] {
  if (r.timedOut || r.status === null) return [`OPTIONS to the Telegent SBC ${target} got no answer (timeout) — keepalive partner → Telegent fails`];
  return [];
}

/** what a non-2xx final answer to a keepalive OPTIONS may mean (RFC 3261 §21), for the warning */
function optionsCodeMeaning(status: number): string {
  if (status === 403)
    return "the SBC refuses this source: the partner SBC's address may not be on Telegent's whitelist yet (Phase 2 mutual whitelist) — calls from it would be refused too";
  if (status === 404 || status === 604) return 'the SBC routes OPTIONS by the Request-URI like any request and finds no user in a keepalive URI';
  if (status === 405 || status === 501) return 'the SBC does not serve OPTIONS from trunks (it answers keepalives this way)';
  if (status === 407 || status === 401) return 'the SBC asks for authentication: trunk traffic is usually whitelisted by IP instead (Phase 2)';
  if (status === 483) return 'Max-Forwards ran out on the way: a proxy in the path may loop or decrement heavily';
  if (status === 503) return 'the SBC is overloaded or the trunk is administratively down (RFC 3261 §21.5.4: see Retry-After)';
  if (status >= 300 && status < 400) return 'the SBC redirects: another address may be the one to keep alive';
  return 'the SBC answered the keepalive, not with 2xx';
}

/**
 * Warning `sip.options-answered-2xx` (ruling R-sip-options-answer): RFC 3261 §11.2 — a UAS ready for calls SHOULD
 * answer OPTIONS 200, but other final answers exist and still prove the keepalive reached the SBC and came back; item 14
 * passes, and the warning names the code and what it may mean. Undefined for 2xx, and when nothing came back (that fails).
 */
export function optionsAnswerWarning(r: Pick<OptionsResult, 'status' | 'reason'>): string | undefined {
  if (r.status === null || (r.status >= 200 && r.status < 300)) return undefined;
  return `the Telegent SBC answered the keepalive OPTIONS ${r.status} ${r.reason ?? ''}`.trimEnd() + `: reachable, but ${optionsCodeMeaning(r.status)}`;
}

/**
 * The partner SBC's 200 OK to an inbound INVITE is ACKed by the Telegent SBC. RFC 3261 §13.2.2.4: the UAC core MUST
 * generate an ACK for each 2xx to an INVITE; §13.3.1.4: a UAS that gets no ACK within 64·T1 (32 s) ends the dialog
 * with a BYE — an unACKed inbound call drops for good. `exchange`: the dialog's lines at the partner SBC.
 */
export function checkAnswerAcked(exchange: SipLine[]): string[] {
  const sentOk = exchange.find((l) => l.dir === 'sent' && /^SIP\/2\.0 2\d\d /.test(l.firstLine) && /\bINVITE$/i.test(l.headers.CSeq ?? ''));
  if (!sentOk) return [];
  const ack = exchange.some((l) => l.dir === 'recv' && /^ACK /.test(l.firstLine));
  if (ack) return [];
  const again = exchange.filter((l) => l.dir === 'sent' && l.firstLine === sentOk.firstLine && /\bINVITE$/i.test(l.headers.CSeq ?? '')).length - 1;
  return [
    `the Telegent SBC never ACKed the partner SBC's ${sentOk.firstLine.slice(8)} to the inbound INVITE (${again} retransmission(s) unanswered): without the ACK the partner SBC ends the call after 64·T1 = 32 s (RFC 3261 §13.2.2.4, §13.3.1.4)`,
  ];
}

/**
 * Check `sip.bye-forwarded`: the caller hung up an inbound call, so the Telegent SBC forwards the BYE to the partner
 * SBC's leg (RFC 3261 §15: a BYE ends the session; the SBC, a back-to-back UA, ends each of its legs — else the partner
 * leg stays up, a hung channel). `exchange`: the inbound dialog's lines at the partner SBC.
 */
export function checkByeForwarded(exchange: SipLine[]): string[] {
  if (byeReceived(exchange)) return [];
  return [
    "the caller hung up, but the Telegent SBC never sent BYE to the partner SBC's leg of the inbound call: the partner leg stays up (RFC 3261 §15 — a hung channel)",
  ];
}

/** a BYE came in on the dialog whose lines are `exchange` (the far end ended it) */
function byeReceived(exchange: SipLine[]): boolean {
  return exchange.some((l) => l.dir === 'recv' && /^BYE /.test(l.firstLine));
}

/**
 * Check `sip.callee-bye-forwarded`: the partner SBC hung up an answered inbound call, so the Telegent SBC ends the
 * caller's leg with a BYE (RFC 3261 §15: either party may end the session with BYE; the SBC, a back-to-back UA, ends
 * each of its legs — else the caller hears silence and the call is billed on). `exchange`: the caller's dialog's lines.
 */
export function checkCalleeByeForwarded(exchange: SipLine[]): string[] {
  if (byeReceived(exchange)) return [];
  return [
    "the partner SBC hung up the inbound call, but the Telegent SBC never sent BYE to the caller's leg: the caller's leg stays up, billed (RFC 3261 §15 — a hung channel)",
  ];
}

/**
 * Check `sip.source-whitelisted`: an INVITE from a source on none of the account's Voice Routes (no trunk, not in the
 * IpWhitelist) is not served — refused (403 or any final failure) or dropped unanswered. Served, any host can place
 * calls billed to the partner's numbers. Basis: vendor OpenAPI voice routes IpWhitelist ("List of whitelisted IP
 * addresses") + seed 003 §4.2 ("IpWhitelist on the Voice Route … applies to trunk traffic").
 */
export function checkSourceWhitelisted(r: Pick<PlaceCallResult, 'connected' | 'status' | 'reason'>, source: string): string[] {
  if (!r.connected && (r.status === null || r.status >= 300)) return [];
  const what = r.connected ? 'connected' : `answered ${r.status} ${r.reason ?? ''}`.trim();
  return [
    `a call from ${source}, a host on no Voice Route (no trunk, not in IpWhitelist), was ${what}: the Telegent SBC serves trunk traffic from any source (toll fraud on the partner's numbers)`,
  ];
}

/**
 * Check `sip.cancel-forwarded`: the caller hung up an inbound call before it was answered (CANCEL), so the Telegent
 * SBC cancels the partner SBC's pending leg. RFC 3261 §9.2 / §16.10: a CANCEL is passed on to every pending branch; a
 * back-to-back UA cancels its other leg — else the partner's phone rings on for a caller who is gone, and answering
 * it connects to no one. `exchange`: the inbound dialog's lines at the partner SBC.
 */
export function checkCancelForwarded(exchange: SipLine[]): string[] {
  if (exchange.some((l) => l.dir === 'recv' && /^CANCEL /.test(l.firstLine))) return [];
  return [
    "the caller hung up before the answer, but the Telegent SBC never sent CANCEL to the partner SBC's ringing leg: the partner's phone rings on for a caller who is gone (RFC 3261 §9.2, §16.10)",
  ];
}

/**
 * Check `sip.answer-sdp`: the 2xx to an INVITE that carried an SDP offer carries the SDP answer — an audio stream
 * (m=audio on a non-zero port) and a connection address (c=IN IP4 / IP6). RFC 3261 §13.2.1 (the answer to an offer in
 * the INVITE is in the 2xx) and RFC 3264 §6 (port 0 rejects the stream): without it the call connects with no audio.
 */
export function checkAnswerSdp(r: { connected: boolean; answerBody?: string }): string[] {
  if (!r.connected) return [];
  const body = r.answerBody ?? '';
  if (!body.trim()) return ['the 200 OK to the INVITE carries no SDP answer: the call connects with no audio (RFC 3261 §13.2.1, RFC 3264)'];
  const problems: string[] = [];
  if (!/^m=audio [1-9]\d*/m.test(body)) problems.push('the SDP answer of the 200 OK accepts no audio stream (no m=audio on a non-zero port: RFC 3264 §6)');
  if (!/^c=IN IP[46] \S+/m.test(body)) problems.push('the SDP answer of the 200 OK names no connection address (c=IN IP4/IP6: RFC 4566 §5.7)');
  return problems;
}

/**
 * Check `sip.keepalive-transport`: the Telegent SBC's keepalive OPTIONS reaches the trunk over the transport the Voice
 * Route names for it (TrunkTransport1, seed 003 §4.2): a partner SBC listening on that transport only never sees a
 * keepalive sent over the other one. `source`: where the OPTIONS came from (ip:port, "/tcp" when over TCP).
 */
export function checkKeepaliveTransport(source: string, trunkTransport: string): string[] {
  const got = /\/tcp$/i.test(source) ? 'TCP' : 'UDP';
  const want = String(trunkTransport).toUpperCase();
  if (want !== 'UDP' && want !== 'TCP') return []; // TLS: the agent does not speak it; nothing to compare
  return got === want ? [] : [`the keepalive OPTIONS came over ${got} (${source}), but the Voice Route's trunk is ${want} (TrunkTransport1)`];
}
