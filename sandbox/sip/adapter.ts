/**
 * startSbc entry point. Accepts either
 *  - SbcOptions (this folder's own seam, see ./index.ts) — used by the self-tests, or
 *  - the sandbox core's SbcContext (sandbox/ports.ts) plus optional SIP settings — used by sandbox/core:
 *    directory (NumberResolution / core VoiceRouteView, sandbox clock `now()`), CallEventSink
 *    (PascalCase voice-event webhooks, schemas/webhooks/voice-event.schema.json), UsageSink
 *    (voice CDR legs for sandbox/cdr), DriftRegistry, SandboxLogger.
 */
import type { SbcContext, NumberResolution, VoiceRouteView as CoreRouteView, UsageEvent, CallEvent as CoreCallEvent } from '../ports';
import { parseUri } from '../../protocol/sip/message';
import { startSbc as startCore } from './sbc';
import type { CallEvent, ResolvedNumber, RunningSbc, SbcOptions, TrunkView, VoiceRouteView, VoiceCdrLeg, VoiceCallEvent } from './index';

/** SIP settings the core may add to the context (all optional; env fallbacks for `npm run sandbox`) */
export interface SbcContextExtras {
  agreedHeaders?: Record<string, string>; // env SANDBOX_SIP_AGREED_HEADERS (JSON), default {"X-Telegent-Hairpin":"1"}
  requestUriFormat?: 'e164' | 'national'; // env SANDBOX_SIP_REQUEST_URI_FORMAT, default e164
  keepaliveIntervalMs?: number; // env SANDBOX_SIP_KEEPALIVE_MS, default 30000
  pstn?: SbcOptions['pstn'];
  inviteTimeoutMs?: number;
  allowRemoteTargets?: boolean; // env SANDBOX_SIP_ALLOW_REMOTE=1; default: only loopback trunks are contacted
}

const isContext = (o: unknown): o is SbcContext & SbcContextExtras =>
  !!o && typeof o === 'object' && 'usage' in o && typeof (o as SbcContext).events === 'object' && typeof (o as SbcContext).directory?.now === 'function';

const E164 = /^\+[1-9]\d{1,14}$/;

function mapRoute(r: CoreRouteView): VoiceRouteView {
  const trunks: TrunkView[] = [];
  r.trunks.forEach((t, i) => {
    let ip = t.ip?.trim();
    let port = Number(t.port) || 0;
    if (!ip && t.uri && /^sips?:/i.test(t.uri)) {
      const u = parseUri(t.uri);
      if (u) {
        ip = u.host;
        port = port || u.port || 5060;
      }
    }
    if (!ip) return;
    if (ip === 'localhost') ip = '127.0.0.1';
    const tr = String(t.transport ?? 'UDP').toUpperCase();
    trunks.push({
      ip, port: port || 5060, transport: tr === 'TCP' || tr === 'TLS' ? tr : 'UDP', enabled: t.enabled,
      priority: typeof t.priority === 'number' ? t.priority : i + 1, weight: typeof t.weight === 'number' ? t.weight : 1,
    });
  });
  const rt = String(r.routeType);
  return {
    callRouteId: r.callRouteId, accountId: r.accountId, routeType: rt === 'URL' || rt === 'Forward' ? rt : 'Trunk', enabled: r.enabled,
    trunks, ipWhitelist: (r.ipWhitelist ?? []).map((x) => (x === 'localhost' ? '127.0.0.1' : x)), callbackVoiceUrl: r.callbackVoiceUrl,
  };
}

function mapNumber(n: NumberResolution): ResolvedNumber {
  return { accountId: n.accountId, numberId: n.numberId, voiceRoute: n.voiceRoute ? mapRoute(n.voiceRoute) : undefined, effectiveAt: n.effectiveAt, status: n.status, voiceEnabled: n.voiceEnabled };
}

const HANGUP: Record<number, string> = { 403: 'CALL_REJECTED', 404: 'UNALLOCATED_NUMBER', 408: 'NO_ANSWER', 480: 'NO_ANSWER', 486: 'USER_BUSY', 487: 'ORIGINATOR_CANCEL', 503: 'SERVICE_UNAVAILABLE' };

/** voice-event webhook body (schemas/webhooks/voice-event.schema.json) for a call event, or undefined when none is due */
export function toVoiceWebhook(ev: VoiceCallEvent): CoreCallEvent | undefined {
  const name = { initiated: undefined, ringing: 'Call_Ringing', answered: 'Call_In_Progress', completed: 'Call_Completed', failed: 'Call_Completed', cancelled: 'Call_Completed' }[ev.status];
  if (!name || !E164.test(ev.from) || !E164.test(ev.to)) return undefined;
  const body: CoreCallEvent = { Event: name, CallId: ev.sipCallId, From: ev.from, To: ev.to, Direction: ev.direction, Timestamp: new Date(ev.at).toISOString() };
  if (ev.callRouteId) body.CallRouteId = ev.callRouteId;
  if (name === 'Call_Completed') {
    body.Duration = Math.ceil((ev.durationMs ?? 0) / 1000);
    body.HangupCause = ev.status === 'completed' ? 'NORMAL_CLEARING' : HANGUP[ev.sipStatus ?? 0] ?? 'FAILURE';
  }
  return body;
}

/** usage event for the CDR service (schemas/cdr/voice.schema.json fields carried as extras) */
export function toUsage(r: VoiceCdrLeg): UsageEvent & Record<string, unknown> {
  return {
    type: 'voice', direction: r.direction, from: r.from, to: r.to, callId: r.sipCallId, startedAt: new Date(r.start).toISOString(),
    durationMs: r.durationMs, accountId: r.accountId ?? '', numberId: r.numberId || undefined,
    leg: r.leg, answeredAt: r.answer ? new Date(r.answer).toISOString() : null, endedAt: new Date(r.end).toISOString(),
    durationSeconds: Math.ceil(r.durationMs / 1000), disposition: r.disposition.toUpperCase().replace('-', '_'),
    sipStatus: r.sipStatus, telegentCallId: r.callId, callRouteId: r.callRouteId,
  };
}

export function startSbc(opts: SbcOptions): Promise<RunningSbc>;
export function startSbc(ctx: SbcContext & SbcContextExtras): Promise<RunningSbc>;
export function startSbc(o: SbcOptions | (SbcContext & SbcContextExtras)): Promise<RunningSbc> {
  if (!isContext(o)) return startCore(o);
  const ctx = o;
  const env = process.env;
  let agreed = ctx.agreedHeaders;
  if (!agreed && env.SANDBOX_SIP_AGREED_HEADERS) {
    try {
      agreed = JSON.parse(env.SANDBOX_SIP_AGREED_HEADERS);
    } catch {
      ctx.log.warn('SANDBOX_SIP_AGREED_HEADERS is not JSON; using the default agreed headers');
    }
  }
  const fmt = ctx.requestUriFormat ?? (env.SANDBOX_SIP_REQUEST_URI_FORMAT === 'national' ? 'national' : 'e164');
  const events = (ev: CallEvent) => {
    if (ev.kind === 'call') {
      const body = toVoiceWebhook(ev);
      if (body && ev.callRouteId) ctx.events.emit(ev.callRouteId, body).catch((e) => ctx.log.warn(`voice event post failed: ${(e as Error).message}`));
    } else if (ev.kind === 'cdr') {
      const r = ev.record;
      if (r.accountId && E164.test(r.from) && E164.test(r.to)) ctx.usage.record(toUsage(r));
      else ctx.log.info(`sip: no CDR for leg ${r.legId} (${r.from} → ${r.to}): caller/callee not E.164 or no account`);
    } else if (!ev.ok) ctx.log.info(`sip: keepalive to ${ev.target} (${ev.callRouteId}) failed: ${ev.error ?? ev.status}`);
  };
  return startCore({
    host: ctx.host,
    port: ctx.port,
    now: () => ctx.directory.now(),
    directory: {
      resolveNumber: (e164) => {
        const n = ctx.directory.resolveNumber(e164);
        return n ? mapNumber(n) : undefined;
      },
      voiceRoutes: () => ctx.directory.voiceRoutes().map(mapRoute).filter((r) => r.enabled),
    },
    events,
    drift: (name) => ctx.drift.isDrift(name),
    log: (line) => ctx.log.info(line),
    agreedHeaders: agreed,
    requestUriFormat: fmt,
    keepaliveIntervalMs: ctx.keepaliveIntervalMs ?? (Number(env.SANDBOX_SIP_KEEPALIVE_MS) || undefined),
    pstn: ctx.pstn,
    inviteTimeoutMs: ctx.inviteTimeoutMs,
    allowRemoteTargets: ctx.allowRemoteTargets ?? env.SANDBOX_SIP_ALLOW_REMOTE === '1',
  });
}
