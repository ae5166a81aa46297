/**
 * OPTIONS keepalives: every enabled trunk of every enabled voice route is pinged once per interval; a trunk seen for
 * the first time (new route / number assignment) is pinged within one tick (250 ms), not after a full interval; a
 * trunk that did not answer is probed again 1 s after the failure. A trunk whose last keepalive went unanswered (or
 * is still unanswered) and which sends the SBC a request is probed at once: traffic from a peer is the sign SBCs take
 * that it came up (the partner's SBC started after its voice route was created), so the next keepalive need not wait
 * out a retransmission timer (the SBC's `probeOnTraffic`, off in the realistic sandbox, which pings on its period only).
 * A superseded probe's late outcome is not recorded. The docs give none of these timings: ruling R-sip-keepalive.
 */
import { newCallId, newTag, type SipRequest } from '../../protocol/sip/message';
import { viaOf } from './calls';
import { SERVER, type SbcContext } from './context';
import { reachable, safeRoutes } from './routing';
import type { KeepaliveEvent, SbcOptions, TrunkView, VoiceRouteView } from './types';

/** a trunk that did not answer is probed again this long after the failure (then every interval once it answers) */
const DOWN_REPROBE_MS = 1000;
/** a down trunk that speaks is probed at once, then at most once per this gap while it stays down */
const NUDGE_GAP_MS = 200;

export interface Keepalives {
  /** one keepalive round to every enabled trunk now; resolves when all answers / timeouts are in */
  now(): Promise<KeepaliveEvent[]>;
  /** a request came from this peer: a trunk there that is down (or not yet answered) is probed at once */
  peerSpoke(host: string, port: number): void;
  stop(): void;
}

interface KeepaliveState {
  interval: number;
  timeoutMs: number;
  inflight: Set<string>;
  nextDue: Map<string, number>;
  /** keys whose last keepalive failed or is unanswered so far */
  down: Set<string>;
  /** per key, the probe whose outcome counts (a nudge supersedes an unanswered one) */
  current: Map<string, number>;
  /** per key, when a nudge last sent a probe */
  nudgedAt: Map<string, number>;
  seq: number;
}

function optionsTo(sbc: SbcContext, t: TrunkView): SipRequest {
  return {
    kind: 'request',
    method: 'OPTIONS',
    uri: `sip:${t.ip}:${t.port}`,
    body: '',
    headers: [
      ['Via', viaOf(sbc)],
      ['Max-Forwards', '70'],
      ['From', `<sip:keepalive@${sbc.self}>;tag=${newTag()}`],
      ['To', `<sip:${t.ip}:${t.port}>`],
      ['Call-ID', newCallId(sbc.ep.host)],
      ['CSeq', '1 OPTIONS'],
      ['Contact', sbc.contact],
      ['User-Agent', SERVER],
      ['Accept', 'application/sdp'],
    ],
  };
}

async function pingTrunk(
  sbc: SbcContext,
  ka: KeepaliveState,
  r: VoiceRouteView,
  t: TrunkView,
  opts: { supersede?: boolean } = {},
): Promise<KeepaliveEvent | undefined> {
  const target = `${t.ip}:${t.port}`;
  const key = `${r.callRouteId}|${target}`;
  const base = { kind: 'keepalive' as const, callRouteId: r.callRouteId, accountId: r.accountId, target, transport: t.transport };
  ka.nextDue.set(key, Date.now() + ka.interval);
  if (!reachable(sbc, t.ip))
    return { ...base, ok: false, error: 'not contacted: the sandbox SBC only sends to loopback addresses (allowRemoteTargets)', at: sbc.now() };
  if (t.transport === 'TLS') return { ...base, ok: false, error: 'unsupported transport (sandbox SBC speaks UDP and TCP, not TLS)', at: sbc.now() };
  // drift sip-keepalive-never: the SBC answers keepalives but never sends its own to the trunks
  if (sbc.drift('sip-keepalive-never')) return undefined;
  if (ka.inflight.has(key) && !opts.supersede) return undefined;
  // a chatty peer (a request burst while it is down) gets one fresh probe per NUDGE_GAP_MS, not one per request
  if (opts.supersede && Date.now() - (ka.nudgedAt.get(key) ?? 0) < NUDGE_GAP_MS) return undefined;
  if (opts.supersede) ka.nudgedAt.set(key, Date.now());
  const probe = ++ka.seq;
  ka.current.set(key, probe);
  ka.inflight.add(key);
  ka.down.add(key); // until it answers
  const started = Date.now();
  sbc.stats.keepalives.sent++;
  // drift sip-keepalive-wrong-transport: keepalives go over the other transport than the trunk's (TCP to a UDP trunk)
  const tcp = (t.transport === 'TCP') !== sbc.drift('sip-keepalive-wrong-transport');
  const peer = { host: t.ip, port: t.port, transport: tcp ? ('TCP' as const) : ('UDP' as const) };
  const res = await sbc.ep.request(optionsTo(sbc, t), peer, { timeoutMs: ka.timeoutMs });
  if (ka.current.get(key) !== probe) return undefined; // a nudge sent a newer probe: its outcome counts
  ka.inflight.delete(key);
  const ok = !!res && res.status >= 200 && res.status < 300;
  if (ok) ka.down.delete(key);
  else ka.nextDue.set(key, Date.now() + Math.min(DOWN_REPROBE_MS, ka.interval));
  return res ? { ...base, ok, status: res.status, rttMs: Date.now() - started, at: sbc.now() } : { ...base, ok: false, error: 'timeout', at: sbc.now() };
}

function recordResult(sbc: SbcContext, ev: KeepaliveEvent) {
  const ka = sbc.stats.keepalives;
  if (ev.ok) ka.ok++;
  else ka.failed++;
  ka.last = [...ka.last.filter((x) => !(x.callRouteId === ev.callRouteId && x.target === ev.target)), ev].slice(-50);
  sbc.emit(ev);
}

function trunksToPing(sbc: SbcContext): [VoiceRouteView, TrunkView][] {
  const out: [VoiceRouteView, TrunkView][] = [];
  for (const r of safeRoutes(sbc)) {
    if (!r.enabled) continue;
    for (const t of r.trunks) if (t.enabled && t.ip && t.port) out.push([r, t]);
  }
  return out;
}

/** the keepalive loop (unless keepaliveIntervalMs < 0) and the on-demand round */
export function startKeepalives(sbc: SbcContext, opts: Pick<SbcOptions, 'keepaliveIntervalMs' | 'keepaliveTimeoutMs'>): Keepalives {
  const interval = opts.keepaliveIntervalMs && opts.keepaliveIntervalMs > 0 ? opts.keepaliveIntervalMs : 30_000;
  const ka: KeepaliveState = {
    interval,
    timeoutMs: opts.keepaliveTimeoutMs ?? Math.min(3000, Math.max(500, interval)),
    inflight: new Set(),
    nextDue: new Map(),
    down: new Set(),
    current: new Map(),
    nudgedAt: new Map(),
    seq: 0,
  };
  const record = (ev: KeepaliveEvent | undefined) => ev && recordResult(sbc, ev);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  if (!(opts.keepaliveIntervalMs !== undefined && opts.keepaliveIntervalMs < 0)) {
    const tick = () => {
      if (closed) return;
      const t0 = Date.now();
      for (const [r, t] of trunksToPing(sbc)) {
        const due = ka.nextDue.get(`${r.callRouteId}|${t.ip}:${t.port}`);
        if (due === undefined || t0 >= due)
          void pingTrunk(sbc, ka, r, t)
            .then(record)
            .catch((e) => sbc.log(`keepalive failed: ${e}`));
      }
    };
    timer = setInterval(tick, Math.min(interval, 250));
    timer.unref();
    setImmediate(tick);
  }
  return {
    now: async () => {
      const results = (await Promise.all(trunksToPing(sbc).map(([r, t]) => pingTrunk(sbc, ka, r, t)))).filter((x): x is KeepaliveEvent => !!x);
      results.forEach((ev) => recordResult(sbc, ev));
      return results;
    },
    peerSpoke: (host, port) => {
      if (closed) return;
      for (const [r, t] of trunksToPing(sbc))
        if (t.ip === host && t.port === port && ka.down.has(`${r.callRouteId}|${host}:${port}`))
          void pingTrunk(sbc, ka, r, t, { supersede: true })
            .then(record)
            .catch((e) => sbc.log(`keepalive failed: ${e}`));
    },
    stop: () => {
      closed = true;
      if (timer) clearInterval(timer);
    },
  };
}
