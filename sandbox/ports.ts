/**
 * The sandbox core's side of its seams with the two sub-systems (a leaf types module, like sandbox/sip/types.ts and
 * sandbox/cdr/types.ts, whose vocabulary it reuses rather than repeats):
 *   - the Telegent SBC (`sandbox/sip/`) gets the core's `NumberDirectory`, a `VoiceEventSink`, the usage sink, the
 *     drift registry and the logger (`SbcContext`), mapped onto the SBC's own options by sandbox/sip/adapter.ts;
 *   - the CDR service (`sandbox/cdr/`) records the core's usage events (`UsageEvent`, sandbox/cdr/types.ts).
 */
import type { UsageEvent } from './cdr/types';

export type { UsageEvent } from './cdr/types';

/** A voice route as the core stores it (string ports, raw transport names): the SBC's adapter normalises it. */
export interface DirectoryRoute {
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
  voiceRoute?: DirectoryRoute;
  /** the configuration currently waiting for propagation, if any */
  pendingVoiceRoute?: DirectoryRoute | null;
  /** epoch ms at which the latest number→route assignment / route change takes (took) effect */
  effectiveAt: number;
}

/** The core's directory of numbers and voice routes, on the sandbox clock. */
export interface NumberDirectory {
  resolveNumber(e164: string): NumberResolution | undefined;
  /** every voice route version currently in effect */
  voiceRoutes(): DirectoryRoute[];
  /** sandbox clock (epoch ms) */
  now(): number;
}

/** A voice-event webhook body (schemas/webhooks/voice-event.schema.json). */
export interface VoiceEventBody {
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
export interface VoiceEventSink {
  emit(callRouteId: string, event: VoiceEventBody): Promise<void>;
}

export interface UsageSink {
  record(event: UsageEvent): void;
}

/** What the core asks of its CDR service: sandbox/cdr's CdrService fits, and so does the in-memory fallback below. */
export interface UsageService extends UsageSink {
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

/** Everything the SBC gets from the core (sandbox/sip/adapter.ts). */
export interface SbcContext {
  host: string;
  port: number;
  directory: NumberDirectory;
  events: VoiceEventSink;
  usage: UsageSink;
  drift: DriftRegistry;
  log: SandboxLogger;
}

/** The usage sink used when the CDR service cannot be built (its layout file unreadable): events kept in memory. */
export class InMemoryUsageSink implements UsageService {
  readonly events: UsageEvent[] = [];
  record(event: UsageEvent): void {
    this.events.push(event);
    if (this.events.length > 100_000) this.events.shift();
  }
  async flush(): Promise<unknown> {
    return { delivered: 0, pending: this.events.length, note: 'CDR service not installed (stub)' };
  }
}
