/**
 * Partner-SBC SIP agent (suite side). Binds UDP on SIP_AGENT_HOST:SIP_AGENT_PORT (the address the
 * voice route's trunk points at) and:
 *  - answers OPTIONS with 200 (and records them: item 14, Telegent → partner direction);
 *  - sends OPTIONS to the Telegent SBC (item 14, partner → Telegent direction);
 *  - places calls INVITE / 100 / 180 / 200 / ACK / BYE (item 15), measuring post-dial delay and answer time;
 *  - answers incoming INVITEs 100 / 180 / 200, handles ACK / BYE / CANCEL, and hands them to
 *    `waitForInvite` (item 16: Request-URI + agreed headers, see ./checks).
 * Every message is recorded as a SipLine (first line + key headers) for the evidence.
 * Never imports sandbox/.
 */
import { SipEndpoint, type Peer, peerStr } from '../../protocol/sip/endpoint';
import {
  buildResponse, getHeader, newBranch, newCallId, newTag, parseNameAddr, parseUri, sdp, tagOf, toE164, toLine,
  numberOfUri, REASONS, type Header, type SipLine, type SipRequest,
} from '../../protocol/sip/message';

export type SipTarget = Peer | string; // { host, port } or 'host:port'

export interface SipAgentOptions {
  host: string;
  port: number; // 0 = ephemeral
  log?: (line: string) => void;
  /** delays used when answering incoming INVITEs (ms after the INVITE): 180 after ringMs, 200 after answerMs */
  ringMs?: number;
  answerMs?: number;
  userAgent?: string;
}

export interface OptionsResult {
  ok: boolean; // 2xx received
  status: number | null; // null = no answer within timeoutMs
  reason?: string;
  timedOut: boolean;
  rttMs: number | null;
  exchange: SipLine[];
}

export interface PlaceCallResult {
  connected: boolean; // 200 OK received and ACKed
  status: number | null; // final status, null on timeout
  reason?: string;
  callId: string;
  provisional: number[]; // distinct provisional statuses seen, in order (100, 180, 183…)
  postDialDelayMs: number | null; // INVITE sent → first 180/183 (or the 200 when none)
  answerMs: number | null; // INVITE sent → 200 OK
  exchange: SipLine[];
}

export interface HangupResult {
  callId: string;
  status: number | null;
  exchange: SipLine[];
}

export interface InboundInvite {
  callId: string;
  receivedAt: number;
  source: string; // ip:port it came from
  requestUri: string;
  from: string;
  to: string;
  /** every header of the INVITE (canonical names; repeated headers joined with ', ') */
  headers: Record<string, string>;
  /** lines of this dialog so far (the 100/180/200 and ACK follow shortly) */
  exchange: SipLine[];
}

export interface ReceivedOptions {
  at: number;
  source: string;
  requestUri: string;
  headers: Record<string, string>;
  line: SipLine;
}

export interface SipAgent {
  host: string;
  port: number;
  sendOptions(target: SipTarget, opts?: { timeoutMs?: number }): Promise<OptionsResult>;
  placeCall(opts: { target: SipTarget; from: string; to: string; headers?: Record<string, string>; timeoutMs?: number }): Promise<PlaceCallResult>;
  /** BYE the given established call (default: every call this agent placed or answered that is still up) */
  hangup(callId?: string): Promise<HangupResult[]>;
  /** first INVITE received (already or within timeoutMs) whose R-URI or To user is `to` (any form); rejects with SipTimeoutError */
  waitForInvite(opts: { to?: string; timeoutMs: number; onProgress?: (elapsedMs: number) => void }): Promise<InboundInvite>;
  /** first OPTIONS received at or after `since` (default: any already received); rejects with SipTimeoutError */
  waitForOptions(opts: { timeoutMs: number; since?: number; onProgress?: (elapsedMs: number) => void }): Promise<ReceivedOptions>;
  receivedOptions(): ReceivedOptions[];
  receivedInvites(): InboundInvite[];
  /** every line sent/received, or those of one Call-ID */
  exchange(callId?: string): SipLine[];
  close(): Promise<void>;
}

export class SipTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SipTimeoutError';
  }
}

interface Dialog {
  callId: string;
  role: 'uac' | 'uas';
  peer: Peer;
  localUri: string;
  localTag: string;
  remoteUri: string;
  remoteTag?: string;
  remoteTarget: string; // R-URI for in-dialog requests
  cseq: number;
  up: boolean;
}

const toPeer = (t: SipTarget): Peer => {
  if (typeof t !== 'string') return t;
  const m = /^(?:sip:)?(?:[^@]*@)?(\[[^\]]+\]|[^:;]+)(?::(\d+))?/.exec(t.trim());
  if (!m) throw new Error(`bad SIP target: ${t}`);
  return { host: m[1], port: m[2] ? Number(m[2]) : 5060 };
};

const uriUser = (n: string) => toE164(n) ?? n;

export async function startSipAgent(opts: SipAgentOptions): Promise<SipAgent> {
  const log = (l: string) => opts.log?.(`[sip-agent] ${l}`);
  const ua = opts.userAgent ?? 'telegent-cert-suite/partner-sbc';
  const ringMs = opts.ringMs ?? 20;
  const answerMs = opts.answerMs ?? 60;
  const lines: SipLine[] = [];
  const options: ReceivedOptions[] = [];
  const invites: InboundInvite[] = [];
  const dialogs = new Map<string, Dialog>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  };

  const ep = await SipEndpoint.bind({
    host: opts.host,
    port: opts.port,
    log,
    onMessage: (dir, msg, peer) => {
      lines.push(toLine(dir, msg, peerStr(peer)));
      if (lines.length > 20_000) lines.splice(0, 5_000);
    },
    onMalformed: (err, from) => log(`malformed datagram from ${peerStr(from)}: ${err}`),
    onRequest: (req, from) => onRequest(req, from),
    onStrayResponse: (res, from) => {
      // 200 OK retransmitted because our ACK got lost: ACK again
      const d = dialogs.get(getHeader(res, 'Call-ID') ?? '');
      if (d && res.status >= 200 && res.status < 300 && /INVITE/.test(getHeader(res, 'CSeq') ?? '')) sendAck(d, Number((getHeader(res, 'CSeq') ?? '1').split(/\s+/)[0]), from);
    },
  });
  const self = `${ep.host}:${ep.port}`;
  const contact = `<sip:partner-sbc@${self}>`;
  log(`listening on ${self} (udp${ep.tcpServer ? ' + tcp' : ''})`);

  const headerRecord = (h: Header[]): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of h) out[k] = out[k] === undefined ? v : `${out[k]}, ${v}`;
    return out;
  };
  const linesOf = (callId: string) => lines.filter((l) => l.headers['Call-ID'] === callId);

  const sendAck = (d: Dialog, seq: number, peer: Peer) =>
    ep.send(
      {
        kind: 'request', method: 'ACK', uri: d.remoteTarget, body: '',
        headers: [
          ['Via', `SIP/2.0/UDP ${self};branch=${newBranch()};rport`], ['Max-Forwards', '70'],
          ['From', `${d.localUri};tag=${d.localTag}`], ['To', `${d.remoteUri}${d.remoteTag ? `;tag=${d.remoteTag}` : ''}`],
          ['Call-ID', d.callId], ['CSeq', `${seq} ACK`], ['User-Agent', ua],
        ],
      },
      peer,
    );

  function onRequest(req: SipRequest, from: Peer) {
    const callId = getHeader(req, 'Call-ID')!;
    const respond = (status: number, o: { toTag?: string; headers?: Header[]; body?: string } = {}) => {
      const hs: Header[] = [['Server', ua], ...(o.headers ?? [])];
      const res = buildResponse(req, status, REASONS[status] ?? 'Unknown', { toTag: o.toTag ?? newTag(), headers: hs, body: o.body });
      if (o.body) res.headers.push(['Content-Type', 'application/sdp']);
      ep.respond(req, res, from);
      return res;
    };
    switch (req.method) {
      case 'OPTIONS': {
        respond(200, { headers: [['Allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS'], ['Accept', 'application/sdp']] });
        options.push({ at: Date.now(), source: peerStr(from), requestUri: req.uri, headers: headerRecord(req.headers), line: toLine('recv', req, peerStr(from)) });
        if (options.length > 1000) options.shift();
        notify();
        return;
      }
      case 'INVITE': {
        if (tagOf(getHeader(req, 'To'))) return void respond(488, { toTag: tagOf(getHeader(req, 'To')) }); // no re-INVITE support
        const fromNa = parseNameAddr(getHeader(req, 'From')!);
        const toNa = parseNameAddr(getHeader(req, 'To')!);
        const d: Dialog = {
          callId, role: 'uas', peer: from, localUri: `<${toNa?.uri ?? req.uri}>`, localTag: newTag(),
          remoteUri: `<${fromNa?.uri ?? 'sip:unknown@invalid'}>`, remoteTag: fromNa?.params.tag,
          remoteTarget: parseUri(parseNameAddr(getHeader(req, 'Contact') ?? '')?.uri ?? '')?.raw ?? `sip:${peerStr(from)}`,
          cseq: 1, up: false,
        };
        dialogs.set(callId, d);
        respond(100, {});
        const inv: InboundInvite = {
          callId, receivedAt: Date.now(), source: peerStr(from), requestUri: req.uri, from: getHeader(req, 'From')!, to: getHeader(req, 'To')!,
          headers: headerRecord(req.headers), exchange: [],
        };
        Object.defineProperty(inv, 'exchange', { enumerable: true, get: () => linesOf(callId) });
        invites.push(inv);
        notify();
        later(ringMs, () => {
          if (!dialogs.get(callId) || d.up) return;
          respond(180, { toTag: d.localTag, headers: [['Contact', contact]] });
        });
        later(Math.max(answerMs, ringMs + 1), () => {
          if (dialogs.get(callId) !== d || (d as { cancelled?: boolean }).cancelled) return;
          d.up = true;
          const ok = respond(200, { toTag: d.localTag, headers: [['Contact', contact]], body: sdp(ep.host, 30000) });
          // retransmit the 200 until the ACK (T1 doubling, cap T2, 32 s)
          let interval = 500;
          let elapsed = 0;
          const again = () =>
            later(interval, () => {
              if ((d as { acked?: boolean }).acked || !d.up || elapsed > 32_000 || from.transport === 'TCP') return;
              ep.send(ok, from);
              elapsed += interval;
              interval = Math.min(interval * 2, 4000);
              again();
            });
          again();
        });
        return;
      }
      case 'ACK': {
        const d = dialogs.get(callId);
        if (d) (d as { acked?: boolean }).acked = true;
        return;
      }
      case 'BYE': {
        const d = dialogs.get(callId);
        if (!d) return void respond(481, { toTag: tagOf(getHeader(req, 'To')) });
        d.up = false;
        respond(200, { toTag: tagOf(getHeader(req, 'To')) });
        notify();
        return;
      }
      case 'CANCEL': {
        const d = dialogs.get(callId);
        if (!d) return void respond(481);
        respond(200, { toTag: d.localTag });
        if (!d.up) {
          (d as { cancelled?: boolean }).cancelled = true;
          const invReq = { ...req, method: 'INVITE', headers: req.headers.map(([k, v]) => [k, k === 'CSeq' ? v.replace(/CANCEL/i, 'INVITE') : v] as Header) };
          ep.respond(invReq as SipRequest, buildResponse(invReq, 487, REASONS[487], { toTag: d.localTag }), from);
        }
        return;
      }
      default:
        respond(405, { headers: [['Allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS']] });
    }
  }

  const waitFor = <T>(find: () => T | undefined, timeoutMs: number, what: string, onProgress?: (ms: number) => void): Promise<T> =>
    new Promise((resolve, reject) => {
      const hit = find();
      if (hit !== undefined) return resolve(hit);
      const started = Date.now();
      const check = () => {
        const h = find();
        if (h !== undefined) {
          cleanup();
          resolve(h);
        }
      };
      const prog = onProgress ? setInterval(() => onProgress(Date.now() - started), 1000) : undefined;
      const to = setTimeout(() => {
        cleanup();
        reject(new SipTimeoutError(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        waiters.delete(check);
        clearTimeout(to);
        if (prog) clearInterval(prog);
      };
      waiters.add(check);
    });

  const bye = async (d: Dialog): Promise<HangupResult> => {
    d.up = false;
    const res = await ep.request(
      {
        kind: 'request', method: 'BYE', uri: d.remoteTarget, body: '',
        headers: [
          ['Via', `SIP/2.0/UDP ${self};branch=${newBranch()};rport`], ['Max-Forwards', '70'],
          ['From', `${d.localUri};tag=${d.localTag}`], ['To', `${d.remoteUri}${d.remoteTag ? `;tag=${d.remoteTag}` : ''}`],
          ['Call-ID', d.callId], ['CSeq', `${++d.cseq} BYE`], ['User-Agent', ua],
        ],
      },
      d.peer,
      { timeoutMs: 8000 },
    );
    return { callId: d.callId, status: res?.status ?? null, exchange: linesOf(d.callId) };
  };

  return {
    host: ep.host,
    port: ep.port,

    async sendOptions(target, o = {}) {
      const peer = toPeer(target);
      const callId = newCallId(ep.host);
      const started = Date.now();
      const res = await ep.request(
        {
          kind: 'request', method: 'OPTIONS', uri: `sip:${peer.host}:${peer.port}`, body: '',
          headers: [
            ['Via', `SIP/2.0/UDP ${self};branch=${newBranch()};rport`], ['Max-Forwards', '70'],
            ['From', `<sip:partner-sbc@${self}>;tag=${newTag()}`], ['To', `<sip:${peer.host}:${peer.port}>`],
            ['Call-ID', callId], ['CSeq', '1 OPTIONS'], ['Contact', contact], ['Accept', 'application/sdp'], ['User-Agent', ua],
          ],
        },
        peer,
        { timeoutMs: o.timeoutMs ?? 5000 },
      );
      return {
        ok: !!res && res.status >= 200 && res.status < 300, status: res?.status ?? null, reason: res?.reason,
        timedOut: !res, rttMs: res ? Date.now() - started : null, exchange: linesOf(callId),
      };
    },

    async placeCall({ target, from, to, headers, timeoutMs }) {
      const peer = toPeer(target);
      const callId = newCallId(ep.host);
      const fromUri = `<sip:${uriUser(from)}@${self};user=phone>`;
      const toUri = `<sip:${uriUser(to)}@${peer.host}:${peer.port};user=phone>`;
      const d: Dialog = { callId, role: 'uac', peer, localUri: fromUri, localTag: newTag(), remoteUri: toUri, remoteTarget: `sip:${uriUser(to)}@${peer.host}:${peer.port};user=phone`, cseq: 1, up: false };
      dialogs.set(callId, d);
      const hs: Header[] = [
        ['Via', `SIP/2.0/UDP ${self};branch=${newBranch()};rport`], ['Max-Forwards', '70'],
        ['From', `${fromUri};tag=${d.localTag}`], ['To', toUri], ['Call-ID', callId], ['CSeq', '1 INVITE'],
        ['Contact', contact], ['User-Agent', ua], ['Allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS'], ['Content-Type', 'application/sdp'],
      ];
      for (const [k, v] of Object.entries(headers ?? {})) hs.push([k, v]);
      const started = Date.now();
      let pdd: number | null = null;
      const provisional: number[] = [];
      const res = await ep.request({ kind: 'request', method: 'INVITE', uri: d.remoteTarget, headers: hs, body: sdp(ep.host, 20000) }, peer, {
        timeoutMs: timeoutMs ?? 32_000,
        onProvisional: (r) => {
          if (!provisional.includes(r.status)) provisional.push(r.status); // retransmissions not repeated
          if ((r.status === 180 || r.status === 183) && pdd === null) pdd = Date.now() - started;
        },
      });
      const answerAt = res && res.status >= 200 && res.status < 300 ? Date.now() - started : null;
      if (res && answerAt !== null) {
        d.remoteTag = tagOf(getHeader(res, 'To'));
        d.remoteTarget = parseUri(parseNameAddr(getHeader(res, 'Contact') ?? '')?.uri ?? '')?.raw ?? d.remoteTarget;
        d.up = true;
        sendAck(d, 1, peer);
        if (pdd === null) pdd = answerAt;
      } else dialogs.delete(callId);
      if (!res) log(`INVITE to ${uriUser(to)} via ${peerStr(peer)}: no final response within ${timeoutMs ?? 32_000} ms`);
      return { connected: answerAt !== null, status: res?.status ?? null, reason: res?.reason, callId, provisional, postDialDelayMs: pdd, answerMs: answerAt, exchange: linesOf(callId) };
    },

    async hangup(callId) {
      const targets = [...dialogs.values()].filter((d) => d.up && (!callId || d.callId === callId));
      return Promise.all(targets.map(bye));
    },

    waitForInvite({ to, timeoutMs, onProgress }) {
      const want = to ? toE164(to) ?? to : undefined;
      const match = (i: InboundInvite) => {
        if (!want) return true;
        const cands = [parseUri(i.requestUri)?.user, numberOfUri(i.to)].map((u) => (u ? toE164(u) ?? u : u));
        return cands.includes(want);
      };
      return waitFor(() => invites.find(match), timeoutMs, `INVITE${to ? ` for ${to}` : ''}`, onProgress);
    },

    waitForOptions({ timeoutMs, since, onProgress }) {
      return waitFor(() => options.find((o) => since === undefined || o.at >= since), timeoutMs, 'OPTIONS', onProgress);
    },

    receivedOptions: () => [...options],
    receivedInvites: () => [...invites],
    exchange: (callId) => (callId ? linesOf(callId) : [...lines]),

    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await ep.close();
    },
  };
}
