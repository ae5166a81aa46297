/**
 * Voice steps for items 13–16: the Telegent SBC address, waiting for a voice-route change to propagate
 * (documented: a 10-minute automation cycle) by probing for the real effect, and call evidence.
 */
import { needed } from './fixtures';
import type { Target } from './fixtures';
import { startSipAgent, type PlaceCallResult, type SipAgent } from './sip';
import type { SuiteConfig } from './config';
import { progress } from './progress';

export function sbcOf(target: Target): string {
  return needed(target.sbc, 'TELEGENT_SBC', 'the Telegent SBC address (Phase 2: host:port)');
}

/**
 * Probe until a call to `callee` through the Telegent SBC reaches the partner SBC (route effective),
 * retrying every probeEveryMs, up to the propagation window. Returns how long it took.
 */
export async function waitForRouteEffective(sip: SipAgent, sbc: string, caller: string, callee: string, cfg: SuiteConfig): Promise<number> {
  const started = Date.now();
  const deadline = started + cfg.propagationWaitMs;
  const probeEvery = Math.max(250, cfg.pollMs);
  const bar = progress(`voice-route propagation (documented up to 10 minutes) for ${callee}`, cfg.propagationWaitMs);
  try {
    const digits = callee.replace(/\D/g, '').slice(-10);
    while (true) {
      const since = Date.now();
      const res = await sip.placeCall({ target: sbc, from: caller, to: callee, timeoutMs: Math.min(5_000, Math.max(1_000, deadline - since)) });
      await sip.hangup().catch(() => undefined);
      // propagated = the call was answered AND it was the partner SBC that got the INVITE for the callee
      const reached =
        res.connected && sip.receivedInvites().some((i) => i.receivedAt >= since && `${i.to} ${i.requestUri}`.replace(/\D/g, '').includes(digits));
      if (reached) return Date.now() - started;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `the voice route did not take effect within ${(cfg.propagationWaitMs / 1000).toFixed(0)} s (last probe: ${res.status ?? 'no answer'} ${res.reason ?? ''})`,
        );
      bar.tick(left, `last probe: ${res.status ?? 'no answer'}`);
      await new Promise((r) => setTimeout(r, Math.min(probeEvery, left)));
    }
  } finally {
    bar.done();
  }
}

/**
 * A loopback address beside the partner SBC's own (127.0.0.1 → 127.0.0.2): a host on none of the account's Voice
 * Routes (no trunk, not in IpWhitelist). Undefined when the partner SBC is not on loopback (a real network: the suite
 * has no other source address to call from).
 */
export function strangerHostBeside(host: string): string | undefined {
  if (!/^127\.\d+\.\d+\.\d+$/.test(host)) return undefined;
  return host === '127.0.0.2' ? '127.0.0.3' : '127.0.0.2';
}

/** One call from `host` (a second SIP agent bound there on an ephemeral port) through the Telegent SBC; any call it connects is hung up. */
export async function callFromHost(host: string, call: { sbc: string; from: string; to: string; timeoutMs: number }): Promise<PlaceCallResult> {
  const agent = await startSipAgent({ host, port: 0 });
  try {
    const res = await agent.placeCall({ target: call.sbc, from: call.from, to: call.to, timeoutMs: call.timeoutMs });
    if (res.connected) await agent.hangup(res.callId).catch(() => undefined);
    return res;
  } finally {
    await agent.close();
  }
}
