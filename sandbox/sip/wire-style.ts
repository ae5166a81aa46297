/**
 * Benign mode `sip-wire-variants`: the SBC writes its messages in other forms RFC 3261 allows, as a real SBC may —
 * compact and lower-case header names (§7.3.1, §7.3.3), the Via list in one header (§7.3.1), display names and
 * parameters before the tag in From / To (§20.20, §20.39), a URI scheme and parameter values in upper case (§19.1.4:
 * compared case-insensitively), Max-Forwards 0 on keepalive OPTIONS (§11, §16.3), session-timer and 100rel offers
 * marked Supported only (RFC 4028 §7, RFC 3262 §3), Record-Route (§16.6), a larger Allow / Accept on OPTIONS 200
 * (§11.2) and SDP with extra lines, another codec order and the connection line at media level (RFC 4566 §5).
 * Only the bytes on the wire change: the SBC's own state is untouched.
 */
import { randomBytes } from 'node:crypto';
import { firstLine, getHeader, type Header, type SipMessage } from '../../protocol/sip/message';

const COMPACT: Record<string, string> = {
  Via: 'v',
  From: 'f',
  To: 't',
  'Call-ID': 'i',
  Contact: 'm',
  'Content-Type': 'c',
  Supported: 'k',
  'Content-Length': 'l',
};

const OPTIONS_ALLOW = 'INVITE, ACK, BYE, CANCEL, OPTIONS, PRACK, UPDATE, INFO, REFER, NOTIFY';

/** `sip:` → `SIP:`, `;user=phone` → `;user=Phone` (RFC 3261 §19.1.4: scheme and parameters compare case-insensitively) */
export function shoutUri(uri: string): string {
  return uri.replace(/^(sips?|tel):/i, (s) => s.toUpperCase()).replace(/;user=phone\b/i, ';user=Phone');
}

/** a display name and a parameter before the tag (`"…" <uri>;x-sbc=1;tag=…`) */
function nameAddrVariant(v: string, display: string): string {
  const m = /^\s*(<[^>]*>)(.*)$/.exec(v);
  if (!m) return v;
  const params = m[2].replace(/;tag=([^;]+)(.*)$/, (_s, tag: string, rest: string) => `${rest};x-sbc=1;tag=${tag}`);
  return `"${display}" ${m[1]}${params}`;
}

/** the SDP body with extra lines, the connection line at media level and another codec order */
export function sdpVariant(body: string): string {
  if (!/^m=audio /m.test(body)) return body;
  const lines = body.split(/\r?\n/).filter(Boolean);
  const c = lines.find((l) => l.startsWith('c='));
  const out: string[] = [];
  for (const l of lines) {
    if (l.startsWith('c=')) continue;
    const m = /^m=audio (\d+) RTP\/AVP (.*)$/.exec(l);
    if (!m) {
      out.push(l.replace(/^a=rtpmap:0 PCMU/, 'a=rtpmap:0 pcmu'));
      continue;
    }
    out.push('b=AS:80', `m=audio ${m[1]} RTP/AVP 8 ${m[2]}`, ...(c ? [c] : []), 'a=rtpmap:8 PCMA/8000', 'a=ptime:20', `a=rtcp:${Number(m[1]) + 1}`);
  }
  out.push('a=fmtp:101 0-16', 'a=maxptime:150');
  return out.join('\r\n') + '\r\n';
}

function requestExtras(msg: SipMessage, self: string): Header[] {
  if (msg.kind !== 'request' || msg.method !== 'INVITE') return [];
  return [
    ['Supported', '100rel, timer, replaces'],
    ['Session-Expires', '1800;refresher=uac'],
    ['Min-SE', '90'],
    ['Record-Route', `<sip:${self};lr>`],
  ];
}

function responseExtras(msg: SipMessage): Header[] {
  if (msg.kind !== 'response' || !/OPTIONS$/i.test(getHeader(msg, 'CSeq') ?? '') || msg.status !== 200) return [];
  return [
    ['Accept', 'application/sdp, application/isup, multipart/mixed'],
    ['Accept-Encoding', 'identity'],
    ['Supported', '100rel, timer, replaces'],
  ];
}

/** one header line in its wire variant; undefined drops it */
function headerVariant(msg: SipMessage, [k, v]: Header): Header | undefined {
  const name = COMPACT[k] ?? k.toLowerCase();
  if (msg.kind === 'request' && (k === 'From' || k === 'To')) return [name, nameAddrVariant(v, k === 'From' ? 'Telegent SBC' : 'Partner')];
  if (msg.kind === 'request' && k === 'Max-Forwards' && msg.method === 'OPTIONS') return [name, '0'];
  if (msg.kind === 'response' && k === 'Allow' && /OPTIONS$/i.test(getHeader(msg, 'CSeq') ?? '')) return [name, OPTIONS_ALLOW];
  if (k === 'Content-Length' || (msg.kind === 'response' && (k === 'Accept' || k === 'Supported'))) return undefined;
  return [name, v];
}

/** the Vias in one comma-separated header; a request also names an inner hop below the SBC (a proxy it came through) */
function viaLine(msg: SipMessage): string | undefined {
  const vias = msg.headers.filter(([k]) => k === 'Via').map(([, v]) => v);
  if (msg.kind === 'request' && msg.method !== 'ACK' && msg.method !== 'CANCEL' && vias.length)
    vias.push(`SIP/2.0/UDP 10.255.0.7:5070;branch=z9hG4bK${randomBytes(6).toString('hex')}`);
  return vias.length ? `v: ${vias.join(', ')}` : undefined;
}

/** `msg` as the bytes a real SBC may write (benign sip-wire-variants) */
export function serializeVariant(msg: SipMessage, self: string): Buffer {
  const body = Buffer.from(/application\/sdp/i.test(getHeader(msg, 'Content-Type') ?? '') ? sdpVariant(msg.body ?? '') : (msg.body ?? ''), 'utf8');
  const start = msg.kind === 'request' ? `${msg.method} ${shoutUri(msg.uri)} SIP/2.0` : firstLine(msg);
  const lines = [start];
  const via = viaLine(msg);
  if (via) lines.push(via);
  for (const h of [...msg.headers.filter(([k]) => k !== 'Via'), ...requestExtras(msg, self), ...responseExtras(msg)]) {
    const out = headerVariant(msg, h);
    if (out) lines.push(`${out[0]}: ${out[1]}`);
  }
  lines.push(`l: ${body.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8'), body]);
}
