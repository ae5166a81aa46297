/** The running agent's state and dependencies, shared by its UAS (./uas.ts) and UAC (./uac.ts) halves: one per agent. */
import type { Peer, SipEndpoint } from '../../protocol/sip/endpoint';
import type { Header, SipLine } from '../../protocol/sip/message';
import type { InboundInvite, ReceivedOptions } from './types';

export const ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS';

export interface Dialog {
  callId: string;
  role: 'uac' | 'uas';
  peer: Peer;
  localUri: string;
  localTag: string;
  remoteUri: string;
  remoteTag?: string;
  remoteTarget: string; // R-URI for in-dialog requests
  /** the route set (RFC 3261 §12.1.1 / §12.1.2): in-dialog requests go through it (./route.ts) */
  routeSet?: string[];
  cseq: number;
  up: boolean;
  /** UAS: the ACK for our 200 arrived */
  acked?: boolean;
  /** UAS: CANCELled before the answer */
  cancelled?: boolean;
}

export interface AgentContext {
  ep: SipEndpoint;
  /** ip:port of the agent */
  self: string;
  contact: string;
  /** User-Agent / Server header value */
  ua: string;
  ringMs: number;
  answerMs: number;
  lines: SipLine[];
  options: ReceivedOptions[];
  invites: InboundInvite[];
  dialogs: Map<string, Dialog>;
  timers: Set<NodeJS.Timeout>;
  waiters: Set<() => void>;
  /** INVITEs this matches ring and are never answered (SipAgent.ringOnly) */
  ringOnly?: (inv: InboundInvite) => boolean;
  log(line: string): void;
}

/** wake every waiter (a new OPTIONS / INVITE / BYE arrived) */
export const notify = (ag: AgentContext) => {
  for (const w of [...ag.waiters]) w();
};

/** a timer the agent clears on close */
export function later(ag: AgentContext, ms: number, fn: () => void) {
  const t = setTimeout(() => {
    ag.timers.delete(t);
    fn();
  }, ms);
  ag.timers.add(t);
  return t;
}

export const linesOf = (ag: AgentContext, callId: string) => ag.lines.filter((l) => l.headers['Call-ID'] === callId);

export function headerRecord(h: Header[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of h) out[k] = out[k] === undefined ? v : `${out[k]}, ${v}`;
  return out;
}
