/**
 * Integration points between the sandbox core (this folder) and its sub-systems:
 * the Telegent SBC (`sandbox/sip/`) and the CDR service (`sandbox/cdr/`).
 *
 * The core calls these interfaces; sub-systems implement them. Stubs live at the bottom of this file
 * and are used until / unless the real implementations are present:
 *   - `sandbox/sip/index.ts` may export `startSbc(ctx: SbcContext): Promise<SbcHandle>`
 *   - `sandbox/cdr/index.ts` may export `createCdrService(ctx: CdrContext): CdrService`
 */

/** A voice route as the SBC sees it (only the parts that matter for call routing). */
export interface VoiceRouteView {
  callRouteId: string;
  accountId: string;
  routeName: string;
  routeType: 'Trunk' | 'URL' | 'Forward' | string;
  enabled: boolean;
  trunks: Array<{ ip?: string; port?: string; transport?: string; uri?: string; enabled: boolean; priority?: number; weight?: number }>;
  voiceUrl?: string;
  forwardTo?: string;
  callbackVoiceUrl?: string;
  callbackVoiceUrlMethod?: string;
  /** auth used when the sandbox posts call events to callbackVoiceUrl */
  callbackAuth?: { type: 'Basic' | 'Bearer' | 'None'; username?: string; secret?: string };
  ipWhitelist: string[];
  headerManipulation?: string;
  /** epoch ms (sandbox clock) at which this version of the route became / becomes effective */
  effectiveAt: number;
}

/** What the SBC gets when it looks a Telegent number up. */
export interface NumberResolution {
  e164: string;
  accountId: string;
  numberId: string;
  status: string; // Active | Parked | Cancelled | ...
  voiceEnabled: boolean;
  /** the voice route in effect right now (after propagation), if any */
  voiceRoute?: VoiceRouteView;
  /** the configuration currently waiting for propagation, if any */
  pendingVoiceRoute?: VoiceRouteView | null;
  /** epoch ms at which the latest number→route assignment / route change takes (took) effect */
  effectiveAt: number;
}

export interface SbcDirectory {
  resolveNumber(e164: string): NumberResolution | undefined;
  /** every voice route version currently in effect */
  voiceRoutes(): VoiceRouteView[];
  /** sandbox clock (epoch ms) */
  now(): number;
}

export interface CallEvent {
  CallId: string;
  Event: 'initiated' | 'ringing' | 'answered' | 'completed' | 'failed' | string;
  Direction: 'inbound' | 'outbound';
  From: string;
  To: string;
  Timestamp: string;
  DurationSeconds?: number;
  [k: string]: unknown;
}

/** The SBC emits call events; the core posts them to the route's CallbackVoiceUrl with the route's auth. */
export interface CallEventSink {
  emit(callRouteId: string, event: CallEvent): Promise<void>;
}

export interface UsageEvent {
  type: 'sms' | 'mms' | 'voice' | 'data';
  direction: 'inbound' | 'outbound' | 'mo' | 'mt';
  from: string;
  to: string;
  messageId?: string;
  callId?: string;
  sessionId?: string;
  startedAt: string; // ISO 8601
  durationMs?: number;
  bytes?: number;
  segments?: number;
  apn?: string;
  iccid?: string;
  accountId: string;
  numberId?: string;
}

export interface UsageSink {
  record(event: UsageEvent): void;
}

export interface CdrService extends UsageSink {
  /** deliver what is pending now (POST /_sandbox/cdr/flush); returns a JSON-able summary */
  flush(): Promise<unknown>;
  close?(): Promise<void>;
}

export interface DriftRegistry {
  isDrift(name: string): boolean;
}

export interface SandboxLogger {
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
}

export interface SbcContext {
  host: string;
  port: number;
  directory: SbcDirectory;
  events: CallEventSink;
  usage: UsageSink;
  drift: DriftRegistry;
  log: SandboxLogger;
}

export interface SbcHandle {
  host: string;
  port: number;
  close(): Promise<void>;
}

export interface CdrContext {
  drift: DriftRegistry;
  now(): number;
  log: SandboxLogger;
  /** accounts/webhook configuration lookup for delivery (webhook URL, e-mail) — resolved by the CDR service itself */
  accountSettings?(accountId: string): Record<string, unknown> | undefined;
}

/* ----------------------------- stubs ----------------------------- */

export class InMemoryUsageSink implements CdrService {
  readonly events: UsageEvent[] = [];
  record(event: UsageEvent): void {
    this.events.push(event);
    if (this.events.length > 100_000) this.events.shift();
  }
  async flush(): Promise<unknown> {
    return { delivered: 0, pending: this.events.length, note: 'CDR service not installed (stub)' };
  }
}

export async function stubSbc(ctx: SbcContext): Promise<SbcHandle> {
  return { host: ctx.host, port: 0, close: async () => {} };
}
