/**
 * (d) the suite's partner-SBC agent ↔ the sandbox SBC: OPTIONS both directions, outbound call
 * connects (post-dial delay / answer time measured), hairpinned inbound INVITE with the agreed
 * Request-URI and header; plus whitelist (403), route propagation (480), CANCEL (487), call events
 * and CDR legs.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSbc, type CallEvent, type RunningSbc, type VoiceCdrLeg } from '../../sandbox/sip';
import { startSipAgent, checkCancelForwarded, checkInboundInvite, checkOptionsAnswered, type SipAgent } from '../../helpers/sip';
import { SipEndpoint } from '../../protocol/sip/endpoint';
import { newBranch, newCallId, newTag, type SipRequest } from '../../protocol/sip/message';
import { HOST, MemoryDirectory, trunkRoute } from './_support';

let sbc: RunningSbc;
let agent: SipAgent;
const dir = new MemoryDirectory();
const events: CallEvent[] = [];
const sbcTarget = () => ({ host: HOST, port: sbc.port });
/** drop consecutive repeats (UDP retransmissions) */
const uniq = (xs: string[]) => xs.filter((x, i) => x !== xs[i - 1]);

before(async () => {
  agent = await startSipAgent({ host: HOST, port: 0 });
  dir
    .addRoute(trunkRoute('CRID-A', 'AID-1', agent.port))
    .addNumber('+15551230001', 'AID-1', 'CRID-A')
    .addNumber('+15551230002', 'AID-1', 'CRID-A')
    .addNumber('+15551230009', 'AID-1', 'CRID-A', Date.now() + 3_600_000); // assignment still propagating
  sbc = await startSbc({ host: HOST, port: 0, directory: dir, keepaliveIntervalMs: 150, events: (e) => events.push(e) });
});
after(async () => {
  await agent?.close();
  await sbc?.close();
});

test('OPTIONS partner → Telegent: 200 with Allow', async () => {
  const r = await agent.sendOptions(sbcTarget());
  assert.deepEqual(checkOptionsAnswered(r, `${HOST}:${sbc.port}`), []);
  assert.equal(r.status, 200);
  assert.ok(r.rttMs !== null && r.rttMs < 5000);
  // (a retransmission under load is legitimate: compare distinct lines)
  assert.deepEqual(uniq(r.exchange.map((l) => `${l.dir} ${l.firstLine}`)), [`sent OPTIONS sip:${HOST}:${sbc.port} SIP/2.0`, 'recv SIP/2.0 200 OK']);
  const req = r.exchange[0];
  const res = r.exchange[r.exchange.length - 1];
  for (const h of ['Via', 'From', 'Call-ID', 'CSeq']) assert.equal(res.headers[h], req.headers[h], `${h} echoed`);
  assert.match(res.headers.To, /;tag=/);
});

test('OPTIONS Telegent → partner: the SBC keepalives reach the agent and are answered', async () => {
  const got = await agent.waitForOptions({ timeoutMs: 3000 });
  assert.match(got.requestUri, new RegExp(`^sip:${HOST.replace(/\./g, '\\.')}:${agent.port}`));
  const deadline = Date.now() + 3000;
  while (!sbc.stats().keepalives.last.some((k) => k.ok && k.target === `${HOST}:${agent.port}`) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 25));
  const ka = sbc.stats().keepalives.last.find((k) => k.target === `${HOST}:${agent.port}`);
  assert.ok(ka?.ok, `keepalive recorded ok: ${JSON.stringify(ka)}`);
  assert.equal(ka.status, 200);
  assert.ok(events.some((e) => e.kind === 'keepalive' && e.ok));
});

test('outbound call from a hosted number to the PSTN connects; events and CDR leg', async () => {
  const call = await agent.placeCall({ target: sbcTarget(), from: '+15551230001', to: '+12125550100' });
  assert.equal(call.connected, true, JSON.stringify(call.exchange, null, 1));
  assert.deepEqual(call.provisional, [100, 180]);
  assert.ok(call.postDialDelayMs !== null && call.answerMs !== null && call.postDialDelayMs <= call.answerMs);
  const [bye] = await agent.hangup(call.callId);
  assert.equal(bye.status, 200);
  const seen = new Set<string>();
  const distinct = bye.exchange.filter((l) => {
    const k = `${l.dir} ${l.firstLine} ${l.headers.CSeq}`; // retransmissions repeat all three
    return seen.has(k) ? false : (seen.add(k), true);
  });
  const seq = distinct.map((l) => `${l.dir} ${l.firstLine.split(' ').slice(0, 2).join(' ')}`);
  assert.deepEqual(
    seq.filter((s) => !/OPTIONS/.test(s)),
    [
      'sent INVITE sip:+12125550100@127.0.0.1:' + sbc.port + ';user=phone',
      'recv SIP/2.0 100',
      'recv SIP/2.0 180',
      'recv SIP/2.0 200',
      'sent ACK sip:telegent-sbc@127.0.0.1:' + sbc.port,
      'sent BYE sip:telegent-sbc@127.0.0.1:' + sbc.port,
      'recv SIP/2.0 200',
    ],
  );
  const evs = events.filter((e) => e.kind === 'call' && e.sipCallId === call.callId).map((e) => (e.kind === 'call' ? e.status : ''));
  assert.deepEqual(evs, ['initiated', 'ringing', 'answered', 'completed']);
  const cdr = events.find((e) => e.kind === 'cdr' && e.record.sipCallId === call.callId);
  assert.ok(cdr?.kind === 'cdr');
  assert.equal(cdr.record.direction, 'outbound');
  assert.equal(cdr.record.accountId, 'AID-1');
  assert.equal(cdr.record.from, '+15551230001');
  const completed = events.find((e) => e.kind === 'call' && e.sipCallId === call.callId && e.status === 'completed');
  assert.ok(completed?.kind === 'call' && completed.callbackVoiceUrl === 'https://partner.example/voice-events/CRID-A');
});

test('hairpin: call to a hosted number arrives back as an inbound INVITE in the agreed format', async () => {
  const call = await agent.placeCall({ target: sbcTarget(), from: '+15551230001', to: '+15551230002' });
  assert.equal(call.connected, true);
  const inv = await agent.waitForInvite({ to: '+15551230002', timeoutMs: 2000 });
  assert.deepEqual(
    checkInboundInvite(inv, { number: '+15551230002', format: 'e164', agreedHeaders: { 'X-Telegent-Hairpin': '1' }, hostPort: `${HOST}:${agent.port}` }),
    [],
  );
  assert.equal(inv.requestUri, `sip:+15551230002@${HOST}:${agent.port};user=phone`);
  assert.notEqual(inv.callId, call.callId, 'the inbound leg is a new dialog');
  await agent.hangup(call.callId);
  // the BYE reaches the inbound leg too
  const deadline = Date.now() + 2000;
  while (!inv.exchange.some((l) => l.firstLine.startsWith('BYE')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(
    inv.exchange.some((l) => l.dir === 'recv' && l.firstLine.startsWith('BYE')),
    'BYE forwarded to the inbound leg',
  );
  const legs = events.filter(
    (e): e is { kind: 'cdr'; record: VoiceCdrLeg } => e.kind === 'cdr' && (e.record.sipCallId === call.callId || e.record.sipCallId === inv.callId),
  );
  assert.deepEqual(legs.map((l) => l.record.direction).sort(), ['inbound', 'outbound']);
  assert.equal(legs[0].record.callId, legs[1].record.callId, 'both legs share the Telegent call id');
  for (const l of legs) assert.equal(l.record.disposition, 'answered');
});

test('hairpin, the caller hangs up while the callee rings (ringOnly + cancelWhen): 487 to the caller, CANCEL on the ringing leg', async () => {
  const since = Date.now();
  agent.ringOnly('+15551230002');
  try {
    const invited = agent.waitForInvite({ to: '+15551230002', since, timeoutMs: 2000 });
    const call = await agent.placeCall({ target: sbcTarget(), from: '+15551230001', to: '+15551230002', timeoutMs: 5000, cancelWhen: invited });
    const inv = await invited;
    assert.ok(inv.receivedAt >= since, 'a fresh INVITE, not an earlier one for the same number');
    assert.equal(call.connected, false);
    assert.equal(call.status, 487);
    assert.ok(call.provisional.length > 0, 'the CANCEL followed a provisional response (RFC 3261 §9.1)');
    const deadline = Date.now() + 2000;
    while (checkCancelForwarded(inv.exchange).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(checkCancelForwarded(inv.exchange), []);
    assert.ok(!inv.exchange.some((l) => l.dir === 'sent' && /^SIP\/2\.0 200 .*/.test(l.firstLine) && /INVITE/.test(l.headers.CSeq ?? '')), 'never answered');
  } finally {
    agent.ringOnly(undefined);
  }
});

test('route assignment not yet effective → 480, no inbound INVITE', async () => {
  const call = await agent.placeCall({ target: sbcTarget(), from: '+15551230001', to: '+15551230009' });
  assert.equal(call.connected, false);
  assert.equal(call.status, 480);
  assert.ok(!agent.receivedInvites().some((i) => i.requestUri.includes('5551230009')));
});

test('INVITE from a source not in any trunk / IpWhitelist → 403', async () => {
  const d2 = new MemoryDirectory().addRoute(
    trunkRoute('CRID-X', 'AID-9', 5060, { trunks: [{ ip: '127.0.0.9', port: 5060, transport: 'UDP', enabled: true, priority: 1, weight: 1 }] }),
  );
  const sbc2 = await startSbc({ host: HOST, port: 0, directory: d2, keepaliveIntervalMs: -1 });
  try {
    const call = await agent.placeCall({ target: { host: HOST, port: sbc2.port }, from: '+15551230001', to: '+12125550100', timeoutMs: 3000 });
    assert.equal(call.status, 403);
    assert.equal(sbc2.stats().forbidden, 1);
    // the IpWhitelist opens it
    d2.routes.get('CRID-X')!.ipWhitelist = [HOST];
    const ok = await agent.placeCall({ target: { host: HOST, port: sbc2.port }, from: '+15551230001', to: '+12125550100', timeoutMs: 3000 });
    assert.equal(ok.connected, true);
    await agent.hangup(ok.callId);
  } finally {
    await sbc2.close();
  }
});

test('CANCEL before answer → 200 for the CANCEL, 487 for the INVITE, cancelled CDR', async () => {
  const slow = await startSbc({
    host: HOST,
    port: 0,
    directory: dir,
    keepaliveIntervalMs: -1,
    pstn: { ringMs: 20, answerMs: 5000 },
    events: (e) => events.push(e),
  });
  const ep = await SipEndpoint.bind({ host: HOST, port: 0, onRequest: () => {} });
  try {
    const peer = { host: HOST, port: slow.port };
    const invite: SipRequest = {
      kind: 'request',
      method: 'INVITE',
      uri: `sip:+12125550111@${HOST}:${slow.port}`,
      body: '',
      headers: [
        ['Via', `SIP/2.0/UDP ${HOST}:${ep.port};branch=${newBranch()}`],
        ['Max-Forwards', '70'],
        ['From', `<sip:+15551230001@${HOST}>;tag=${newTag()}`],
        ['To', `<sip:+12125550111@${HOST}>`],
        ['Call-ID', newCallId(HOST)],
        ['CSeq', '1 INVITE'],
        ['Contact', `<sip:a@${HOST}:${ep.port}>`],
      ],
    };
    let ringing = false;
    const final = ep.request(invite, peer, { timeoutMs: 4000, onProvisional: (r) => (ringing ||= r.status === 180) });
    while (!ringing) await new Promise((r) => setTimeout(r, 10));
    const c = await ep.cancel(invite, peer);
    assert.equal(c?.status, 200);
    assert.equal((await final)?.status, 487);
    const cdr = events.find((e) => e.kind === 'cdr' && e.record.to === '+12125550111');
    assert.ok(cdr?.kind === 'cdr' && cdr.record.disposition === 'cancelled' && cdr.record.durationMs === 0);
  } finally {
    await ep.close();
    await slow.close();
  }
});

test('keepalive: a newly seen trunk gets its first OPTIONS within ~1 s (one tick) even with the default 30 s interval', async () => {
  const a2 = await startSipAgent({ host: HOST, port: 0 });
  const d2 = new MemoryDirectory();
  const s2 = await startSbc({ host: HOST, port: 0, directory: d2 });
  try {
    const since = Date.now();
    d2.addRoute(trunkRoute('CRID-NEW', 'AID-2', a2.port)); // the route appears after start
    const got = await a2.waitForOptions({ timeoutMs: 6000 });
    assert.ok(got.at - since < 5000, `first keepalive after ${got.at - since} ms (interval is 30 s)`);
    assert.equal(s2.stats().keepalives.sent, 1);
  } finally {
    await a2.close();
    await s2.close();
  }
});

test('keepalive: a trunk that was down is probed at once when it sends a request (no retransmission timer to wait out)', async () => {
  const probe = await startSipAgent({ host: HOST, port: 0 });
  const port = probe.port; // a port nobody listens on once this agent is closed
  await probe.close();
  const d2 = new MemoryDirectory().addRoute(trunkRoute('CRID-LATE', 'AID-3', port));
  const s2 = await startSbc({ host: HOST, port: 0, directory: d2, keepaliveTimeoutMs: 30_000 });
  let late: SipAgent | undefined;
  try {
    const until = Date.now() + 3000;
    while (s2.stats().keepalives.sent === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 1700)); // unanswered; its next retransmission is ≥ 1.5 s away (T1 doubling)
    late = await startSipAgent({ host: HOST, port }); // the partner's SBC comes up after its voice route was created
    const since = Date.now();
    assert.equal((await late.sendOptions({ host: HOST, port: s2.port })).status, 200);
    const got = await late.waitForOptions({ timeoutMs: 5000 });
    assert.ok(got.at - since < 1000, `keepalive reached the trunk ${got.at - since} ms after it spoke`);
    const until2 = Date.now() + 2000;
    while (!s2.stats().keepalives.last.some((k) => k.ok) && Date.now() < until2) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(
      s2.stats().keepalives.last.map((k) => k.ok),
      [true],
      'one outcome: the answered probe (the superseded one is not recorded)',
    );
  } finally {
    await late?.close();
    await s2.close();
  }
});

test('keepalive: with probeOnTraffic off (the realistic sandbox) a down trunk that speaks waits for the next probe', async () => {
  const probe = await startSipAgent({ host: HOST, port: 0 });
  const port = probe.port;
  await probe.close();
  const d2 = new MemoryDirectory().addRoute(trunkRoute('CRID-QUIET', 'AID-4', port));
  const s2 = await startSbc({ host: HOST, port: 0, directory: d2, keepaliveTimeoutMs: 30_000, probeOnTraffic: false });
  let late: SipAgent | undefined;
  try {
    const until = Date.now() + 3000;
    while (s2.stats().keepalives.sent === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 600)); // past the first retransmission (0.5 s); the next is 1.5 s after the send
    late = await startSipAgent({ host: HOST, port });
    assert.equal((await late.sendOptions({ host: HOST, port: s2.port })).status, 200);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(s2.stats().keepalives.sent, 1, 'no probe sent because the trunk spoke');
    assert.equal(late.receivedOptions().length, 0, 'no keepalive yet');
  } finally {
    await late?.close();
    await s2.close();
  }
});

test('TCP: OPTIONS over TCP, keepalive and hairpin to a TCP trunk', async () => {
  const a2 = await startSipAgent({ host: HOST, port: 0 });
  const d2 = new MemoryDirectory()
    .addRoute(trunkRoute('CRID-TCP', 'AID-T', a2.port, { trunks: [{ ip: HOST, port: a2.port, transport: 'TCP', enabled: true, priority: 1, weight: 1 }] }))
    .addNumber('+15551230101', 'AID-T', 'CRID-TCP')
    .addNumber('+15551230102', 'AID-T', 'CRID-TCP');
  const s2 = await startSbc({ host: HOST, port: 0, directory: d2, keepaliveIntervalMs: 200 });
  try {
    const tcp = { host: HOST, port: s2.port, transport: 'TCP' as const };
    const o = await a2.sendOptions(tcp, { timeoutMs: 2000 });
    assert.equal(o.status, 200);
    assert.match(o.exchange[0].headers.Via, /^SIP\/2\.0\/TCP /);
    await a2.waitForOptions({ timeoutMs: 2000 });
    const until = Date.now() + 2000;
    while (!s2.stats().keepalives.last.some((k) => k.transport === 'TCP' && k.ok) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    assert.ok(
      s2.stats().keepalives.last.some((k) => k.transport === 'TCP' && k.ok),
      JSON.stringify(s2.stats().keepalives),
    );
    const call = await a2.placeCall({ target: tcp, from: '+15551230101', to: '+15551230102', timeoutMs: 3000 });
    assert.equal(call.connected, true);
    const inv = await a2.waitForInvite({ to: '+15551230102', timeoutMs: 2000 });
    assert.match(inv.headers.Via, /^SIP\/2\.0\/TCP /);
    const [bye] = await a2.hangup(call.callId);
    assert.equal(bye.status, 200);
  } finally {
    await a2.close();
    await s2.close();
  }
});

test('originateCall: a simulated PSTN caller reaches the hosted number on the partner trunk', async () => {
  const r = await sbc.originateCall({ from: '+12125550199', to: '+15551230002', holdMs: 50 });
  assert.equal(r.connected, true, JSON.stringify(r));
  assert.equal(r.status, 200);
  assert.equal(r.requestUri, `sip:+15551230002@${HOST}:${agent.port};user=phone`);
  const inv = agent.receivedInvites().find((i) => i.callId === r.sipCallId);
  assert.ok(inv, 'the agent got the INVITE');
  assert.equal(inv.headers['X-Telegent-Hairpin'], '1');
  const d = Date.now() + 2000;
  while (!inv.exchange.some((l) => l.dir === 'recv' && l.firstLine.startsWith('BYE')) && Date.now() < d) await new Promise((res) => setTimeout(res, 20));
  assert.ok(inv.exchange.some((l) => l.dir === 'recv' && l.firstLine.startsWith('BYE')));
  const legs = events.filter((e) => e.kind === 'cdr' && e.record.callId === r.callId);
  assert.equal(legs.length, 1);
  assert.ok(legs[0].kind === 'cdr' && legs[0].record.leg === 'B' && legs[0].record.direction === 'inbound' && legs[0].record.from === '+12125550199');
  const refused = await sbc.originateCall({ from: '+12125550199', to: '+15551230009' });
  assert.match(refused.error ?? '', /not yet effective/);
});

test('the sandbox SBC never contacts non-loopback trunks (vendor example 20.87.87.87)', async () => {
  const d2 = new MemoryDirectory()
    .addRoute(
      trunkRoute('CRID-EX', 'AID-E', 5061, {
        trunks: [{ ip: '20.87.87.87', port: 5061, transport: 'UDP', enabled: true, priority: 10, weight: 10 }],
        ipWhitelist: [HOST],
      }),
    )
    .addNumber('+15551230201', 'AID-E', 'CRID-EX');
  const s2 = await startSbc({ host: HOST, port: 0, directory: d2, keepaliveIntervalMs: -1 });
  try {
    const [ka] = await s2.keepaliveNow();
    assert.equal(ka.ok, false);
    assert.match(ka.error ?? '', /only sends to loopback/);
    assert.equal(s2.stats().keepalives.sent, 0);
    const call = await agent.placeCall({ target: { host: HOST, port: s2.port }, from: '+12125550100', to: '+15551230201', timeoutMs: 3000 });
    assert.equal(call.status, 503);
    assert.equal(s2.stats().sent, 2, 'only the 100 and the 503 were sent');
  } finally {
    await s2.close();
  }
});

test('hairpin: the callee hangs up → BYE relayed to the caller, both legs completed', async () => {
  dir.addNumber('+15551230003', 'AID-1', 'CRID-A');
  const call = await agent.placeCall({ target: sbcTarget(), from: '+15551230001', to: '+15551230003' });
  assert.equal(call.connected, true);
  const inv = await agent.waitForInvite({ to: '+15551230003', timeoutMs: 2000 });
  const ackDeadline = Date.now() + 2000;
  while (!inv.exchange.some((l) => l.dir === 'recv' && l.firstLine.startsWith('ACK')) && Date.now() < ackDeadline) await new Promise((r) => setTimeout(r, 10));
  const [bye] = await agent.hangup(inv.callId); // the callee side (UAS dialog) hangs up
  assert.equal(bye.status, 200);
  const d = Date.now() + 2000;
  const callerGotBye = () => agent.exchange(call.callId).some((l) => l.dir === 'recv' && l.firstLine.startsWith('BYE'));
  while (!callerGotBye() && Date.now() < d) await new Promise((r) => setTimeout(r, 10));
  assert.ok(callerGotBye(), 'BYE relayed to the caller leg');
  assert.ok(agent.exchange(call.callId).some((l) => l.dir === 'sent' && l.firstLine === 'SIP/2.0 200 OK' && /BYE/.test(l.headers.CSeq)));
  const legs = events.filter((e) => e.kind === 'cdr' && (e.record.sipCallId === call.callId || e.record.sipCallId === inv.callId));
  assert.equal(legs.length, 2);
  assert.equal((await agent.hangup(call.callId)).length, 0, 'nothing left up');
});

test('hairpin to a trunk that never answers: bounded by inviteTimeoutMs → 408, no-answer legs', async () => {
  const dgram = await import('node:dgram');
  const silent = dgram.createSocket('udp4');
  await new Promise<void>((r) => silent.bind(0, HOST, () => r()));
  const d2 = new MemoryDirectory()
    .addRoute(trunkRoute('CRID-SIL', 'AID-S', silent.address().port, { ipWhitelist: [HOST] }))
    .addNumber('+15551230301', 'AID-S', 'CRID-SIL');
  const evs: CallEvent[] = [];
  const s2 = await startSbc({ host: HOST, port: 0, directory: d2, keepaliveIntervalMs: -1, inviteTimeoutMs: 700, events: (e) => evs.push(e) });
  try {
    const t0 = Date.now();
    const call = await agent.placeCall({ target: { host: HOST, port: s2.port }, from: '+12125550100', to: '+15551230301', timeoutMs: 5000 });
    assert.equal(call.status, 408);
    assert.ok(Date.now() - t0 < 3000, `bounded: ${Date.now() - t0} ms`);
    const legs = evs.filter((e): e is { kind: 'cdr'; record: VoiceCdrLeg } => e.kind === 'cdr');
    assert.deepEqual(legs.map((l) => `${l.record.leg}:${l.record.disposition}:${l.record.sipStatus}`).sort(), ['A:no-answer:408', 'B:no-answer:408']);
  } finally {
    silent.close();
    await s2.close();
  }
});

test('keepalive: a partner SBC that starts after a failed probe is re-probed within seconds (not a 30 s period)', async () => {
  const dgram = await import('node:dgram');
  const tmp = dgram.createSocket('udp4');
  await new Promise<void>((r) => tmp.bind(0, HOST, () => r()));
  const port = tmp.address().port;
  await new Promise<void>((r) => tmp.close(() => r())); // nobody listens there yet
  const d2 = new MemoryDirectory().addRoute(trunkRoute('CRID-LATE', 'AID-L', port));
  const s2 = await startSbc({ host: HOST, port: 0, directory: d2, keepaliveTimeoutMs: 300 });
  let late: SipAgent | undefined;
  try {
    const t0 = Date.now();
    while (s2.stats().keepalives.failed < 1 && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
    assert.equal(s2.stats().keepalives.failed, 1, 'first probe failed (nobody listening)');
    late = await startSipAgent({ host: HOST, port });
    const got = await late.waitForOptions({ timeoutMs: 5000 });
    assert.ok(got.at - t0 < 5000, `re-probed after ${got.at - t0} ms`);
  } finally {
    await late?.close();
    await s2.close();
  }
});
