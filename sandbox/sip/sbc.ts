/**
 * The sandbox Telegent SBC: a small UDP B2BUA.
 *
 *  partner SBC ──INVITE (outbound leg, A)──▶ Telegent SBC ──▶ simulated PSTN (100/180/200 after short delays)
 *                                                         └─▶ hairpin: NEW INVITE (inbound leg, B) to the callee's
 *                                                             voice-route trunk, agreed R-URI format + custom headers
 *
 * Public seam and types: ./index.ts. Behaviour is documented in docs/notes/sip.md.
 */
import { SipEndpoint, type Peer, peerStr } from '../../protocol/sip/endpoint';
import {
  buildResponse, getHeader, newBranch, newCallId, newTag, numberOfUri, parseCSeq, parseNameAddr, parseUri, REASONS,
  sdp, tagOf, toE164, type Header, type SipRequest, type SipResponse,
} from '../../protocol/sip/message';
import type {
  CallEvent, KeepaliveEvent, OriginateResult, ResolvedNumber, RunningSbc, SbcOptions, SbcStats, VoiceCallEvent, VoiceCdrLeg, VoiceRouteView, TrunkView,
} from './types';

const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS';
const SERVER = 'Telegent-SBC/sandbox';

interface Leg {
  legId: string;
  sipCallId: string;
  direction: 'outbound' | 'inbound';
  from: string;
  to: string;
  peer: Peer; // where in-dialog requests go
  localTag: string;
  localUri: string; // our From/To URI on this leg
  remoteUri: string;
  remoteTag?: string;
  remoteTarget?: string; // Contact of the other side
  cseq: number; // our next CSeq on this leg
  invite?: SipRequest; // A: the received INVITE; B: the INVITE we sent
  resolved?: ResolvedNumber;
  start: number;
  answer?: number;
  end?: number;
  final?: number;
  ended: boolean;
  /** the simulated PSTN caller of originateCall(): no SIP, no events, no CDR */
  virtual?: boolean;
}

interface Call {
  id: string;
  kind: 'pstn' | 'hairpin';
  a: Leg;
  b?: Leg;
  timers: NodeJS.Timeout[];
  okRetransmit?: NodeJS.Timeout;
  cancelled: boolean;
  state: 'proceeding' | 'answered' | 'ended';
  onEnd?: () => void;
}

let callSeq = 0;

export async function startSbc(opts: SbcOptions): Promise<RunningSbc> {
  const log = (l: string) => opts.log?.(`[sbc] ${l}`);
  const drift = (n: string) => {
    try {
      return !!opts.drift?.(n);
    } catch {
      return false;
    }
  };
  const emit = (ev: CallEvent) => {
    try {
      opts.events?.(ev);
    } catch (e) {
      log(`events callback threw (ignored): ${(e as Error).message}`);
    }
  };
  const now = opts.now ?? Date.now;
  /** the sandbox only ever sends SIP to loopback addresses unless explicitly allowed (vendor example IPs like 20.87.87.87 stay untouched) */
  const reachable = (ip: string) => !!opts.allowRemoteTargets || /^127\./.test(ip) || ip === '::1' || ip === 'localhost';
  const agreed = opts.agreedHeaders ?? { 'X-Telegent-Hairpin': '1' };
  const uriFormat = opts.requestUriFormat ?? 'e164';
  const ringMs = opts.pstn?.ringMs ?? 40;
  const answerMs = opts.pstn?.answerMs ?? 120;
  const inviteTimeoutMs = opts.inviteTimeoutMs ?? 32_000;
  const stats: SbcStats = {
    received: 0, sent: 0, malformed: 0, badRequests: 0, optionsAnswered: 0, optionsIgnored: 0, invites: 0, forbidden: 0,
    activeCalls: 0, completedCalls: 0, keepalives: { sent: 0, ok: 0, failed: 0, last: [] },
  };
  const calls = new Map<string, { call: Call; side: 'a' | 'b' }>(); // by SIP Call-ID

  const ep = await SipEndpoint.bind({
    host: opts.host,
    port: opts.port,
    log,
    onMessage: (dir, msg) => {
      if (dir === 'recv') stats.received++;
      else {
        stats.sent++;
        if (msg.kind === 'response' && msg.status === 400) stats.badRequests++;
      }
    },
    onMalformed: (error, from, size) => {
      stats.malformed++;
      if (stats.malformed <= 20 || stats.malformed % 500 === 0) log(`malformed datagram from ${peerStr(from)} (${size} B): ${error} [total ${stats.malformed}]`);
    },
    onRequest: (req, from) => onRequest(req, from),
    onStrayResponse: (res, from) => onStrayResponse(res, from),
  });
  const self = `${ep.host}:${ep.port}`;
  const contact = `<sip:telegent-sbc@${self}>`;
  log(`listening on ${self} (udp${ep.tcpServer ? ' + tcp' : ''})`);

  // ---------- helpers ----------
  const reply = (req: SipRequest, from: Peer, status: number, o: { toTag?: string; headers?: Header[]; body?: string; reason?: string } = {}) => {
    const headers: Header[] = [['Server', SERVER], ...(o.headers ?? [])];
    if (status === 405 || (req.method === 'OPTIONS' && status === 200)) headers.push(['Allow', ALLOW]);
    if (req.method === 'INVITE' && status >= 180 && status < 300) headers.push(['Contact', contact]);
    const res = buildResponse(req, status, o.reason ?? REASONS[status] ?? 'Unknown', { toTag: o.toTag ?? newTag(), headers, body: o.body });
    if (o.body) res.headers.push(['Content-Type', 'application/sdp']);
    ep.respond(req, res, from);
    return res;
  };

  const whitelist = (): Set<string> => {
    const s = new Set<string>();
    for (const r of safeRoutes()) {
      if (!r.enabled) continue;
      for (const t of r.trunks) if (t.ip) s.add(t.ip);
      for (const ip of r.ipWhitelist ?? []) s.add(ip.replace(/\/32$/, ''));
    }
    return s;
  };
  const safeRoutes = (): VoiceRouteView[] => {
    try {
      return opts.directory.voiceRoutes() ?? [];
    } catch (e) {
      log(`directory.voiceRoutes threw: ${(e as Error).message}`);
      return [];
    }
  };
  const resolve = (e164: string | undefined): ResolvedNumber | undefined => {
    if (!e164) return undefined;
    try {
      return opts.directory.resolveNumber(e164);
    } catch (e) {
      log(`directory.resolveNumber threw: ${(e as Error).message}`);
      return undefined;
    }
  };
  const routeOfSource = (ip: string): VoiceRouteView | undefined =>
    safeRoutes().find((r) => r.enabled && (r.trunks.some((t) => t.ip === ip) || (r.ipWhitelist ?? []).includes(ip)));

  const callEvent = (call: Call, leg: Leg, status: VoiceCallEvent['status'], extra: Partial<VoiceCallEvent> = {}) => {
    const route = leg.resolved?.voiceRoute;
    emit({
      kind: 'call', status, callId: call.id, sipCallId: leg.sipCallId, legId: leg.legId, leg: leg === call.a ? 'A' : 'B', direction: leg.direction,
      from: leg.from, to: leg.to, accountId: leg.resolved?.accountId, numberId: leg.resolved?.numberId,
      callRouteId: route?.callRouteId, callbackVoiceUrl: route?.callbackVoiceUrl, at: now(), ...extra,
    });
  };

  const finishLeg = (call: Call, leg: Leg, sipStatus: number, disposition: VoiceCdrLeg['disposition']) => {
    if (leg.ended) return;
    leg.ended = true;
    leg.end = now();
    leg.final = sipStatus;
    if (leg.virtual) return;
    const durationMs = leg.answer ? leg.end - leg.answer : 0;
    const status: VoiceCallEvent['status'] = disposition === 'answered' ? 'completed' : disposition === 'cancelled' ? 'cancelled' : 'failed';
    callEvent(call, leg, status, { durationMs, sipStatus, at: leg.end });
    emit({
      kind: 'cdr',
      record: {
        type: 'voice', callId: call.id, sipCallId: leg.sipCallId, legId: leg.legId, leg: leg === call.a ? 'A' : 'B', direction: leg.direction, from: leg.from, to: leg.to,
        accountId: leg.resolved?.accountId, numberId: leg.resolved?.numberId, callRouteId: leg.resolved?.voiceRoute?.callRouteId,
        start: leg.start, answer: leg.answer, end: leg.end, durationMs, disposition, sipStatus,
        peer: leg.direction === 'inbound' || call.kind === 'hairpin' ? 'trunk' : 'pstn',
      },
    });
  };

  const endCall = (call: Call) => {
    if (call.state === 'ended') return;
    call.state = 'ended';
    queueMicrotask(() => call.onEnd?.());
    for (const t of call.timers) clearTimeout(t);
    if (call.okRetransmit) clearTimeout(call.okRetransmit);
    stats.activeCalls = Math.max(0, stats.activeCalls - 1);
    stats.completedCalls++;
    setTimeout(() => {
      calls.delete(call.a.sipCallId);
      if (call.b) calls.delete(call.b.sipCallId);
    }, 10_000).unref();
  };

  const dispositionOf = (status: number): VoiceCdrLeg['disposition'] =>
    status === 487 ? 'cancelled' : status === 486 || status === 600 ? 'busy' : status === 408 || status === 480 ? 'no-answer' : 'failed';

  /** 200 OK towards the A leg, retransmitted (T1 doubling, cap T2) until the ACK arrives */
  const answerA = (call: Call, body: string) => {
    const a = call.a;
    if (a.virtual) return;
    const res = reply(a.invite!, a.peer, 200, { toTag: a.localTag, body });
    let interval = 500;
    let elapsed = 0;
    const again = () => {
      call.okRetransmit = setTimeout(() => {
        if (call.state !== 'answered' || a.peer.transport === 'TCP') return;
        if (elapsed > 32_000) {
          log(`call ${call.id}: no ACK for 200 OK, ending`);
          byeLeg(call, a);
          if (call.b) byeLeg(call, call.b);
          finishLeg(call, a, 200, 'answered');
          if (call.b) finishLeg(call, call.b, 200, 'answered');
          endCall(call);
          return;
        }
        ep.send(res, a.peer);
        elapsed += interval;
        interval = Math.min(interval * 2, 4000);
        again();
      }, interval);
    };
    again();
  };

  const byeLeg = (_call: Call, leg: Leg) => {
    if (leg.virtual) return;
    const target = leg.remoteTarget ? parseUri(parseNameAddr(leg.remoteTarget)?.uri ?? leg.remoteTarget) : undefined;
    const req: SipRequest = {
      kind: 'request', method: 'BYE', uri: target?.raw ?? `sip:${leg.peer.host}:${leg.peer.port}`, body: '',
      headers: [
        ['Via', `SIP/2.0/UDP ${self};branch=${newBranch()};rport`], ['Max-Forwards', '70'],
        ['From', `${leg.localUri};tag=${leg.localTag}`], ['To', `${leg.remoteUri}${leg.remoteTag ? `;tag=${leg.remoteTag}` : ''}`],
        ['Call-ID', leg.sipCallId], ['CSeq', `${leg.cseq++} BYE`], ['User-Agent', SERVER],
      ],
    };
    void ep.request(req, leg.peer, { timeoutMs: 8000 }).then((r) => log(`BYE on ${leg.legId} → ${r ? r.status : 'timeout'}`));
  };

  // ---------- request handling ----------
  function onRequest(req: SipRequest, from: Peer) {
    switch (req.method) {
      case 'OPTIONS':
        if (drift('sip-options-ignored')) {
          stats.optionsIgnored++;
          return;
        }
        stats.optionsAnswered++;
        reply(req, from, 200, { headers: [['Accept', 'application/sdp'], ['Supported', ''], ['Accept-Language', 'en']].filter(([, v]) => v) as Header[] });
        return;
      case 'INVITE':
        return tagOf(getHeader(req, 'To')) ? onReInvite(req, from) : onInvite(req, from);
      case 'ACK':
        return onAck(req);
      case 'BYE':
        return onBye(req, from);
      case 'CANCEL':
        return onCancel(req, from);
      default:
        reply(req, from, 405);
    }
  }

  function onReInvite(req: SipRequest, from: Peer) {
    const ref = calls.get(getHeader(req, 'Call-ID')!);
    if (!ref || ref.call.state === 'ended') return void reply(req, from, 481);
    reply(req, from, 488, { toTag: tagOf(getHeader(req, 'To')) });
  }

  function onInvite(req: SipRequest, from: Peer) {
    stats.invites++;
    const allowed = whitelist();
    if (!allowed.has(from.host)) {
      stats.forbidden++;
      log(`INVITE from ${peerStr(from)} refused: source not in any voice route's trunks / IpWhitelist`);
      return void reply(req, from, 403, { reason: 'Forbidden - source not whitelisted' });
    }
    const calleeRaw = parseUri(req.uri)?.user ?? numberOfUri(getHeader(req, 'To'));
    const callee = toE164(calleeRaw);
    const callerRaw = numberOfUri(getHeader(req, 'From')) ?? 'anonymous';
    const caller = toE164(callerRaw) ?? callerRaw;
    if (!callee) return void reply(req, from, 404, { reason: 'Not Found - callee is not a telephone number' });

    const sipCallId = getHeader(req, 'Call-ID')!;
    if (calls.has(sipCallId)) return void reply(req, from, 482, { reason: 'Loop Detected' });
    const callerRes = resolve(toE164(callerRaw));
    const srcRoute = routeOfSource(from.host);
    const contactHdr = getHeader(req, 'Contact');
    const fromNa = parseNameAddr(getHeader(req, 'From')!);
    const toNa = parseNameAddr(getHeader(req, 'To')!);
    const a: Leg = {
      legId: `${++callSeq}a`, sipCallId, direction: 'outbound', from: caller, to: callee, peer: from,
      localTag: newTag(), localUri: `<${toNa?.uri ?? req.uri}>`, remoteUri: `<${fromNa?.uri ?? 'sip:anonymous@invalid'}>`,
      remoteTag: fromNa?.params.tag, remoteTarget: contactHdr, cseq: 1, invite: req,
      resolved: callerRes ?? (srcRoute ? { accountId: srcRoute.accountId, numberId: '', voiceRoute: srcRoute, effectiveAt: 0 } : undefined),
      start: now(), ended: false,
    };
    const call: Call = { id: `CALL-${now().toString(36)}-${callSeq}`, kind: 'pstn', a, timers: [], cancelled: false, state: 'proceeding' };
    calls.set(sipCallId, { call, side: 'a' });
    stats.activeCalls++;
    reply(req, from, 100, {});
    callEvent(call, a, 'initiated');

    const target = resolve(callee);
    if (!target) return startPstn(call);
    // hairpin to a sandbox-hosted number
    const route = target.voiceRoute;
    const fail = (status: number, reason: string) => {
      log(`call ${call.id} to hosted ${callee}: ${status} ${reason}`);
      reply(req, from, status, { toTag: a.localTag, reason: `${REASONS[status]} - ${reason}` });
      finishLeg(call, a, status, dispositionOf(status));
      endCall(call);
    };
    if (target.status && target.status !== 'Active') return fail(404, `number is ${target.status}`);
    if (target.voiceEnabled === false) return fail(403, 'voice not enabled on the number');
    // an assignment still propagating answers 480 (R-sip-propagation), even when it is the number's first route
    if (now() < target.effectiveAt) return fail(480, `route assignment not yet effective (in ${target.effectiveAt - now()} ms)`);
    if (!route) return fail(404, 'number has no voice route');
    if (!route.enabled) return fail(480, 'voice route disabled');
    if (route.routeType !== 'Trunk') return startPstn(call); // URL / Forward: answered by the platform
    const trunk = pickTrunk(route.trunks);
    if (!trunk) return fail(503, 'no enabled UDP/TCP trunk on the voice route (the sandbox only reaches loopback trunks)');
    call.kind = 'hairpin';
    startHairpin(call, target, trunk, req);
  }

  function pickTrunk(trunks: TrunkView[]): TrunkView | undefined {
    return trunks.filter((t) => t.enabled && (t.transport === 'UDP' || t.transport === 'TCP') && t.ip && t.port && reachable(t.ip)).sort((x, y) => x.priority - y.priority || y.weight - x.weight)[0];
  }

  function startPstn(call: Call) {
    const a = call.a;
    call.timers.push(
      setTimeout(() => {
        if (call.state !== 'proceeding') return;
        reply(a.invite!, a.peer, 180, { toTag: a.localTag });
        callEvent(call, a, 'ringing');
      }, ringMs),
      setTimeout(() => {
        if (call.state !== 'proceeding') return;
        call.state = 'answered';
        a.answer = now();
        answerA(call, sdp(ep.host, 40000 + (callSeq % 1000) * 2));
        callEvent(call, a, 'answered');
      }, Math.max(answerMs, ringMs + 1)),
    );
  }

  function formatRuri(e164: string, trunk: TrunkView): string {
    let fmt = uriFormat;
    if (drift('sip-wrong-request-uri')) fmt = fmt === 'e164' ? 'national' : 'e164';
    const national = e164.replace(/^\+1/, '');
    return fmt === 'e164' ? `sip:${e164}@${trunk.ip}:${trunk.port};user=phone` : `sip:${national}@${trunk.ip}:${trunk.port}`;
  }

  function startHairpin(call: Call, target: ResolvedNumber, trunk: TrunkView, inReq: SipRequest, timeoutMs = inviteTimeoutMs) {
    const a = call.a;
    const peer: Peer = { host: trunk.ip, port: trunk.port, transport: trunk.transport === 'TCP' ? 'TCP' : 'UDP' };
    const sipCallId = newCallId(ep.host);
    const fromUri = `<sip:${a.from}@${self};user=phone>`;
    const toUri = `<sip:${a.to}@${trunk.ip}:${trunk.port};user=phone>`;
    const b: Leg = {
      legId: `${callSeq}b`, sipCallId, direction: 'inbound', from: a.from, to: a.to, peer, localTag: newTag(),
      localUri: fromUri, remoteUri: toUri, cseq: 1, resolved: target, start: now(), ended: false,
    };
    call.b = b;
    calls.set(sipCallId, { call, side: 'b' });
    const headers: Header[] = [
      ['Via', `SIP/2.0/UDP ${self};branch=${newBranch()};rport`], ['Max-Forwards', '69'],
      ['From', `${fromUri};tag=${b.localTag}`], ['To', toUri], ['Call-ID', sipCallId], ['CSeq', `${b.cseq++} INVITE`],
      ['Contact', contact], ['User-Agent', SERVER], ['Allow', ALLOW],
    ];
    if (!drift('sip-missing-agreed-header')) for (const [k, v] of Object.entries(agreed)) headers.push([k, v]);
    const body = inReq.body || sdp(ep.host, 41000 + (callSeq % 1000) * 2);
    headers.push(['Content-Type', 'application/sdp']);
    const invite: SipRequest = { kind: 'request', method: 'INVITE', uri: formatRuri(a.to, trunk), headers, body };
    b.invite = invite;
    callEvent(call, b, 'initiated');
    log(`call ${call.id}: hairpin ${a.from} → ${a.to} via ${peerStr(peer)} (${invite.uri})`);
    let ringing = false;
    void ep
      .request(invite, peer, {
        timeoutMs,
        onProvisional: (res) => {
          if (call.state !== 'proceeding') return;
          if ((res.status === 180 || res.status === 183) && !ringing) {
            ringing = true;
            b.remoteTag = tagOf(getHeader(res, 'To')) ?? b.remoteTag;
            if (!a.virtual) reply(a.invite!, a.peer, res.status, { toTag: a.localTag, body: res.status === 183 ? res.body : undefined });
            callEvent(call, a, 'ringing');
            callEvent(call, b, 'ringing');
          }
        },
      })
      .then((res) => {
        if (!res) {
          // Timer B-ish: nothing final from the trunk
          log(`call ${call.id}: hairpin leg timed out after ${timeoutMs} ms`);
          if (call.state === 'proceeding') {
            void ep.cancel(invite, peer);
            if (!a.virtual) reply(a.invite!, a.peer, 408, { toTag: a.localTag });
            finishLeg(call, b, 408, 'no-answer');
            finishLeg(call, a, 408, 'no-answer');
            endCall(call);
          }
          return;
        }
        if (res.status >= 200 && res.status < 300) {
          b.remoteTag = tagOf(getHeader(res, 'To'));
          b.remoteTarget = getHeader(res, 'Contact');
          // ACK the 2xx ourselves (B2BUA: each leg is its own dialog)
          const tgt = parseUri(parseNameAddr(b.remoteTarget ?? '')?.uri ?? '')?.raw ?? invite.uri;
          ep.send(
            {
              kind: 'request', method: 'ACK', uri: tgt, body: '',
              headers: [
                ['Via', `SIP/2.0/UDP ${self};branch=${newBranch()};rport`], ['Max-Forwards', '70'],
                ['From', `${fromUri};tag=${b.localTag}`], ['To', getHeader(res, 'To')!], ['Call-ID', sipCallId],
                ['CSeq', `${parseCSeq(getHeader(invite, 'CSeq')!)!.seq} ACK`],
              ],
            },
            peer,
          );
          if (call.state !== 'proceeding') {
            // cancelled meanwhile but the callee answered: hang the B leg up
            b.answer = now();
            byeLeg(call, b);
            finishLeg(call, b, 200, 'answered');
            return;
          }
          call.state = 'answered';
          a.answer = b.answer = now();
          answerA(call, res.body || sdp(ep.host, 42000));
          callEvent(call, a, 'answered');
          callEvent(call, b, 'answered');
          return;
        }
        // non-2xx final (ACKed by the endpoint): relay the status to the caller
        if (call.state === 'proceeding') {
          const st = call.cancelled ? 487 : res.status;
          if (!a.virtual) reply(a.invite!, a.peer, st, { toTag: a.localTag, reason: call.cancelled ? undefined : res.reason });
          finishLeg(call, b, res.status, dispositionOf(res.status));
          finishLeg(call, a, st, dispositionOf(st));
          endCall(call);
        } else finishLeg(call, b, res.status, dispositionOf(res.status));
      });
  }

  function onAck(req: SipRequest) {
    const ref = calls.get(getHeader(req, 'Call-ID')!);
    if (!ref) return;
    const { call, side } = ref;
    if (side === 'a' && call.okRetransmit) {
      clearTimeout(call.okRetransmit);
      call.okRetransmit = undefined;
    }
  }

  function onBye(req: SipRequest, from: Peer) {
    const ref = calls.get(getHeader(req, 'Call-ID')!);
    if (!ref || ref.call.state === 'ended') return void reply(req, from, 481, { toTag: tagOf(getHeader(req, 'To')) });
    const { call, side } = ref;
    reply(req, from, 200, { toTag: tagOf(getHeader(req, 'To')) });
    if (call.okRetransmit) clearTimeout(call.okRetransmit);
    const here = side === 'a' ? call.a : call.b!;
    const other = side === 'a' ? call.b : call.a;
    finishLeg(call, here, 200, here.answer ? 'answered' : 'cancelled');
    if (other && !other.ended) {
      byeLeg(call, other);
      finishLeg(call, other, 200, other.answer ? 'answered' : 'cancelled');
    }
    endCall(call);
  }

  function onCancel(req: SipRequest, from: Peer) {
    const ref = calls.get(getHeader(req, 'Call-ID')!);
    if (!ref || ref.side !== 'a') return void reply(req, from, 481);
    const { call } = ref;
    reply(req, from, 200, { toTag: call.a.localTag });
    if (call.state !== 'proceeding') return; // too late: final already sent
    call.cancelled = true;
    reply(call.a.invite!, call.a.peer, 487, { toTag: call.a.localTag });
    if (call.b?.invite) {
      void ep.cancel(call.b.invite, call.b.peer);
      finishLeg(call, call.b, 487, 'cancelled');
    }
    finishLeg(call, call.a, 487, 'cancelled');
    endCall(call);
  }

  function onStrayResponse(res: SipResponse, from: Peer) {
    // 2xx retransmission on a B leg whose ACK got lost: ACK it again
    const cseq = parseCSeq(getHeader(res, 'CSeq')!);
    if (cseq?.method !== 'INVITE' || res.status < 200 || res.status >= 300) return;
    const ref = calls.get(getHeader(res, 'Call-ID')!);
    if (!ref || ref.side !== 'b') return;
    const b = ref.call.b!;
    ep.send(
      {
        kind: 'request', method: 'ACK', uri: parseUri(parseNameAddr(getHeader(res, 'Contact') ?? '')?.uri ?? '')?.raw ?? b.invite!.uri, body: '',
        headers: [
          ['Via', `SIP/2.0/UDP ${self};branch=${newBranch()};rport`], ['Max-Forwards', '70'], ['From', getHeader(res, 'From')!],
          ['To', getHeader(res, 'To')!], ['Call-ID', b.sipCallId], ['CSeq', `${cseq.seq} ACK`],
        ],
      },
      from,
    );
  }

  // ---------- simulated PSTN caller → hosted number ----------
  const originateCall = (o: { from: string; to: string; holdMs?: number; timeoutMs?: number }): Promise<OriginateResult> => {
    const from = toE164(o.from) ?? o.from;
    const to = toE164(o.to);
    const result = (r: Partial<OriginateResult>): OriginateResult => ({ connected: false, status: null, callId: '', ...r });
    if (!to) return Promise.resolve(result({ error: `callee ${o.to} is not a telephone number` }));
    const target = resolve(to);
    if (!target) return Promise.resolve(result({ error: `${to} is not a sandbox-hosted number` }));
    const route = target.voiceRoute;
    if (target.status && target.status !== 'Active') return Promise.resolve(result({ error: `${to} is ${target.status}` }));
    if (!route || !route.enabled) return Promise.resolve(result({ error: `${to} has no enabled voice route` }));
    if (now() < target.effectiveAt) return Promise.resolve(result({ error: `route assignment of ${to} not yet effective (in ${target.effectiveAt - now()} ms)` }));
    if (route.routeType !== 'Trunk') return Promise.resolve(result({ error: `voice route ${route.callRouteId} is ${route.routeType}, not Trunk` }));
    const trunk = pickTrunk(route.trunks);
    if (!trunk) return Promise.resolve(result({ error: `voice route ${route.callRouteId} has no enabled UDP/TCP trunk` }));
    const a: Leg = {
      legId: `${++callSeq}a`, sipCallId: `pstn-${callSeq}`, direction: 'outbound', from, to, peer: { host: '0.0.0.0', port: 0 },
      localTag: newTag(), localUri: '', remoteUri: '', cseq: 1, start: now(), ended: false, virtual: true,
    };
    const call: Call = { id: `CALL-${now().toString(36)}-${callSeq}`, kind: 'hairpin', a, timers: [], cancelled: false, state: 'proceeding' };
    stats.activeCalls++;
    return new Promise((done) => {
      call.onEnd = () => {
        const b = call.b!;
        done(result({ connected: !!b.answer, status: b.final ?? null, callId: call.id, sipCallId: b.sipCallId, requestUri: b.invite?.uri, durationMs: b.answer && b.end ? b.end - b.answer : 0 }));
      };
      startHairpin(call, target, trunk, { kind: 'request', method: 'INVITE', uri: '', headers: [], body: '' }, o.timeoutMs);
      const hold = o.holdMs ?? 1000;
      const watch = setInterval(() => {
        if (call.state === 'answered' && call.b?.answer) {
          clearInterval(watch);
          call.timers.push(setTimeout(() => {
            if (call.state !== 'answered') return;
            byeLeg(call, call.b!);
            finishLeg(call, call.b!, 200, 'answered');
            finishLeg(call, a, 200, 'answered');
            endCall(call);
          }, hold));
        } else if (call.state === 'ended') clearInterval(watch);
      }, 10);
      call.timers.push(watch as unknown as NodeJS.Timeout);
    });
  };

  // ---------- keepalives ----------
  // every enabled trunk of every enabled voice route is pinged once per interval; a trunk seen for
  // the first time (new route / number assignment) is pinged within one tick (250 ms), not after a full interval
  const interval = opts.keepaliveIntervalMs && opts.keepaliveIntervalMs > 0 ? opts.keepaliveIntervalMs : 30_000;
  const kaTimeoutMs = opts.keepaliveTimeoutMs ?? Math.min(3000, Math.max(500, interval));
  /** a trunk that did not answer is probed again this long after the failure (then every interval once it answers) */
  const DOWN_REPROBE_MS = 1000;
  const inflight = new Set<string>();
  const nextDue = new Map<string, number>();
  const pingTrunk = async (r: VoiceRouteView, t: TrunkView): Promise<KeepaliveEvent | undefined> => {
    const target = `${t.ip}:${t.port}`;
    const key = `${r.callRouteId}|${target}`;
    const base = { kind: 'keepalive' as const, callRouteId: r.callRouteId, accountId: r.accountId, target, transport: t.transport };
    const sentAt = Date.now();
    nextDue.set(key, sentAt + interval);
    if (!reachable(t.ip)) return { ...base, ok: false, error: 'not contacted: the sandbox SBC only sends to loopback addresses (allowRemoteTargets)', at: now() };
    if (t.transport === 'TLS') return { ...base, ok: false, error: 'unsupported transport (sandbox SBC speaks UDP and TCP, not TLS)', at: now() };
    if (inflight.has(key)) return undefined;
    inflight.add(key);
    const started = Date.now();
    const req: SipRequest = {
      kind: 'request', method: 'OPTIONS', uri: `sip:${t.ip}:${t.port}`, body: '',
      headers: [
        ['Via', `SIP/2.0/UDP ${self};branch=${newBranch()};rport`], ['Max-Forwards', '70'],
        ['From', `<sip:keepalive@${self}>;tag=${newTag()}`], ['To', `<sip:${t.ip}:${t.port}>`], ['Call-ID', newCallId(ep.host)],
        ['CSeq', '1 OPTIONS'], ['Contact', contact], ['User-Agent', SERVER], ['Accept', 'application/sdp'],
      ],
    };
    stats.keepalives.sent++;
    const res = await ep.request(req, { host: t.ip, port: t.port, transport: t.transport === 'TCP' ? 'TCP' : 'UDP' }, { timeoutMs: kaTimeoutMs });
    inflight.delete(key);
    if (!res || res.status >= 300) nextDue.set(key, Date.now() + Math.min(DOWN_REPROBE_MS, interval));
    return res
      ? { ...base, ok: res.status >= 200 && res.status < 300, status: res.status, rttMs: Date.now() - started, at: now() }
      : { ...base, ok: false, error: 'timeout', at: now() };
  };
  const record = (ev: KeepaliveEvent) => {
    if (ev.ok) stats.keepalives.ok++;
    else stats.keepalives.failed++;
    stats.keepalives.last = [...stats.keepalives.last.filter((x) => !(x.callRouteId === ev.callRouteId && x.target === ev.target)), ev].slice(-50);
    emit(ev);
  };
  const trunksToPing = (): [VoiceRouteView, TrunkView][] => {
    const out: [VoiceRouteView, TrunkView][] = [];
    for (const r of safeRoutes()) {
      if (!r.enabled) continue;
      for (const t of r.trunks) if (t.enabled && t.ip && t.port) out.push([r, t]);
    }
    return out;
  };
  /** one keepalive round to every enabled trunk now; resolves when all answers / timeouts are in */
  const keepaliveNow = async (): Promise<KeepaliveEvent[]> => {
    const results = (await Promise.all(trunksToPing().map(([r, t]) => pingTrunk(r, t)))).filter((x): x is KeepaliveEvent => !!x);
    results.forEach(record);
    return results;
  };
  let kaTimer: NodeJS.Timeout | undefined;
  let closed = false;
  if (!(opts.keepaliveIntervalMs !== undefined && opts.keepaliveIntervalMs < 0)) {
    const tick = () => {
      if (closed) return;
      const t0 = Date.now();
      for (const [r, t] of trunksToPing()) {
        const due = nextDue.get(`${r.callRouteId}|${t.ip}:${t.port}`);
        if (due === undefined || t0 >= due) void pingTrunk(r, t).then((ev) => ev && record(ev)).catch((e) => log(`keepalive failed: ${e}`));
      }
    };
    kaTimer = setInterval(tick, Math.min(interval, 250));
    kaTimer.unref();
    setImmediate(tick);
  }

  return {
    host: ep.host,
    port: ep.port,
    stats: () => ({ ...stats, keepalives: { ...stats.keepalives, last: [...stats.keepalives.last] } }),
    keepaliveNow,
    originateCall,
    close: async () => {
      closed = true;
      if (kaTimer) clearInterval(kaTimer);
      for (const { call } of calls.values()) {
        for (const t of call.timers) clearTimeout(t);
        if (call.okRetransmit) clearTimeout(call.okRetransmit);
      }
      await ep.close();
    },
  };
}
