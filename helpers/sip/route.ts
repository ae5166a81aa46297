/**
 * The route set of a dialog and where its in-dialog requests go (RFC 3261 §12.1.1, §12.1.2, §12.2.1.1, §16.12): a
 * proxy that Record-Routes itself (an edge proxy in front of the SBC) stays in the path of the dialog, so the ACK for
 * a 2xx, the BYE and any re-INVITE go to the first route hop — not straight to the address the INVITE went to.
 */
import type { Peer } from '../../protocol/sip/endpoint';
import { getHeaderList, parseNameAddr, parseUri, type SipMessage } from '../../protocol/sip/message';

/**
 * The route set: the Record-Route list of the 2xx in reverse order for the UAC (§12.1.2), of the INVITE as it is for
 * the UAS (§12.1.1). Each entry is a name-addr with its parameters (`<sip:edge.example;lr>`).
 */
export function routeSetOf(msg: SipMessage, role: 'uac' | 'uas'): string[] {
  const rr = getHeaderList(msg, 'Record-Route').map((v) => {
    const na = parseNameAddr(v);
    return na ? `<${na.uri}>` : v;
  });
  return role === 'uac' ? rr.reverse() : rr;
}

/** where an in-dialog request goes: its Request-URI, its Route header values in order, the peer it is sent to */
export interface InDialogTarget {
  uri: string;
  routes: string[];
  peer: Peer;
}

const uriOf = (nameAddr: string) => parseNameAddr(nameAddr)?.uri ?? nameAddr;

/** the address of a route hop (§8.1.2 via RFC 3263: maddr, else the host; the port, else 5060 / 5061 for sips) */
export function peerOfRoute(route: string, fallbackTransport?: Peer['transport']): Peer | undefined {
  const u = parseUri(uriOf(route));
  if (!u || !u.host) return undefined;
  const t = u.params.transport?.toUpperCase();
  const transport = t === 'TCP' || t === 'TLS' ? 'TCP' : t === 'UDP' ? 'UDP' : fallbackTransport;
  const host = (u.params.maddr || u.host).replace(/^\[|\]$/g, '');
  return { host, port: u.port ?? (u.scheme === 'sips' ? 5061 : 5060), ...(transport ? { transport } : {}) };
}

/** a URI fit for a Request-URI: without the `method` parameter and the headers part (§19.1.1, table 1) */
const asRequestUri = (uri: string) => uri.replace(/\?.*$/, '').replace(/;method=[^;]*/i, '');

/**
 * §12.2.1.1: with no route set the request goes where the dialog's requests have gone (`dialog.peer`: the address the
 * INVITE was sent to or came from), Request-URI = the remote target. With a loose router first (`;lr`): to that hop,
 * Route = the route set, Request-URI = the remote target. With a strict router first (no `;lr`): to that hop,
 * Request-URI = its URI, Route = the rest of the route set then the remote target.
 */
export function inDialogTarget(dialog: { routeSet?: string[]; remoteTarget: string; peer: Peer }): InDialogTarget {
  const routes = dialog.routeSet ?? [];
  const first = routes[0];
  const hop = first ? peerOfRoute(first, dialog.peer.transport) : undefined;
  if (!first || !hop) return { uri: dialog.remoteTarget, routes: [], peer: dialog.peer };
  const loose = parseUri(uriOf(first))?.params.lr !== undefined;
  if (loose) return { uri: dialog.remoteTarget, routes, peer: hop };
  return { uri: asRequestUri(uriOf(first)), routes: [...routes.slice(1), `<${dialog.remoteTarget}>`], peer: hop };
}
