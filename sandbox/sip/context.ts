/**
 * The running SBC's state and dependencies, shared by its parts (dialog, PSTN, hairpin, keepalive): one object per
 * SBC instance (no module-global state), built by startSbc (./sbc.ts).
 */
import type { Peer, SipEndpoint } from '../../protocol/sip/endpoint';
import type { SipRequest } from '../../protocol/sip/message';
import type { CallEvent, ResolvedNumber, SbcDirectory, SbcStats } from './types';

export const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS';
export const SERVER = 'Telegent-SBC/sandbox';

export interface Leg {
  legId: string;
  sipCallId: string;
  direction: 'outbound' | 'inbound';
  from: string;
  to: string;
  peer: Peer; // where in-dialog requests go
  localTag: string;
  localUri: string; // our From/To URI on this leg
  remoteUri: string;
  remoteTag?: string;
  remoteTarget?: string; // Contact of the other side
  cseq: number; // our next CSeq on this leg
  invite?: SipRequest; // A: the received INVITE; B: the INVITE we sent
  resolved?: ResolvedNumber;
  start: number;
  answer?: number;
  end?: number;
  final?: number;
  ended: boolean;
  /** the Record-Route the SBC put on this leg's dialog (benign sip-edge-record-route): its in-dialog requests come through that hop */
  recordRoute?: string;
  /** the simulated PSTN caller of originateCall(): no SIP, no events, no CDR */
  virtual?: boolean;
}

export interface Call {
  id: string;
  kind: 'pstn' | 'hairpin';
  a: Leg;
  b?: Leg;
  timers: NodeJS.Timeout[];
  okRetransmit?: NodeJS.Timeout;
  cancelled: boolean;
  state: 'proceeding' | 'answered' | 'ended';
  onEnd?: () => void;
}

/** the edge proxy in front of the SBC (./edge.ts, benign sip-edge-record-route) */
export interface EdgeHop {
  host: string;
  port: number;
  /** the Record-Route value naming the edge (loose routing) */
  recordRoute: string;
  /** `p` is the edge (an in-dialog request that came through it) */
  isEdge(p: Peer): boolean;
}

/** the SIP agreements and timings, defaults applied */
export interface SbcSettingsResolved {
  agreed: Record<string, string>;
  uriFormat: 'e164' | 'national';
  ringMs: number;
  answerMs: number;
  inviteTimeoutMs: number;
  allowRemoteTargets: boolean;
}

export interface SbcContext {
  ep: SipEndpoint;
  /** ip:port of the SBC */
  self: string;
  /** the SBC's Contact header value */
  contact: string;
  settings: SbcSettingsResolved;
  directory: SbcDirectory;
  stats: SbcStats;
  /** calls by SIP Call-ID (either leg) */
  calls: Map<string, { call: Call; side: 'a' | 'b' }>;
  /** sequence of the calls of this SBC (leg ids, call ids, SDP ports) */
  callSeq: number;
  log(line: string): void;
  /** true = drift mode active (never throws) */
  drift(name: string): boolean;
  /** hand an event to the SBC's owner (never throws) */
  emit(ev: CallEvent): void;
  /** the directory's clock */
  now(): number;
  /** the edge proxy (./edge.ts): in the path only while benign sip-edge-record-route is on */
  edge?: EdgeHop;
}
