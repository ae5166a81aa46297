/**
 * (e) 1,000 malformed datagrams (garbage, truncated headers, missing Call-ID / CSeq, bad Via /
 * CSeq / Content-Length, oversized) → the SBC stays up, answers 400 (513 when too large) where a
 * response is possible, and still answers OPTIONS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { startSbc } from '../../sandbox/sip';
import { startSipAgent } from '../../helpers/sip';
import { HOST, MemoryDirectory, trunkRoute } from './_support';

function invite(port: number, i: number, drop: string[] = [], extra = ''): string {
  const body = 'v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';
  const h: [string, string][] = [
    ['Via', `SIP/2.0/UDP ${HOST}:${port};branch=z9hG4bKfuzz${i}`],
    ['Max-Forwards', '70'],
    ['From', `<sip:+15551230001@${HOST}>;tag=f${i}`],
    ['To', `<sip:+12125550100@${HOST}>`],
    ['Call-ID', `fuzz-${i}@${HOST}`],
    ['CSeq', `${i + 1} INVITE`],
    ['Contact', `<sip:fuzz@${HOST}:${port}>`],
    ['Content-Type', 'application/sdp'],
    ['Content-Length', String(Buffer.byteLength(body))],
  ];
  return `INVITE sip:+12125550100@${HOST} SIP/2.0\r\n${h
    .filter(([k]) => !drop.includes(k))
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n${extra}\r\n${body}`;
}

test('(e) 1,000 malformed datagrams: the SBC stays up and still answers OPTIONS', { timeout: 30_000 }, async () => {
  const dir = new MemoryDirectory().addRoute(trunkRoute('CRID-F', 'AID-F', 5999)).addNumber('+15551230001', 'AID-F', 'CRID-F');
  const logs: string[] = [];
  const sbc = await startSbc({ host: HOST, port: 0, directory: dir, keepaliveIntervalMs: -1, log: (l) => logs.push(l) });
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, HOST, () => r()));
  const myPort = sock.address().port;
  const replies: string[] = [];
  sock.on('message', (m) => replies.push(m.subarray(0, 40).toString('latin1')));
  const agent = await startSipAgent({ host: HOST, port: 0 });
  const started = Date.now();
  try {
    const kinds: Record<string, number> = {};
    const make = (i: number): Buffer => {
      const k = i % 10;
      const name = ['garbage', 'binary', 'truncated', 'no-call-id', 'no-cseq', 'oversized', 'bad-cseq', 'bad-via', 'short-body', 'no-colon'][k];
      kinds[name] = (kinds[name] ?? 0) + 1;
      switch (k) {
        case 0:
          return Buffer.from(randomBytes(20 + (i % 300)).toString('base64'));
        case 1:
          return randomBytes(1 + (i % 1400));
        case 2: {
          const full = invite(myPort, i);
          return Buffer.from(full.slice(0, 10 + ((i * 37) % (full.length - 12))));
        }
        case 3:
          return Buffer.from(invite(myPort, i, ['Call-ID']));
        case 4:
          return Buffer.from(invite(myPort, i, ['CSeq']));
        case 5:
          return Buffer.concat([Buffer.from(invite(myPort, i, [], `X-Pad: ${'a'.repeat(64_000)}\r\n`).slice(0, 65_000))]);
        case 6:
          return Buffer.from(invite(myPort, i).replace(/CSeq: \d+ INVITE/, 'CSeq: banana'));
        case 7:
          return Buffer.from(invite(myPort, i).replace(/Via: [^\r]+/, 'Via: nonsense'));
        case 8:
          return Buffer.from(invite(myPort, i).replace(/Content-Length: \d+/, 'Content-Length: 9999'));
        default:
          return Buffer.from(invite(myPort, i).replace('Max-Forwards: 70', 'this line has no colon'));
      }
    };
    for (let i = 0; i < 1000; i++) {
      sock.send(make(i), sbc.port, HOST);
      if (i % 20 === 19) await new Promise((r) => setImmediate(r));
    }
    // everything sent has been processed once the SBC answers an OPTIONS queued after it
    const r = await agent.sendOptions({ host: HOST, port: sbc.port }, { timeoutMs: 3000 });
    assert.equal(r.status, 200, 'still answers OPTIONS');
    const st = sbc.stats();
    assert.ok(st.malformed >= 950, `malformed counted: ${st.malformed} (${JSON.stringify(kinds)})`);
    assert.equal(st.invites, 0, 'no malformed datagram was taken for an INVITE');
    assert.equal(st.activeCalls, 0);
    // replies expected: 400 for every request with a readable Via, 513 for the oversized ones
    const d = Date.now() + 3000;
    while (replies.length < 686 && Date.now() < d) await new Promise((res) => setTimeout(res, 20));
    const c400 = replies.filter((x) => x.startsWith('SIP/2.0 400')).length;
    const c513 = replies.filter((x) => x.startsWith('SIP/2.0 513')).length;
    assert.ok(c400 >= 250, `400 answers where a response was possible: ${c400}`);
    assert.ok(c513 >= 90, `513 answers to oversized requests: ${c513}`);
    assert.ok(
      replies.every((x) => /^SIP\/2\.0 (400|513)/.test(x)),
      'nothing but 400/513 comes back',
    );
    console.log(`  1000 malformed datagrams processed in ${Date.now() - started} ms; malformed=${st.malformed} 400=${c400} 513=${c513}`);
  } finally {
    sock.close();
    await agent.close();
    await sbc.close();
  }
});

test('(e, TCP) oversized / garbage TCP streams are cut off; the SBC still answers OPTIONS over TCP', { timeout: 15_000 }, async () => {
  const net = await import('node:net');
  const dir = new MemoryDirectory();
  const sbc = await startSbc({ host: HOST, port: 0, directory: dir, keepaliveIntervalMs: -1 });
  const agent = await startSipAgent({ host: HOST, port: 0 });
  try {
    const closedBy = (payload: Buffer) =>
      new Promise<string>((resolve) => {
        const s = net.connect(sbc.port, HOST, () => s.write(payload));
        let got = '';
        s.on('data', (d) => (got += d.toString('latin1')));
        s.on('error', () => {});
        s.on('close', () => resolve(got));
        setTimeout(() => {
          s.destroy();
          resolve(`still open; got ${got.slice(0, 40)}`);
        }, 3000).unref();
      });
    assert.equal(await closedBy(Buffer.alloc(70 * 1024, 0x41)), '', 'a 70 KB head without end of headers closes the connection');
    assert.equal(
      await closedBy(Buffer.from(`OPTIONS sip:x SIP/2.0\r\nContent-Length: 999999999\r\n\r\n`)),
      '',
      'an absurd Content-Length closes the connection',
    );
    const r = await agent.sendOptions({ host: HOST, port: sbc.port, transport: 'TCP' }, { timeoutMs: 2000 });
    assert.equal(r.status, 200);
    assert.ok(sbc.stats().malformed >= 2);
  } finally {
    await agent.close();
    await sbc.close();
  }
});
