/**
 * The Telegent SBC's vocabulary (sandbox/sip/): a leaf module — every other file of the subsystem imports it, it
 * imports nothing. Behaviour is documented in docs/ARCHITECTURE.md (SIP) and sandbox/README.md.
 *
 * Transport: SIP (RFC 3261) over UDP and TCP (same port number). TLS trunks are recorded as
 * "unsupported transport" in the keepalive stats and are never chosen for a call.
 */

export type TrunkTransport = 'UDP' | 'TCP' | 'TLS';

export interface TrunkView {
  ip: string;
  port: number;
  transport: TrunkTransport;
  enabled: boolean;
  /** lower = preferred (Trunk1 = 1, Trunk2 = 2 …) */
  priority: number;
  weight: number;
}

export interface VoiceRouteView {
  callRouteId: string;
  accountId: string;
  routeType: 'Trunk' | 'URL' | 'Forward';
  enabled: boolean;
  trunks: TrunkView[];
  /** extra source IPs allowed to send INVITEs (besides the trunk IPs) */
  ipWhitelist: string[];
  callbackVoiceUrl?: string;
}

export interface ResolvedNumber {
  accountId: string;
  numberId: string;
  voiceRoute?: VoiceRouteView;
  /** epoch ms (directory clock, see SbcOptions.now) at which the number's current route assignment is effective (propagation delay) */
  effectiveAt: number;
  /** number status ('Active', 'Parked', …): a hosted callee not 'Active' gets 404; absent = Active */
  status?: string;
  /** false → a call to the number gets 403 (voice not enabled on the line); absent = enabled */
  voiceEnabled?: boolean;
}

export interface SbcDirectory {
  /** `e164` is always '+1XXXXXXXXXX' (the SBC normalises 10/11-digit and tel/sip forms first) */
  resolveNumber(e164: string): ResolvedNumber | undefined;
  /** enabled voice routes of all accounts (used for keepalives and the INVITE source whitelist) */
  voiceRoutes(): VoiceRouteView[];
}

export type CallDirection = 'outbound' | 'inbound';

/** Call progress, to be posted by the sandbox to the route's CallbackVoiceUrl. */
export interface VoiceCallEvent {
  kind: 'call';
  status: 'initiated' | 'ringing' | 'answered' | 'completed' | 'failed' | 'cancelled';
  /** Telegent-side call id (same for both legs of a hairpinned call) */
  callId: string;
  /** SIP Call-ID of this leg */
  sipCallId: string;
  legId: string;
  leg: 'A' | 'B'; // A = caller ↔ Telegent, B = Telegent → callee (hairpin only)
  direction: CallDirection; // 'outbound' = leg from the partner SBC, 'inbound' = leg towards a partner trunk
  from: string; // E.164 when it is a number, else the raw user part
  to: string;
  accountId?: string;
  numberId?: string;
  callRouteId?: string;
  callbackVoiceUrl?: string;
  at: number; // epoch ms
  durationMs?: number; // on 'completed'
  sipStatus?: number; // final SIP status for failed/cancelled
  reason?: string;
}

/** One CDR leg (type 'voice') for the CDR service (`record(...)`). */
export interface VoiceCdrLeg {
  type: 'voice';
  callId: string;
  sipCallId: string; // the reconciliation key of schemas/cdr/voice.schema.json (callId + leg)
  legId: string;
  leg: 'A' | 'B';
  direction: CallDirection;
  from: string;
  to: string;
  accountId?: string;
  numberId?: string;
  callRouteId?: string;
  start: number; // epoch ms (INVITE)
  answer?: number; // epoch ms (200 OK), absent when not answered
  end: number; // epoch ms
  durationMs: number; // end - answer (0 when not answered)
  disposition: 'answered' | 'no-answer' | 'busy' | 'failed' | 'cancelled';
  sipStatus: number; // 200 when answered, else the final status
  peer: 'pstn' | 'trunk';
}

export interface VoiceCdrEvent {
  kind: 'cdr';
  record: VoiceCdrLeg;
}

/** Result of one OPTIONS keepalive sent by the SBC to a trunk. */
export interface KeepaliveEvent {
  kind: 'keepalive';
  callRouteId: string;
  accountId: string;
  target: string; // ip:port
  transport: TrunkTransport;
  ok: boolean;
  status?: number;
  rttMs?: number;
  error?: string; // 'timeout' | 'unsupported transport' | …
  at: number;
}

export type CallEvent = VoiceCallEvent | VoiceCdrEvent | KeepaliveEvent;

export interface SbcOptions {
  host: string;
  port: number; // 0 = ephemeral
  directory: SbcDirectory;
  events?: (ev: CallEvent) => void;
  /** true = drift mode active. Consulted per message, so toggling at run time works. */
  drift?: (name: string) => boolean;
  /**
   * OPTIONS keepalive period towards every enabled trunk; 0/undefined = 30000; negative = disabled.
   * A trunk seen for the first time is probed within 250 ms; a trunk that did not answer is probed again
   * 1 s after the failure (so a partner SBC that starts late is seen within seconds, not a full period).
   */
  keepaliveIntervalMs?: number;
  /** a down trunk that sends the SBC a request is probed at once (default true; the realistic sandbox: false) */
  probeOnTraffic?: boolean;
  /** wait for a keepalive answer (default min(3000, interval)) */
  keepaliveTimeoutMs?: number;
  /** custom headers added to every hairpinned inbound INVITE; default { 'X-Telegent-Hairpin': '1' } */
  agreedHeaders?: Record<string, string>;
  /** Request-URI user part of inbound INVITEs: 'e164' → sip:+1NXXNXXXXXX@ip:port;user=phone (default), 'national' → sip:NXXNXXXXXX@ip:port */
  requestUriFormat?: 'e164' | 'national';
  log?: (line: string) => void;
  /** the directory's clock (epoch ms) — the sandbox clock, which /_sandbox/clock/advance moves; default Date.now */
  now?: () => number;
  /** simulated PSTN timings (ms): 180 after ringMs, 200 after answerMs (from INVITE). Default 40 / 120. */
  pstn?: { ringMs?: number; answerMs?: number };
  /** send keepalives / hairpin INVITEs to non-loopback trunk IPs too (default false: the sandbox never contacts e.g. the vendor example 20.87.87.87) */
  allowRemoteTargets?: boolean;
  /** bound for an unanswered hairpin leg (Timer B-ish): 408 back to the caller. Default 32000. */
  inviteTimeoutMs?: number;
}

export interface SbcStats {
  received: number;
  sent: number;
  malformed: number;
  badRequests: number; // 400s sent
  optionsAnswered: number;
  optionsIgnored: number;
  invites: number;
  forbidden: number; // 403s sent
  activeCalls: number;
  completedCalls: number;
  keepalives: { sent: number; ok: number; failed: number; last: KeepaliveEvent[] };
}

export interface RunningSbc {
  host: string;
  port: number;
  close(): Promise<void>;
  stats(): SbcStats;
  /** send one keepalive round now (also runs on the interval); resolves when all answers/timeouts are in */
  keepaliveNow(): Promise<KeepaliveEvent[]>;
  /**
   * A simulated PSTN caller dials a sandbox-hosted number (checklist item 16 without a second hosted
   * number): the SBC sends the inbound INVITE to the number's voice-route trunk (agreed R-URI format
   * and headers, drift hooks apply), holds `holdMs` (default 1000) after the answer, then sends BYE.
   * Resolves when the call is over. Emits the inbound leg's events / CDR (leg 'B').
   */
  originateCall(opts: { from: string; to: string; holdMs?: number; timeoutMs?: number }): Promise<OriginateResult>;
}

export interface OriginateResult {
  connected: boolean;
  status: number | null; // final SIP status of the inbound leg (200 when answered)
  callId: string; // Telegent call id ('' when refused before any INVITE)
  sipCallId?: string; // Call-ID of the inbound INVITE
  requestUri?: string;
  durationMs?: number;
  error?: string; // why no INVITE was sent (not hosted, no route, not yet effective…)
}

/** SIP agreements the sandbox passes to its SBC (all optional; env fallbacks for `npm run sandbox`, see adapter.ts) */
export interface SbcSettings {
  agreedHeaders?: Record<string, string>; // env SANDBOX_SIP_AGREED_HEADERS (JSON), default {"X-Telegent-Hairpin":"1"}
  requestUriFormat?: 'e164' | 'national'; // env SANDBOX_SIP_REQUEST_URI_FORMAT, default e164
  keepaliveIntervalMs?: number; // env SANDBOX_SIP_KEEPALIVE_MS, default 30000
  pstn?: SbcOptions['pstn'];
  inviteTimeoutMs?: number;
  allowRemoteTargets?: boolean; // env SANDBOX_SIP_ALLOW_REMOTE=1; default: only loopback trunks are contacted
  probeOnTraffic?: boolean; // default true; false in realistic mode (keepalives on their period only)
}
