/** The SBC's view of the directory: voice routes, the INVITE source whitelist, number lookups, trunk choice. */
import type { SbcContext } from './context';
import type { ResolvedNumber, TrunkView, VoiceRouteView } from './types';

/** the sandbox only ever sends SIP to loopback addresses unless explicitly allowed (vendor example IPs like 20.87.87.87 stay untouched) */
export const reachable = (sbc: SbcContext, ip: string) => sbc.settings.allowRemoteTargets || /^127\./.test(ip) || ip === '::1' || ip === 'localhost';

export function safeRoutes(sbc: SbcContext): VoiceRouteView[] {
  try {
    return sbc.directory.voiceRoutes() ?? [];
  } catch (e) {
    sbc.log(`directory.voiceRoutes threw: ${(e as Error).message}`);
    return [];
  }
}

export function whitelist(sbc: SbcContext): Set<string> {
  const s = new Set<string>();
  for (const r of safeRoutes(sbc)) {
    if (!r.enabled) continue;
    for (const t of r.trunks) if (t.ip) s.add(t.ip);
    for (const ip of r.ipWhitelist ?? []) s.add(ip.replace(/\/32$/, ''));
  }
  return s;
}

export function resolve(sbc: SbcContext, e164: string | undefined): ResolvedNumber | undefined {
  if (!e164) return undefined;
  try {
    return sbc.directory.resolveNumber(e164);
  } catch (e) {
    sbc.log(`directory.resolveNumber threw: ${(e as Error).message}`);
    return undefined;
  }
}

export const routeOfSource = (sbc: SbcContext, ip: string): VoiceRouteView | undefined =>
  safeRoutes(sbc).find((r) => r.enabled && (r.trunks.some((t) => t.ip === ip) || (r.ipWhitelist ?? []).includes(ip)));

export function pickTrunk(sbc: SbcContext, trunks: TrunkView[]): TrunkView | undefined {
  return trunks
    .filter((t) => t.enabled && (t.transport === 'UDP' || t.transport === 'TCP') && t.ip && t.port && reachable(sbc, t.ip))
    .sort((x, y) => x.priority - y.priority || y.weight - x.weight)[0];
}
