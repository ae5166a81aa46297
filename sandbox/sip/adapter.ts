/**
 * The sandbox core's SBC: `startSandboxSbc(ctx)` maps the core's seams (sandbox/ports.ts SbcContext — directory with
 * string ports and the sandbox clock, voice-event sink, usage sink, drift registry, logger) plus the SIP agreements
 * (SbcSettings, env fallbacks for `npm run sandbox`) onto SbcOptions and starts the SBC (./sbc.ts):
 *  - call events become voice-event webhooks (schemas/webhooks/voice-event.schema.json) posted through ctx.events;
 *  - each CDR leg becomes one voice usage event (sandbox/cdr voiceLegToUsage) recorded through ctx.usage;
 *  - drift modes are consulted per message through ctx.drift (declared in sandbox/drift/modes-sip.ts).
 */
import type { DirectoryRoute, NumberResolution, SbcContext, VoiceEventBody } from '../ports';
import { voiceLegToUsage } from '../cdr/records';
import { isE164 } from '../../protocol/e164';
import { parseUri } from '../../protocol/sip/message';
import { startSbc } from './sbc';
import type { CallEvent, ResolvedNumber, RunningSbc, SbcOptions, SbcSettings, TrunkView, VoiceCallEvent, VoiceRouteView } from './types';

/** the SBC of the sandbox core: its seams and the SIP agreements, in one explicit argument */
export type SandboxSbcContext = SbcContext & SbcSettings;

function mapTrunk(t: DirectoryRoute['trunks'][number], i: number): TrunkView | undefined {
  let ip = t.ip?.trim();
  let port = Number(t.port) || 0;
  if (!ip && t.uri && /^sips?:/i.test(t.uri)) {
    const u = parseUri(t.uri);
    if (u) {
      ip = u.host;
      port = port || u.port || 5060;
    }
  }
  if (!ip) return undefined;
  if (ip === 'localhost') ip = '127.0.0.1';
  const tr = String(t.transport ?? 'UDP').toUpperCase();
  return {
    ip,
    port: port || 5060,
    transport: tr === 'TCP' || tr === 'TLS' ? tr : 'UDP',
    enabled: t.enabled,
    priority: typeof t.priority === 'number' ? t.priority : i + 1,
    weight: typeof t.weight === 'number' ? t.weight : 1,
  };
}

function mapRoute(r: DirectoryRoute): VoiceRouteView {
  const trunks = r.trunks.map(mapTrunk).filter((t): t is TrunkView => !!t);
  const rt = String(r.routeType);
  return {
    callRouteId: r.callRouteId,
    accountId: r.accountId,
    routeType: rt === 'URL' || rt === 'Forward' ? rt : 'Trunk',
    enabled: r.enabled,
    trunks,
    ipWhitelist: (r.ipWhitelist ?? []).map((x) => (x === 'localhost' ? '127.0.0.1' : x)),
    callbackVoiceUrl: r.callbackVoiceUrl,
  };
}

function mapNumber(n: NumberResolution): ResolvedNumber {
  return {
    accountId: n.accountId,
    numberId: n.numberId,
    voiceRoute: n.voiceRoute ? mapRoute(n.voiceRoute) : undefined,
    effectiveAt: n.effectiveAt,
    status: n.status,
    voiceEnabled: n.voiceEnabled,
  };
}

const HANGUP: Record<number, string> = {
  403: 'CALL_REJECTED',
  404: 'UNALLOCATED_NUMBER',
  408: 'NO_ANSWER',
  480: 'NO_ANSWER',
  486: 'USER_BUSY',
  487: 'ORIGINATOR_CANCEL',
  503: 'SERVICE_UNAVAILABLE',
};
const WEBHOOK_EVENT: Record<VoiceCallEvent['status'], string | undefined> = {
  initiated: undefined,
  ringing: 'Call_Ringing',
  answered: 'Call_In_Progress',
  completed: 'Call_Completed',
  failed: 'Call_Completed',
  cancelled: 'Call_Completed',
};

/** voice-event webhook body (schemas/webhooks/voice-event.schema.json) for a call event, or undefined when none is due */
export function toVoiceWebhook(ev: VoiceCallEvent): VoiceEventBody | undefined {
  const name = WEBHOOK_EVENT[ev.status];
  if (!name || !isE164(ev.from) || !isE164(ev.to)) return undefined;
  const body: VoiceEventBody = {
    Event: name,
    CallId: ev.sipCallId,
    From: ev.from,
    To: ev.to,
    Direction: ev.direction,
    Timestamp: new Date(ev.at).toISOString(),
  };
  if (ev.callRouteId) body.CallRouteId = ev.callRouteId;
  if (name === 'Call_Completed') {
    body.Duration = Math.ceil((ev.durationMs ?? 0) / 1000);
    body.HangupCause = ev.status === 'completed' ? 'NORMAL_CLEARING' : (HANGUP[ev.sipStatus ?? 0] ?? 'FAILURE');
  }
  return body;
}

/** the SBC's events, delivered to the core: webhooks, usage (CDR legs), keepalive failures in the log */
function eventsToCore(ctx: SbcContext): (ev: CallEvent) => void {
  return (ev) => {
    if (ev.kind === 'call') {
      const body = toVoiceWebhook(ev);
      if (body && ev.callRouteId) ctx.events.emit(ev.callRouteId, body).catch((e) => ctx.log.warn(`voice event post failed: ${(e as Error).message}`));
    } else if (ev.kind === 'cdr') {
      const r = ev.record;
      if (r.accountId && isE164(r.from) && isE164(r.to)) ctx.usage.record(voiceLegToUsage(r));
      else ctx.log.info(`sip: no CDR for leg ${r.legId} (${r.from} → ${r.to}): caller/callee not E.164 or no account`);
    } else if (!ev.ok) ctx.log.info(`sip: keepalive to ${ev.target} (${ev.callRouteId}) failed: ${ev.error ?? ev.status}`);
  };
}

/** the SIP agreements: given ones first, then the environment (`npm run sandbox`), then the SBC's defaults */
function settingsOf(ctx: SandboxSbcContext, env: NodeJS.ProcessEnv): SbcSettings {
  let agreed = ctx.agreedHeaders;
  if (!agreed && env.SANDBOX_SIP_AGREED_HEADERS) {
    try {
      agreed = JSON.parse(env.SANDBOX_SIP_AGREED_HEADERS);
    } catch {
      ctx.log.warn('SANDBOX_SIP_AGREED_HEADERS is not JSON; using the default agreed headers');
    }
  }
  return {
    agreedHeaders: agreed,
    requestUriFormat: ctx.requestUriFormat ?? (env.SANDBOX_SIP_REQUEST_URI_FORMAT === 'national' ? 'national' : 'e164'),
    keepaliveIntervalMs: ctx.keepaliveIntervalMs ?? (Number(env.SANDBOX_SIP_KEEPALIVE_MS) || undefined),
    pstn: ctx.pstn,
    inviteTimeoutMs: ctx.inviteTimeoutMs,
    allowRemoteTargets: ctx.allowRemoteTargets ?? env.SANDBOX_SIP_ALLOW_REMOTE === '1',
    probeOnTraffic: ctx.probeOnTraffic,
  };
}

/** SbcOptions for the sandbox core's SBC */
function sbcOptionsOf(ctx: SandboxSbcContext, env: NodeJS.ProcessEnv = process.env): SbcOptions {
  return {
    host: ctx.host,
    port: ctx.port,
    now: () => ctx.directory.now(),
    directory: {
      resolveNumber: (e164) => {
        const n = ctx.directory.resolveNumber(e164);
        return n ? mapNumber(n) : undefined;
      },
      voiceRoutes: () =>
        ctx.directory
          .voiceRoutes()
          .map(mapRoute)
          .filter((r) => r.enabled),
    },
    events: eventsToCore(ctx),
    drift: (name) => ctx.drift.isDrift(name),
    log: (line) => ctx.log.info(line),
    ...settingsOf(ctx, env),
  };
}

export function startSandboxSbc(ctx: SandboxSbcContext): Promise<RunningSbc> {
  return startSbc(sbcOptionsOf(ctx));
}
