/**
 * Minimal SIP (RFC 3261) message parser / serializer, shared by the suite's
 * partner-SBC agent (helpers/sip/agent.ts) and the sandbox SBC (sandbox/sip/). Imports nothing of either.
 *
 * Scope: what a UDP UA/B2BUA needs for OPTIONS / INVITE / ACK / BYE / CANCEL.
 * Never throws on input: `parseMessage` returns { ok: false, error, partial }.
 */
import { randomBytes } from 'node:crypto';

export type Header = [name: string, value: string];

export interface SipRequest {
  kind: 'request';
  method: string;
  uri: string;
  headers: Header[];
  body: string;
}
export interface SipResponse {
  kind: 'response';
  status: number;
  reason: string;
  headers: Header[];
  body: string;
}
export type SipMessage = SipRequest | SipResponse;

/** one line of the SIP evidence: first line + key headers */
export interface SipLine {
  dir: 'sent' | 'recv';
  at: number; // epoch ms
  peer: string; // ip:port of the other side
  firstLine: string;
  headers: Record<string, string>;
}

export const MAX_MESSAGE_BYTES = 16 * 1024;
export const SIP_METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'INFO', 'UPDATE', 'PRACK', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'MESSAGE'];

const COMPACT: Record<string, string> = {
  v: 'Via',
  f: 'From',
  t: 'To',
  i: 'Call-ID',
  m: 'Contact',
  l: 'Content-Length',
  c: 'Content-Type',
  k: 'Supported',
  s: 'Subject',
  e: 'Content-Encoding',
  o: 'Event',
  r: 'Refer-To',
  u: 'Allow-Events',
};
const CANON: Record<string, string> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'max-forwards': 'Max-Forwards',
  'content-length': 'Content-Length',
  'content-type': 'Content-Type',
  'user-agent': 'User-Agent',
  'record-route': 'Record-Route',
  'mime-version': 'MIME-Version',
};

export function canonicalName(raw: string): string {
  const n = raw.trim();
  const lower = n.toLowerCase();
  if (n.length === 1 && COMPACT[lower]) return COMPACT[lower];
  if (CANON[lower]) return CANON[lower];
  return lower
    .split('-')
    .map((p) => (p.length <= 2 && /^x$/i.test(p) ? 'X' : p.charAt(0).toUpperCase() + p.slice(1)))
    .join('-');
}

/** split a header value on commas that are not inside quotes or <> */
function splitCommas(v: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  let a = 0;
  for (const ch of v) {
    if (ch === '"') q = !q;
    else if (!q && ch === '<') a++;
    else if (!q && ch === '>') a = Math.max(0, a - 1);
    if (ch === ',' && !q && a === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export type ParseResult =
  | { ok: true; msg: SipMessage }
  | {
      ok: false;
      error: string;
      /** what could be read, enough to build a 400 when it holds a request line and a Via */ partial?: {
        isRequest: boolean;
        method?: string;
        headers: Header[];
      };
    };

const REQ_LINE = /^([A-Za-z!%*_+`'~.-]+) (\S+) SIP\/2\.0$/;
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d) ?(.*)$/;

export function parseMessage(input: Buffer | string): ParseResult {
  try {
    return parseUnsafe(input);
  } catch (e) {
    return { ok: false, error: `parser error: ${(e as Error).message}` };
  }
}

function parseUnsafe(input: Buffer | string): ParseResult {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  const text = typeof input === 'string' ? input : input.toString('latin1');
  // keep-alive CRLF pings (RFC 5626) and empty datagrams
  if (/^[\r\n\s]*$/.test(text)) return { ok: false, error: 'empty' };
  const sep = text.search(/\r?\n\r?\n/);
  const head = sep >= 0 ? text.slice(0, sep) : text;
  const bodyStart = sep >= 0 ? sep + text.slice(sep).match(/^\r?\n\r?\n/)![0].length : text.length;
  const rawLines = head.replace(/^(\r?\n)+/, '').split(/\r?\n/);
  const first = rawLines.shift() ?? '';
  let isRequest = false;
  let method: string | undefined;
  let uri = '';
  let status = 0;
  let reason = '';
  const rm = REQ_LINE.exec(first);
  const sm = STATUS_LINE.exec(first);
  if (rm) {
    isRequest = true;
    method = rm[1].toUpperCase();
    uri = rm[2];
  } else if (sm) {
    status = Number(sm[1]);
    reason = sm[2];
  } else {
    return { ok: false, error: 'bad start line' };
  }
  const headers: Header[] = [];
  const bad: string[] = [];
  for (const line of rawLines) {
    if (/^[ \t]/.test(line) && headers.length) {
      headers[headers.length - 1][1] += ' ' + line.trim();
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0 || !/^[A-Za-z0-9!%*_+`'~.-]+$/.test(line.slice(0, i).trim())) {
      if (line.trim()) bad.push(line.slice(0, 40));
      continue;
    }
    const name = canonicalName(line.slice(0, i));
    const value = line.slice(i + 1).trim();
    if (name === 'Via') for (const v of splitCommas(value)) headers.push([name, v]);
    else headers.push([name, value]);
  }
  const partial = { isRequest, method, headers };
  if (size > MAX_MESSAGE_BYTES) return { ok: false, error: `message too large (${size} bytes > ${MAX_MESSAGE_BYTES})`, partial };
  if (bad.length) return { ok: false, error: `malformed header line: ${JSON.stringify(bad[0])}`, partial };
  const has = (n: string) => headers.some(([k]) => k === n);
  for (const n of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) if (!has(n)) return { ok: false, error: `missing ${n}`, partial };
  const cseq = parseCSeq(getHeader(headers, 'CSeq')!);
  if (!cseq) return { ok: false, error: 'bad CSeq', partial };
  if (isRequest && cseq.method !== method && !(method === 'ACK' && cseq.method === 'ACK'))
    return { ok: false, error: 'CSeq method does not match the request method', partial };
  if (!parseVia(getHeader(headers, 'Via')!)) return { ok: false, error: 'bad Via', partial };
  if (!getHeader(headers, 'Call-ID')!.trim()) return { ok: false, error: 'empty Call-ID', partial };
  let body = sep >= 0 ? text.slice(bodyStart) : '';
  const cl = getHeader(headers, 'Content-Length');
  if (cl !== undefined) {
    if (!/^\d+$/.test(cl.trim())) return { ok: false, error: 'bad Content-Length', partial };
    const n = Number(cl.trim());
    const bodyBuf = Buffer.from(body, 'latin1');
    if (bodyBuf.length < n) return { ok: false, error: `truncated body (${bodyBuf.length} < Content-Length ${n})`, partial };
    body = bodyBuf.subarray(0, n).toString('latin1');
  } else if (sep < 0) {
    // no blank line and no Content-Length: truncated head
    return { ok: false, error: 'truncated message (no end of headers)', partial };
  }
  body = Buffer.from(body, 'latin1').toString('utf8');
  if (isRequest) return { ok: true, msg: { kind: 'request', method: method!, uri, headers, body } };
  return { ok: true, msg: { kind: 'response', status, reason, headers, body } };
}

export function getHeader(h: Header[] | SipMessage, name: string): string | undefined {
  const list = Array.isArray(h) ? h : h.headers;
  const n = canonicalName(name);
  const f = list.find(([k]) => k === n);
  return f?.[1];
}
export function getHeaders(h: Header[] | SipMessage, name: string): string[] {
  const list = Array.isArray(h) ? h : h.headers;
  const n = canonicalName(name);
  return list.filter(([k]) => k === n).map(([, v]) => v);
}
/**
 * Every value of a header that may carry a comma-separated list (Route, Record-Route: RFC 3261 §7.3.1), one per entry,
 * in order across the header lines: `Record-Route: <sip:a;lr>, <sip:b;lr>` and two lines read the same.
 */
export function getHeaderList(h: Header[] | SipMessage, name: string): string[] {
  return getHeaders(h, name).flatMap(splitCommas);
}
export function setHeader(msg: SipMessage, name: string, value: string): void {
  const n = canonicalName(name);
  const i = msg.headers.findIndex(([k]) => k === n);
  if (i >= 0) msg.headers[i] = [n, value];
  else msg.headers.push([n, value]);
}

export function serialize(msg: SipMessage): Buffer {
  const first = msg.kind === 'request' ? `${msg.method} ${msg.uri} SIP/2.0` : `SIP/2.0 ${msg.status} ${msg.reason}`;
  const body = Buffer.from(msg.body ?? '', 'utf8');
  const lines = [first];
  for (const [k, v] of msg.headers) if (k !== 'Content-Length') lines.push(`${k}: ${v}`);
  lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8'), body]);
}

export function firstLine(msg: SipMessage): string {
  return msg.kind === 'request' ? `${msg.method} ${msg.uri} SIP/2.0` : `SIP/2.0 ${msg.status} ${msg.reason}`;
}

const EVIDENCE_HEADERS = ['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Contact'];
export function toLine(dir: 'sent' | 'recv', msg: SipMessage, peer: string, at = Date.now()): SipLine {
  const headers: Record<string, string> = {};
  for (const n of EVIDENCE_HEADERS) {
    const v = getHeader(msg, n);
    if (v !== undefined) headers[n] = v;
  }
  // the route of a dialog (RFC 3261 §12.2.1.1): where its in-dialog requests were sent, for the evidence
  for (const n of ['Record-Route', 'Route']) {
    const list = getHeaderList(msg, n);
    if (list.length) headers[n] = list.join(', ');
  }
  for (const [k, v] of msg.headers) if (/^X-/i.test(k) && headers[k] === undefined) headers[k] = v;
  return { dir, at, peer, firstLine: firstLine(msg), headers };
}

// ---------- header value helpers ----------

export interface CSeq {
  seq: number;
  method: string;
}
export function parseCSeq(v: string): CSeq | undefined {
  const m = /^\s*(\d{1,10})\s+([A-Za-z]+)\s*$/.exec(v);
  return m ? { seq: Number(m[1]), method: m[2].toUpperCase() } : undefined;
}

export interface Via {
  transport: string;
  host: string;
  port?: number;
  params: Record<string, string>;
}
export function parseVia(v: string): Via | undefined {
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+(\[[^\]]+\]|[^\s;:]+)(?::(\d+))?\s*((?:;.*)?)$/i.exec(v.trim());
  if (!m) return undefined;
  return { transport: m[1].toUpperCase(), host: m[2], port: m[3] ? Number(m[3]) : undefined, params: parseParams(m[4]) };
}

function parseParams(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of s.split(';')) {
    const t = p.trim();
    if (!t) continue;
    const i = t.indexOf('=');
    if (i < 0) out[t.toLowerCase()] = '';
    else out[t.slice(0, i).trim().toLowerCase()] = t.slice(i + 1).trim();
  }
  return out;
}

export interface SipUri {
  scheme: string;
  user?: string;
  host: string;
  port?: number;
  params: Record<string, string>;
  raw: string;
}
export function parseUri(raw: string): SipUri | undefined {
  const s = raw.trim().replace(/^<|>$/g, '');
  const m = /^(sips?|tel):(?:([^@;?]+)@)?(\[[^\]]+\]|[^:;?>]+)(?::(\d+))?([^?]*)/i.exec(s);
  if (!m) return undefined;
  if (m[1].toLowerCase() === 'tel') return { scheme: 'tel', user: m[3], host: '', params: parseParams(m[5] ?? ''), raw: s };
  return {
    scheme: m[1].toLowerCase(),
    user: m[2] ? decodeURIComponent(m[2].split(':')[0]) : undefined,
    host: m[3],
    port: m[4] ? Number(m[4]) : undefined,
    params: parseParams(m[5] ?? ''),
    raw: s,
  };
}

export interface NameAddr {
  display?: string;
  uri: string;
  params: Record<string, string>;
}
export function parseNameAddr(v: string): NameAddr | undefined {
  const t = v.trim();
  const m = /^(?:"((?:[^"\\]|\\.)*)"|([^<"]*?))?\s*<([^>]*)>(.*)$/.exec(t);
  if (m) return { display: (m[1] ?? m[2] ?? '').trim() || undefined, uri: m[3], params: parseParams(m[4] ?? '') };
  // addr-spec form: params after the URI belong to the header
  const i = t.indexOf(';');
  if (!t) return undefined;
  return { uri: i >= 0 ? t.slice(0, i) : t, params: parseParams(i >= 0 ? t.slice(i) : '') };
}
export function tagOf(headerValue: string | undefined): string | undefined {
  return headerValue ? parseNameAddr(headerValue)?.params.tag : undefined;
}
export function withTag(headerValue: string, tag: string): string {
  return tagOf(headerValue) ? headerValue : `${headerValue};tag=${tag}`;
}

/**
 * Normalise a SIP/tel user part to E.164 (+1NXXNXXXXXX for NANP): '+15551230001',
 * '15551230001', '5551230001', 'tel:+1…', visual separators stripped. Undefined for non-numbers.
 */
export function toE164(user: string | undefined): string | undefined {
  if (!user) return undefined;
  const u = user.replace(/[\s().-]/g, '');
  if (/^\+\d{8,15}$/.test(u)) return u;
  if (/^1\d{10}$/.test(u)) return '+' + u;
  if (/^\d{10}$/.test(u)) return '+1' + u;
  return undefined;
}
export function numberOfUri(uriOrNameAddr: string | undefined): string | undefined {
  if (!uriOrNameAddr) return undefined;
  const na = parseNameAddr(uriOrNameAddr);
  const u = parseUri(na?.uri ?? uriOrNameAddr);
  return u?.user;
}

// ---------- ids ----------
export const newBranch = () => 'z9hG4bK' + randomBytes(8).toString('hex');
export const newTag = () => randomBytes(6).toString('hex');
export const newCallId = (host: string) => `${randomBytes(10).toString('hex')}@${host}`;

/** a response to `req` per RFC 3261 §8.2.6 (Via/From/To/Call-ID/CSeq copied, To-tag added for > 100) */
export function buildResponse(
  req: SipRequest | { headers: Header[] },
  status: number,
  reason: string,
  opts: { toTag?: string; headers?: Header[]; body?: string } = {},
): SipResponse {
  const headers: Header[] = [];
  for (const v of getHeaders(req.headers, 'Via')) headers.push(['Via', v]);
  for (const rr of getHeaders(req.headers, 'Record-Route')) headers.push(['Record-Route', rr]);
  const from = getHeader(req.headers, 'From');
  if (from !== undefined) headers.push(['From', from]);
  const to = getHeader(req.headers, 'To');
  if (to !== undefined) headers.push(['To', status > 100 && opts.toTag ? withTag(to, opts.toTag) : to]);
  const cid = getHeader(req.headers, 'Call-ID');
  if (cid !== undefined) headers.push(['Call-ID', cid]);
  const cseq = getHeader(req.headers, 'CSeq');
  if (cseq !== undefined) headers.push(['CSeq', cseq]);
  for (const h of opts.headers ?? []) headers.push(h);
  return { kind: 'response', status, reason, headers, body: opts.body ?? '' };
}

export const REASONS: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  513: 'Message Too Large',
};

/** a tiny SDP offer/answer (audio PCMU, no media is actually sent) */
export function sdp(host: string, port: number, sessionId = Date.now() % 1e9): string {
  return [
    'v=0',
    `o=telegent-cert ${sessionId} ${sessionId} IN IP4 ${host}`,
    's=-',
    `c=IN IP4 ${host}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
}
