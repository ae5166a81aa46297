/**
 * The sandbox Telegent SBC: a small UDP/TCP B2BUA.
 *
 *  partner SBC ──INVITE (outbound leg, A)──▶ Telegent SBC ──▶ simulated PSTN (100/180/200 after short delays)      ./pstn.ts
 *                                                         └─▶ hairpin: NEW INVITE (inbound leg, B) to the callee's  ./hairpin.ts
 *                                                             voice-route trunk, agreed R-URI format + custom headers
 *  requests and dialogs: ./dialog.ts; legs and calls: ./calls.ts; OPTIONS keepalives: ./keepalive.ts;
 *  a simulated PSTN caller: ./originate.ts. Vocabulary: ./types.ts. Behaviour is documented in docs/ARCHITECTURE.md (SIP).
 */
import { SipEndpoint, peerStr } from '../../protocol/sip/endpoint';
import { serialize } from '../../protocol/sip/message';
import { onRequest, onStrayResponse } from './dialog';
import type { SbcContext, SbcSettingsResolved } from './context';
import { startEdgeProxy, type EdgeProxy } from './edge';
import { startKeepalives, type Keepalives } from './keepalive';
import { originateCall } from './originate';
import type { CallEvent, RunningSbc, SbcOptions, SbcStats } from './types';
import { serializeVariant } from './wire-style';

function settingsOf(opts: SbcOptions): SbcSettingsResolved {
  return {
    agreed: opts.agreedHeaders ?? { 'X-Telegent-Hairpin': '1' },
    uriFormat: opts.requestUriFormat ?? 'e164',
    ringMs: opts.pstn?.ringMs ?? 40,
    answerMs: opts.pstn?.answerMs ?? 120,
    inviteTimeoutMs: opts.inviteTimeoutMs ?? 32_000,
    allowRemoteTargets: !!opts.allowRemoteTargets,
  };
}

const newStats = (): SbcStats => ({
  received: 0,
  sent: 0,
  malformed: 0,
  badRequests: 0,
  optionsAnswered: 0,
  optionsIgnored: 0,
  invites: 0,
  forbidden: 0,
  activeCalls: 0,
  completedCalls: 0,
  keepalives: { sent: 0, ok: 0, failed: 0, last: [] },
});

/** the owner's callbacks, guarded: a throwing drift or events callback never breaks the SBC */
function guarded(opts: SbcOptions, log: (l: string) => void) {
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
  return { drift, emit };
}

export async function startSbc(opts: SbcOptions): Promise<RunningSbc> {
  const log = (l: string) => opts.log?.(`[sbc] ${l}`);
  const stats = newStats();
  const ref: { sbc?: SbcContext; keepalives?: Keepalives } = {}; // the endpoint's handlers reach the context built once the endpoint is bound
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
      if (stats.malformed <= 20 || stats.malformed % 500 === 0)
        log(`malformed datagram from ${peerStr(from)} (${size} B): ${error} [total ${stats.malformed}]`);
    },
    onRequest: (req, from) => {
      if (opts.probeOnTraffic !== false) ref.keepalives?.peerSpoke(from.host, from.port); // a trunk that speaks is up: keepalive.ts
      onRequest(ref.sbc!, req, from);
    },
    onStrayResponse: (res, from) => onStrayResponse(ref.sbc!, res, from),
    serialize: (msg) => (ref.sbc?.drift('sip-wire-variants') ? serializeVariant(msg, ref.sbc.self) : serialize(msg)),
  });
  const self = `${ep.host}:${ep.port}`;
  const sbc: SbcContext = (ref.sbc = {
    ep,
    self,
    contact: `<sip:telegent-sbc@${self}>`,
    settings: settingsOf(opts),
    directory: opts.directory,
    stats,
    calls: new Map(),
    callSeq: 0,
    log,
    ...guarded(opts, log),
    now: opts.now ?? Date.now,
  });
  log(`listening on ${self} (udp${ep.tcpServer ? ' + tcp' : ''})`);
  const edge = await startEdgeProxy(ep.host, { host: ep.host, port: ep.port }, log).catch((e: Error) => void log(`edge proxy not started: ${e.message}`));
  if (edge) sbc.edge = edge;
  ref.keepalives = startKeepalives(sbc, opts);
  return runningSbc(sbc, ref.keepalives, edge);
}

function runningSbc(sbc: SbcContext, keepalives: Keepalives, edge: EdgeProxy | void): RunningSbc {
  const { ep, stats, calls } = sbc;
  return {
    host: ep.host,
    port: ep.port,
    stats: () => ({ ...stats, keepalives: { ...stats.keepalives, last: [...stats.keepalives.last] } }),
    keepaliveNow: () => keepalives.now(),
    originateCall: (o) => originateCall(sbc, o),
    close: async () => {
      keepalives.stop();
      for (const { call } of calls.values()) {
        for (const t of call.timers) clearTimeout(t);
        if (call.okRetransmit) clearTimeout(call.okRetransmit);
      }
      await ep.close();
      await edge?.close();
    },
  };
}
