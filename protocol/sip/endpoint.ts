/**
 * UDP SIP endpoint with RFC 3261 transaction basics (shared by the suite agent and the sandbox SBC):
 *  - client transactions: retransmission (Timer A/E, T1 = 500 ms doubling, capped at T2 = 4 s for
 *    non-INVITE), timeout (Timer B/F, default 64·T1 = 32 s, overridable per request), response
 *    matching by top-Via branch + CSeq method, automatic ACK for non-2xx INVITE finals;
 *  - server transactions: retransmitted requests (same branch + method) get the last response
 *    again instead of reaching the application;
 *  - malformed datagrams: counted, answered 400 (513 when too large) when a request line and a
 *    Via could be read, dropped otherwise. Nothing received can throw out of the socket handler.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import {
  buildResponse,
  getHeader,
  getHeaders,
  newBranch,
  parseCSeq,
  parseMessage,
  parseVia,
  serialize,
  type Header,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  REASONS,
} from './message';

/** a SIP peer; transport defaults to UDP. TCP peers are reached over a (re)used connection. */
export interface Peer {
  host: string;
  port: number;
  transport?: 'UDP' | 'TCP';
}
export const peerStr = (p: Peer) => `${p.host}:${p.port}${p.transport === 'TCP' ? '/tcp' : ''}`;
const connKey = (p: Peer) => `${p.host}:${p.port}`;
/** largest head a TCP stream may accumulate without an end of headers before the connection is dropped */
const MAX_STREAM_HEAD = 64 * 1024;

export const T1 = 500;
export const T2 = 4000;

export interface EndpointOptions {
  host: string;
  port: number;
  /** also listen on TCP (same port number) — default true; if the TCP port is taken, SIP over UDP only */
  tcp?: boolean;
  log?: (line: string) => void;
  /** every message sent or received (parsed), for evidence */
  onMessage?: (dir: 'sent' | 'recv', msg: SipMessage, peer: Peer) => void;
  /** new requests (not retransmissions, not ACK-for-non-2xx handled by the transaction layer) */
  onRequest: (req: SipRequest, from: Peer) => void;
  /** responses that match no client transaction (e.g. 2xx retransmissions) */
  onStrayResponse?: (res: SipResponse, from: Peer) => void;
  onMalformed?: (error: string, from: Peer, size: number) => void;
  /** the bytes of a message to send (default `serialize`): the sandbox SBC's wire-style benign modes write other forms */
  serialize?: (msg: SipMessage) => Buffer;
}

export interface RequestOptions {
  timeoutMs?: number;
  onProvisional?: (res: SipResponse) => void;
  /** send once, no retransmission (keepalives use their own period) */
  noRetransmit?: boolean;
}

interface ClientTx {
  key: string;
  req: SipRequest;
  peer: Peer;
  resolve: (r: SipResponse | undefined) => void;
  timers: NodeJS.Timeout[];
  opts: RequestOptions;
  gotProvisional: boolean;
  done: boolean;
}

interface ServerTx {
  last?: Buffer;
  peer: Peer;
  at: number;
}

export class SipEndpoint {
  socket: dgram.Socket;
  tcpServer?: net.Server;
  private conns = new Map<string, net.Socket>();
  host = '';
  port = 0;
  private clientTx = new Map<string, ClientTx>();
  private serverTx = new Map<string, ServerTx>();
  private sweeper?: NodeJS.Timeout;
  private closed = false;

  private constructor(private readonly opts: EndpointOptions) {
    this.socket = dgram.createSocket({ type: 'udp4', reuseAddr: false });
  }

  static async bind(opts: EndpointOptions): Promise<SipEndpoint> {
    const ep = new SipEndpoint(opts);
    const bindUdp = (port: number) =>
      new Promise<void>((resolve, reject) => {
        ep.socket.once('error', reject);
        ep.socket.bind(port, opts.host, () => {
          ep.socket.off('error', reject);
          resolve();
        });
      });
    await bindUdp(opts.port);
    if (opts.tcp !== false) {
      // TCP on the same port number; with an ephemeral port, retry a few times if TCP's twin is taken
      for (let attempt = 0; attempt < 5; attempt++) {
        const srv = net.createServer((sock) => ep.onConnection(sock));
        const ok = await new Promise<boolean>((resolve) => {
          srv.once('error', () => resolve(false));
          srv.listen(ep.socket.address().port, opts.host, () => resolve(true));
        });
        if (ok) {
          srv.on('error', (e) => opts.log?.(`sip tcp server error: ${e.message}`));
          ep.tcpServer = srv;
          break;
        }
        srv.close();
        if (opts.port !== 0) {
          opts.log?.(`sip: tcp port ${opts.port} taken, SIP over UDP only`);
          break;
        }
        await new Promise<void>((r) => ep.socket.close(() => r()));
        ep.socket = dgram.createSocket({ type: 'udp4', reuseAddr: false });
        await bindUdp(0);
      }
    }
    const a = ep.socket.address();
    ep.host = opts.host === '0.0.0.0' ? '127.0.0.1' : a.address;
    ep.port = a.port;
    try {
      ep.socket.setRecvBufferSize(4 * 1024 * 1024);
    } catch {
      /* not fatal */
    }
    ep.socket.on('error', (e) => opts.log?.(`sip socket error: ${e.message}`));
    ep.socket.on('message', (buf, rinfo) => {
      try {
        ep.onDatagram(buf, { host: rinfo.address, port: rinfo.port });
      } catch (e) {
        opts.log?.(`sip handler error (ignored): ${(e as Error).stack ?? e}`);
      }
    });
    ep.sweeper = setInterval(() => ep.sweep(), 5000);
    ep.sweeper.unref();
    return ep;
  }

  private sweep() {
    const cutoff = Date.now() - 40_000;
    for (const [k, v] of this.serverTx) if (v.at < cutoff) this.serverTx.delete(k);
  }

  private onConnection(sock: net.Socket, known?: Peer) {
    const from: Peer = known ?? { host: (sock.remoteAddress ?? '').replace(/^::ffff:/, ''), port: sock.remotePort ?? 0, transport: 'TCP' };
    this.conns.set(connKey(from), sock);
    let buf = Buffer.alloc(0);
    sock.setNoDelay(true);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      try {
        for (;;) {
          const sep = buf.indexOf('\r\n\r\n');
          if (sep < 0) {
            if (buf.length > MAX_STREAM_HEAD) {
              this.opts.onMalformed?.('stream head too large without end of headers', from, buf.length);
              sock.destroy();
            }
            return;
          }
          // skip keep-alive CRLFs between messages
          const head = buf.subarray(0, sep).toString('latin1');
          const lead = head.match(/^(\r\n)+/)?.[0].length ?? 0;
          if (lead) {
            buf = buf.subarray(lead);
            continue;
          }
          const m = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)/im.exec(head);
          const len = m ? Number(m[1]) : 0;
          if (len > MAX_STREAM_HEAD) {
            this.opts.onMalformed?.(`Content-Length ${len} too large for a stream`, from, buf.length);
            sock.destroy();
            return;
          }
          const total = sep + 4 + len;
          if (buf.length < total) return;
          const msg = buf.subarray(0, total);
          buf = buf.subarray(total);
          this.onDatagram(msg, from);
        }
      } catch (e) {
        this.opts.log?.(`sip tcp handler error (ignored): ${(e as Error).message}`);
      }
    });
    sock.on('error', (e) => this.opts.log?.(`sip tcp ${peerStr(from)}: ${e.message}`));
    sock.on('close', () => {
      if (this.conns.get(connKey(from)) === sock) this.conns.delete(connKey(from));
    });
  }

  private tcpConnection(peer: Peer): net.Socket {
    const existing = this.conns.get(connKey(peer));
    if (existing && !existing.destroyed) return existing;
    const sock = net.connect({ host: peer.host, port: peer.port, localAddress: this.host === '127.0.0.1' || this.host === '0.0.0.0' ? undefined : this.host });
    this.onConnection(sock, { host: peer.host, port: peer.port, transport: 'TCP' });
    return sock;
  }

  private onDatagram(buf: Buffer, from: Peer) {
    const parsed = parseMessage(buf);
    if (!parsed.ok) {
      if (parsed.error === 'empty') return;
      this.opts.onMalformed?.(parsed.error, from, buf.length);
      const p = parsed.partial;
      if (p?.isRequest && p.method !== 'ACK' && getHeaders(p.headers, 'Via').some((v) => parseVia(v))) {
        const status = /too large/.test(parsed.error) ? 513 : 400;
        const res = buildResponse(
          { headers: p.headers.filter(([k]) => k === 'Via' || k === 'From' || k === 'To' || k === 'Call-ID' || k === 'CSeq') },
          status,
          REASONS[status],
          {
            headers: [['Warning', `399 telegent-sbc "${parsed.error.replace(/"/g, "'").slice(0, 120)}"`]],
          },
        );
        this.send(res, from);
      }
      return;
    }
    const msg = parsed.msg;
    this.opts.onMessage?.('recv', msg, from);
    if (msg.kind === 'response') return this.onResponse(msg, from);
    // server transaction de-duplication
    const via = parseVia(getHeader(msg, 'Via')!);
    const branch = via?.params.branch ?? '';
    if (msg.method === 'ACK') {
      // ACK for a non-2xx final shares the INVITE branch: absorbed by the transaction layer
      const inv = this.serverTx.get(`${branch}|INVITE`);
      if (inv && inv.last && !/^SIP\/2\.0 2/.test(inv.last.subarray(0, 12).toString())) return;
      return this.opts.onRequest(msg, from);
    }
    const skey = `${branch}|${msg.method}`;
    const existing = branch ? this.serverTx.get(skey) : undefined;
    if (existing) {
      if (existing.last) this.sendRaw(existing.last, from);
      return;
    }
    if (branch) this.serverTx.set(skey, { peer: from, at: Date.now() });
    this.opts.onRequest(msg, from);
  }

  private onResponse(res: SipResponse, from: Peer) {
    const via = parseVia(getHeader(res, 'Via')!);
    const cseq = parseCSeq(getHeader(res, 'CSeq')!);
    const key = `${via?.params.branch}|${cseq?.method}`;
    const tx = this.clientTx.get(key);
    if (!tx || tx.done) {
      this.opts.onStrayResponse?.(res, from);
      return;
    }
    if (res.status < 200) {
      if (!tx.gotProvisional && tx.req.method === 'INVITE') {
        // INVITE: stop retransmitting on a provisional (Timer A stops in Proceeding)
        for (const t of tx.timers.splice(1)) clearTimeout(t);
      }
      tx.gotProvisional = true;
      tx.opts.onProvisional?.(res);
      return;
    }
    if (tx.req.method === 'INVITE' && res.status >= 300) {
      // hop-by-hop ACK for non-2xx (same branch, R-URI of the INVITE)
      const ack: SipRequest = {
        kind: 'request',
        method: 'ACK',
        uri: tx.req.uri,
        body: '',
        headers: [
          ['Via', getHeader(tx.req, 'Via')!],
          ['Max-Forwards', '70'],
          ['From', getHeader(tx.req, 'From')!],
          ['To', getHeader(res, 'To')!],
          ['Call-ID', getHeader(tx.req, 'Call-ID')!],
          ['CSeq', `${parseCSeq(getHeader(tx.req, 'CSeq')!)!.seq} ACK`],
        ],
      };
      this.send(ack, tx.peer);
    }
    this.finish(tx, res);
  }

  private finish(tx: ClientTx, res: SipResponse | undefined) {
    if (tx.done) return;
    tx.done = true;
    for (const t of tx.timers) clearTimeout(t);
    // keep the key a little for late retransmitted finals to be absorbed as stray
    setTimeout(() => this.clientTx.delete(tx.key), 2000).unref();
    tx.resolve(res);
  }

  /** send a request as a client transaction; resolves the final response, or undefined on timeout */
  request(req: SipRequest, peer: Peer, opts: RequestOptions = {}): Promise<SipResponse | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    if (!getHeader(req, 'Via')) req.headers.unshift(['Via', `SIP/2.0/UDP ${this.host}:${this.port};branch=${newBranch()};rport`]);
    const via = parseVia(getHeader(req, 'Via')!)!;
    const cseq = parseCSeq(getHeader(req, 'CSeq')!)!;
    const key = `${via.params.branch}|${cseq.method}`;
    return new Promise((resolve) => {
      const tx: ClientTx = { key, req, peer, resolve, timers: [], opts, gotProvisional: false, done: false };
      this.clientTx.set(key, tx);
      const timeout = opts.timeoutMs ?? 64 * T1;
      tx.timers.push(setTimeout(() => this.finish(tx, undefined), timeout));
      this.send(req, peer);
      if (!opts.noRetransmit && peer.transport !== 'TCP') {
        let interval = T1;
        let elapsed = 0;
        const arm = () => {
          const t = setTimeout(() => {
            if (tx.done || (req.method === 'INVITE' && tx.gotProvisional)) return;
            this.send(req, peer);
            elapsed += interval;
            interval = req.method === 'INVITE' ? interval * 2 : Math.min(interval * 2, T2);
            if (elapsed < timeout) arm();
          }, interval);
          tx.timers.push(t);
        };
        arm();
      }
    });
  }

  /** cancel a pending INVITE client transaction (sends CANCEL with the INVITE's branch); resolves the CANCEL's final */
  cancel(invite: SipRequest, peer: Peer, extra: Header[] = []): Promise<SipResponse | undefined> {
    const c: SipRequest = {
      kind: 'request',
      method: 'CANCEL',
      uri: invite.uri,
      body: '',
      headers: [
        ['Via', getHeader(invite, 'Via')!],
        ['Max-Forwards', '70'],
        ['From', getHeader(invite, 'From')!],
        ['To', getHeader(invite, 'To')!],
        ['Call-ID', getHeader(invite, 'Call-ID')!],
        ['CSeq', `${parseCSeq(getHeader(invite, 'CSeq')!)!.seq} CANCEL`],
        ...extra,
      ],
    };
    return this.request(c, peer, { timeoutMs: 8000 });
  }

  /** send a response to a server transaction (remembered for retransmitted requests) */
  respond(req: SipRequest, res: SipResponse, peer: Peer): void {
    const via = parseVia(getHeader(req, 'Via')!);
    const tx = this.serverTx.get(`${via?.params.branch}|${req.method}`);
    const buf = this.send(res, peer);
    if (tx) tx.last = buf;
  }

  /** send without a transaction (ACK for 2xx, 2xx retransmissions) */
  send(msg: SipMessage, peer: Peer): Buffer {
    if (msg.kind === 'request' && msg.headers[0]?.[0] === 'Via') {
      // our own top Via names the transport actually used
      const want = peer.transport === 'TCP' ? 'TCP' : 'UDP';
      msg.headers[0] = ['Via', msg.headers[0][1].replace(/^SIP\/2\.0\/(UDP|TCP)/i, `SIP/2.0/${want}`)];
    }
    const buf = (this.opts.serialize ?? serialize)(msg);
    this.opts.onMessage?.('sent', msg, peer);
    this.sendRaw(buf, peer);
    return buf;
  }

  sendRaw(buf: Buffer, peer: Peer): void {
    if (this.closed) return;
    if (peer.transport === 'TCP') {
      try {
        this.tcpConnection(peer).write(buf);
      } catch (e) {
        this.opts.log?.(`sip tcp send to ${peerStr(peer)} failed: ${(e as Error).message}`);
      }
      return;
    }
    this.socket.send(buf, peer.port, peer.host, (err) => {
      if (err) this.opts.log?.(`sip send to ${peerStr(peer)} failed: ${err.message}`);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const tx of this.clientTx.values()) this.finish(tx, undefined);
    for (const c of this.conns.values()) c.destroy();
    this.conns.clear();
    if (this.tcpServer) await new Promise<void>((r) => this.tcpServer!.close(() => r()));
    await new Promise<void>((r) => this.socket.close(() => r()));
  }
}
