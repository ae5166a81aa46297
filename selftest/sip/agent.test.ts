/**
 * (d) the suite's partner-SBC agent ↔ the sandbox SBC: OPTIONS both directions, outbound call
 * connects (post-dial delay / answer time measured), hairpinned inbound INVITE with the agreed
 * Request-URI and header; plus whitelist (403), route propagation (480), CANCEL (487), call events
 * and CDR legs.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSbc, type CallEvent, type RunningSbc, type VoiceCdrLeg } from '../../sandbox/sip';
import { startSipAgent, checkInboundInvite, checkOptionsAnswered, type SipAgent } from '../../helpers/sip';
import { SipEndpoint } from '../../helpers/sip/endpoint';
import { newBranch, newCallId, newTag, type SipRequest } from '../../helpers/sip/message';
import { HOST, MemoryDirectory, trunkRoute } from './_support';

let sbc: RunningSbc;
let agent: SipAgent;
const dir = new MemoryDirectory();
const events: CallEvent[] = [];
const sbcTarget = () => ({ host: HOST, port: sbc.port });

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
  assert.ok(r.rttMs !== null && r.rttMs < 1000);
  assert.deepEqual(r.exchange.map((l) => `${l.dir} ${l.firstLine}`), [`sent OPTIONS sip:${HOST}:${sbc.port} SIP/2.0`, 'recv SIP/2.0 200 OK']);
  const [req, res] = r.exchange;
  for (const h of ['Via', 'From', 'Call-ID', 'CSeq']) assert.equal(res.headers[h], req.headers[h], `${h} echoed`);
  assert.match(res.headers.To, /;tag=/);
});

test('OPTIONS Telegent → partner: the SBC keepalives reach the agent and are answered', async () => {
  const got = await agent.waitForOptions({ timeoutMs: 3000 });
  assert.match(got.requestUri, new RegExp(`^sip:${HOST.replace(/\./g, '\\.')}:${agent.port}`));
  const deadline = Date.now() + 3000;
  while (!sbc.stats().keepalives.last.some((k) => k.ok && k.target === `${HOST}:${agent.port}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
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
  const seq = bye.exchange.map((l) => `${l.dir} ${l.firstLine.split(' ').slice(0, 2).join(' ')}`);
  assert.deepEqual(seq.filter((s) => !/OPTIONS/.test(s)), ['sent INVITE sip:+12125550100@127.0.0.1:' + sbc.port + ';user=phone', 'recv SIP/2.0 100', 'recv SIP/2.0 180', 'recv SIP/2.0 200', 'sent ACK sip:telegent-sbc@127.0.0.1:' + sbc.port, 'sent BYE sip:telegent-sbc@127.0.0.1:' + sbc.port, 'recv SIP/2.0 200']);
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
  assert.deepEqual(checkInboundInvite(inv, { number: '+15551230002', format: 'e164', agreedHeaders: { 'X-Telegent-Hairpin': '1' }, hostPort: `${HOST}:${agent.port}` }), []);
  assert.equal(inv.requestUri, `sip:+15551230002@${HOST}:${agent.port};user=phone`);
  assert.notEqual(inv.callId, call.callId, 'the inbound leg is a new dialog');
  await agent.hangup(call.callId);
  // the BYE reaches the inbound leg too
  const deadline = Date.now() + 2000;
  while (!inv.exchange.some((l) => l.firstLine.startsWith('BYE')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(inv.exchange.some((l) => l.dir === 'recv' && l.firstLine.startsWith('BYE')), 'BYE forwarded to the inbound leg');
  const legs = events.filter((e): e is { kind: 'cdr'; record: VoiceCdrLeg } => e.kind === 'cdr' && (e.record.sipCallId === call.callId || e.record.sipCallId === inv.callId));
  assert.deepEqual(legs.map((l) => l.record.direction).sort(), ['inbound', 'outbound']);
  assert.equal(legs[0].record.callId, legs[1].record.callId, 'both legs share the Telegent call id');
  for (const l of legs) assert.equal(l.record.disposition, 'answered');
});

test('route assignment not yet effective → 480, no inbound INVITE', async () => {
  const call = await agent.placeCall({ target: sbcTarget(), from: '+15551230001', to: '+15551230009' });
  assert.equal(call.connected, false);
  assert.equal(call.status, 480);
  assert.ok(!agent.receivedInvites().some((i) => i.requestUri.includes('5551230009')));
});

test('INVITE from a source not in any trunk / IpWhitelist → 403', async () => {
  const d2 = new MemoryDirectory().addRoute(trunkRoute('CRID-X', 'AID-9', 5060, { trunks: [{ ip: '127.0.0.9', port: 5060, transport: 'UDP', enabled: true, priority: 1, weight: 1 }] }));
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
  const slow = await startSbc({ host: HOST, port: 0, directory: dir, keepaliveIntervalMs: -1, pstn: { ringMs: 20, answerMs: 5000 }, events: (e) => events.push(e) });
  const ep = await SipEndpoint.bind({ host: HOST, port: 0, onRequest: () => {} });
  try {
    const peer = { host: HOST, port: slow.port };
    const invite: SipRequest = {
      kind: 'request', method: 'INVITE', uri: `sip:+12125550111@${HOST}:${slow.port}`, body: '',
      headers: [
        ['Via', `SIP/2.0/UDP ${HOST}:${ep.port};branch=${newBranch()}`], ['Max-Forwards', '70'], ['From', `<sip:+15551230001@${HOST}>;tag=${newTag()}`],
        ['To', `<sip:+12125550111@${HOST}>`], ['Call-ID', newCallId(HOST)], ['CSeq', '1 INVITE'], ['Contact', `<sip:a@${HOST}:${ep.port}>`],
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

test('keepalive: a newly seen trunk gets its first OPTIONS within ~1 s even with the default 30 s interval', async () => {
  const a2 = await startSipAgent({ host: HOST, port: 0 });
  const d2 = new MemoryDirectory();
  const s2 = await startSbc({ host: HOST, port: 0, directory: d2 });
  try {
    const since = Date.now();
    d2.addRoute(trunkRoute('CRID-NEW', 'AID-2', a2.port)); // the route appears after start
    const got = await a2.waitForOptions({ timeoutMs: 2500 });
    assert.ok(got.at - since < 2000, `first keepalive after ${got.at - since} ms`);
    assert.equal(s2.stats().keepalives.sent, 1);
  } finally {
    await a2.close();
    await s2.close();
  }
});
