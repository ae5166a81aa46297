/**
 * Benign mode `sip-edge-record-route`: an edge proxy in the SBC's signalling path Record-Routes itself, as real SBC
 * deployments commonly do (a load balancer / edge proxy whose address differs from the SBC's). The SBC puts
 * `Record-Route: <sip:<edge>;lr>` on the 18x / 2xx answering a partner's INVITE and on the INVITEs it sends to a trunk;
 * every in-dialog request of those dialogs (ACK for a 2xx, BYE, re-INVITE) must then come through the edge (RFC 3261
 * §12.2.1.1, §16.12): one that bypasses it is dropped, as it would be lost in reality.
 *
 * The edge itself is a small stateless loose-routing proxy on its own UDP port (RFC 3261 §16.11): a request has the
 * edge's own Route entry removed (§16.4; the strict-router form too: a Request-URI naming the edge takes the last
 * Route), gets the edge's Via on top and is forwarded to the SBC — it forwards to nothing else (no open relay); a
 * response has the edge's Via removed and goes to the next Via's address (received / rport, §18.2.1).
 */
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import type { Peer } from '../../protocol/sip/endpoint';
import {
  getHeader,
  getHeaderList,
  parseMessage,
  parseNameAddr,
  parseUri,
  parseVia,
  serialize,
  type SipMessage,
  type SipRequest,
} from '../../protocol/sip/message';
import type { EdgeHop, SbcContext } from './context';

export const EDGE_MODE = 'sip-edge-record-route';

export interface EdgeProxy extends EdgeHop {
  close(): Promise<void>;
}

const hostPortOf = (uri: string): { host: string; port: number } | undefined => {
  const u = parseUri(parseNameAddr(uri)?.uri ?? uri);
  return u && u.host ? { host: u.host, port: u.port ?? 5060 } : undefined;
};

/** the Route list with the edge's own entry removed, and the Request-URI (strict-router form undone, §16.4) */
function popOwnRoute(req: SipRequest, names: (uri: string) => boolean): { uri: string; routes: string[] } {
  let routes = getHeaderList(req, 'Route');
  let uri = req.uri;
  if (names(uri) && routes.length) {
    uri = parseNameAddr(routes[routes.length - 1])?.uri ?? uri;
    routes = routes.slice(0, -1);
  }
  if (routes.length && names(routes[0])) routes = routes.slice(1);
  return { uri, routes };
}

/** the sender's Via stamped with received / rport (§18.2.1), the edge's Via on top (a branch derived from the sender's, §16.11) */
function viasForward(msg: SipRequest, from: Peer, self: string): [string, string][] {
  const vias = msg.headers.filter(([k]) => k === 'Via').map(([, v]) => v);
  const top = vias[0] ?? '';
  const stamped = top.replace(/;rport(?=;|$)/i, `;rport=${from.port}`) + (parseVia(top)?.host === from.host ? '' : `;received=${from.host}`);
  const branch =
    'z9hG4bK' +
    createHash('sha1')
      .update(`${parseVia(top)?.params.branch ?? top}|${msg.method}`)
      .digest('hex')
      .slice(0, 16);
  return [['Via', `SIP/2.0/UDP ${self};branch=${branch}`], ['Via', stamped], ...vias.slice(1).map((v) => ['Via', v] as [string, string])];
}

export async function startEdgeProxy(host: string, sbc: { host: string; port: number }, log: (l: string) => void): Promise<EdgeProxy> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', (e) => log(`edge proxy socket error: ${e.message}`));
  const port = socket.address().port;
  const self = `${host}:${port}`;
  const names = (uri: string) => {
    const hp = hostPortOf(uri);
    return !!hp && hp.host === host && hp.port === port;
  };
  const send = (msg: SipMessage, to: { host: string; port: number }) => socket.send(serialize(msg), to.port, to.host);
  const onRequest = (req: SipRequest, from: Peer) => {
    const { uri, routes } = popOwnRoute(req, names);
    const next = hostPortOf(routes[0] ?? uri);
    if (!next || next.host !== sbc.host || next.port !== sbc.port)
      return log(`edge proxy: ${req.method} for ${routes[0] ?? uri} dropped (the edge forwards to the SBC only)`);
    const mf = Number(getHeader(req, 'Max-Forwards') ?? 70);
    if (mf <= 0) return log(`edge proxy: ${req.method} dropped (Max-Forwards 0)`);
    const rest = req.headers.filter(([k]) => k !== 'Via' && k !== 'Route' && k !== 'Max-Forwards');
    const headers = [
      ...viasForward(req, from, self),
      ['Max-Forwards', String(mf - 1)] as [string, string],
      ...routes.map((r) => ['Route', r] as [string, string]),
      ...rest,
    ];
    send({ ...req, uri, headers }, sbc);
  };
  const onResponse = (res: SipMessage) => {
    const vias = res.headers.filter(([k]) => k === 'Via');
    const [own, next] = [parseVia(vias[0]?.[1] ?? ''), parseVia(vias[1]?.[1] ?? '')];
    if (own?.host !== host || own.port !== port || !next) return; // not a response to a request the edge forwarded
    const to = { host: next.params.received || next.host, port: /^\d+$/.test(next.params.rport ?? '') ? Number(next.params.rport) : (next.port ?? 5060) };
    send({ ...res, headers: res.headers.filter((h) => h !== vias[0]) }, to);
  };
  socket.on('message', (buf, rinfo) => {
    const p = parseMessage(buf);
    if (!p.ok) return;
    const from: Peer = { host: rinfo.address, port: rinfo.port };
    if (p.msg.kind === 'request') onRequest(p.msg, from);
    else onResponse(p.msg);
  });
  return {
    host,
    port,
    recordRoute: `<sip:${self};lr>`,
    isEdge: (p) => p.host === host && p.port === port && p.transport !== 'TCP',
    close: () => new Promise<void>((r) => socket.close(() => r())),
  };
}

/** the Record-Route of a new dialog of the SBC (benign sip-edge-record-route), undefined when the mode is off */
export const edgeRecordRoute = (sbc: SbcContext): string | undefined => (sbc.edge && sbc.drift(EDGE_MODE) ? sbc.edge.recordRoute : undefined);

/** the Record-Route the SBC put on the dialog of `callId` on its side `a` (the partner's INVITE), if any */
export function recordRouteOfCallerLeg(sbc: SbcContext, callId: string): string | undefined {
  const ref = sbc.calls.get(callId);
  return ref?.side === 'a' ? ref.call.a.recordRoute : undefined;
}

/**
 * An in-dialog request (ACK, BYE, re-INVITE) of a dialog the edge Record-Routed that did not come through the edge:
 * lost in reality (the SBC's in-dialog address is the edge's), so the SBC drops it.
 */
export function bypassesEdge(sbc: SbcContext, req: SipRequest, from: Peer): boolean {
  if (!['ACK', 'BYE', 'INVITE', 'UPDATE', 'INFO'].includes(req.method)) return false;
  const ref = sbc.calls.get(getHeader(req, 'Call-ID') ?? '');
  const leg = ref ? (ref.side === 'a' ? ref.call.a : ref.call.b) : undefined;
  if (!leg?.recordRoute || !sbc.edge || sbc.edge.isEdge(from)) return false;
  if (req.method === 'INVITE' && !/;\s*tag=/i.test(getHeader(req, 'To') ?? '')) return false; // a new INVITE, not a re-INVITE
  sbc.log(
    `${req.method} of dialog ${leg.sipCallId} from ${from.host}:${from.port} bypassed the edge ${sbc.edge.host}:${sbc.edge.port} (Record-Route): dropped`,
  );
  return true;
}
