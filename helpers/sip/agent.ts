/**
 * Partner-SBC SIP agent (suite side). Binds UDP on SIP_AGENT_HOST:SIP_AGENT_PORT (the address the
 * voice route's trunk points at) and:
 *  - answers OPTIONS with 200 (and records them: item 14, Telegent → partner direction);           ./uas.ts
 *  - sends OPTIONS to the Telegent SBC (item 14, partner → Telegent direction);                     ./uac.ts
 *  - places calls INVITE / 100 / 180 / 200 / ACK / BYE (item 15), measuring post-dial delay and answer time;
 *  - answers incoming INVITEs 100 / 180 / 200, handles ACK / BYE / CANCEL, and hands them to
 *    `waitForInvite` (item 16: Request-URI + agreed headers, see ./checks).
 * Every message is recorded as a SipLine (first line + key headers) for the evidence.
 * Never imports sandbox/: the SIP protocol library is protocol/sip/.
 */
import { SipEndpoint, peerStr } from '../../protocol/sip/endpoint';
import { toLine } from '../../protocol/sip/message';
import { linesOf, type AgentContext } from './context';
import { bye, onStrayResponse, placeCall, sendOptions } from './uac';
import { onRequest } from './uas';
import type { InboundInvite, SipAgent, SipAgentOptions } from './types';
import { inviteFor, waitFor } from './wait';

export type { SipTarget, SipAgentOptions, OptionsResult, PlaceCallResult, HangupResult, InboundInvite, ReceivedOptions, SipAgent } from './types';
export { SipTimeoutError } from './types';

export async function startSipAgent(opts: SipAgentOptions): Promise<SipAgent> {
  const log = (l: string) => opts.log?.(`[sip-agent] ${l}`);
  const ref: { ag?: AgentContext } = {}; // the endpoint's handlers reach the context built once the endpoint is bound
  const lines: AgentContext['lines'] = [];
  const ep = await SipEndpoint.bind({
    host: opts.host,
    port: opts.port,
    log,
    onMessage: (dir, msg, peer) => {
      lines.push(toLine(dir, msg, peerStr(peer)));
      if (lines.length > 20_000) lines.splice(0, 5_000);
    },
    onMalformed: (err, from) => log(`malformed datagram from ${peerStr(from)}: ${err}`),
    onRequest: (req, from) => onRequest(ref.ag!, req, from),
    onStrayResponse: (res) => onStrayResponse(ref.ag!, res),
  });
  const self = `${ep.host}:${ep.port}`;
  const ag: AgentContext = (ref.ag = {
    ep,
    self,
    contact: `<sip:partner-sbc@${self}>`,
    ua: opts.userAgent ?? 'telegent-cert-suite/partner-sbc',
    ringMs: opts.ringMs ?? 20,
    answerMs: opts.answerMs ?? 60,
    lines,
    options: [],
    invites: [],
    dialogs: new Map(),
    timers: new Set(),
    waiters: new Set(),
    log,
  });
  log(`listening on ${self} (udp${ep.tcpServer ? ' + tcp' : ''})`);
  return agentOf(ag);
}

function agentOf(ag: AgentContext): SipAgent {
  return {
    host: ag.ep.host,
    port: ag.ep.port,
    sendOptions: (target, o = {}) => sendOptions(ag, target, o),
    placeCall: (req) => placeCall(ag, req),
    async hangup(callId) {
      const targets = [...ag.dialogs.values()].filter((d) => d.up && (!callId || d.callId === callId));
      return Promise.all(targets.map((d) => bye(ag, d)));
    },
    waitForInvite({ to, since, timeoutMs, onProgress }) {
      const match = inviteFor(to);
      const fresh = (i: InboundInvite) => since === undefined || i.receivedAt >= since;
      return waitFor(ag, () => ag.invites.find((i) => fresh(i) && match(i)), timeoutMs, `INVITE${to ? ` for ${to}` : ''}`, onProgress);
    },
    ringOnly(to) {
      ag.ringOnly = to ? inviteFor(to) : undefined;
    },
    waitForOptions: ({ timeoutMs, since, onProgress }) =>
      waitFor(ag, () => ag.options.find((o) => since === undefined || o.at >= since), timeoutMs, 'OPTIONS', onProgress),
    receivedOptions: () => [...ag.options],
    receivedInvites: () => [...ag.invites],
    exchange: (callId) => (callId ? linesOf(ag, callId) : [...ag.lines]),
    async close() {
      for (const t of ag.timers) clearTimeout(t);
      ag.timers.clear();
      await ag.ep.close();
    },
  };
}
