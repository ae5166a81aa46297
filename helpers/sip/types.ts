/** The partner-SBC SIP agent's vocabulary (helpers/sip/): what the specs and the checks see of it. */
import type { Peer } from '../../protocol/sip/endpoint';
import type { SipLine } from '../../protocol/sip/message';

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
  /** the body of the 2xx (the SDP answer to the INVITE's offer); undefined when not answered */
  answerBody?: string;
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
  /**
   * INVITE `to` through `target`. `cancelWhen`: once it settles (and a provisional response came, RFC 3261 §9.1), a call
   * still unanswered is CANCELled — the caller hanging up before the answer.
   */
  placeCall(opts: PlaceCallRequest): Promise<PlaceCallResult>;
  /** BYE the given established call (default: every call this agent placed or answered that is still up) */
  hangup(callId?: string): Promise<HangupResult[]>;
  /**
   * first INVITE received (already or within timeoutMs) whose R-URI or To user is `to` (any form), at or after `since`
   * (default: any); rejects with SipTimeoutError
   */
  waitForInvite(opts: { to?: string; since?: number; timeoutMs: number; onProgress?: (elapsedMs: number) => void }): Promise<InboundInvite>;
  /** INVITEs for `to` are answered 100 / 180 and never 200 (a phone that rings unanswered) until ringOnly() clears it */
  ringOnly(to?: string): void;
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

/** a call to place: `to` through `target`; `cancelWhen` (see SipAgent.placeCall) */
export interface PlaceCallRequest {
  target: SipTarget;
  from: string;
  to: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  cancelWhen?: Promise<unknown>;
}
