/**
 * The agent's route set (RFC 3261 §12.1.1, §12.1.2, §12.2.1.1): in-dialog requests (ACK for a 2xx, BYE) go through the
 * proxies that Record-Routed the dialog — unit level (helpers/sip/route.ts), on the wire against a scripted far end and
 * an edge hop, and end to end against the sandbox SBC's benign sip-edge-record-route (in-dialog requests bypassing the
 * edge are dropped there).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSipAgent } from '../../helpers/sip';
import { inDialogTarget, peerOfRoute, routeSetOf } from '../../helpers/sip/route';
import { SipEndpoint, type Peer } from '../../protocol/sip/endpoint';
import { buildResponse, getHeaderList, sdp, type SipRequest, type SipResponse } from '../../protocol/sip/message';
import { startSbc } from '../../sandbox/sip';
import { startEdgeProxy } from '../../sandbox/sip/edge';
import { HOST, MemoryDirectory, trunkRoute } from './_support';

const res200 = (rr: string[]): SipResponse => ({
  kind: 'response',
  status: 200,
  reason: 'OK',
  body: '',
  headers: [['Via', 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx'], ...rr.map((v): [string, string] => ['Record-Route', v])],
});

test('route set: the UAC reverses the 2xx Record-Route list (one header or several), the UAS keeps the INVITE order', () => {
  const res = res200(['<sip:p3.example;lr>, <sip:p2.example;lr>', '<sip:edge.example;lr>;x=1']);
  assert.deepEqual(routeSetOf(res, 'uac'), ['<sip:edge.example;lr>', '<sip:p2.example;lr>', '<sip:p3.example;lr>']);
  assert.deepEqual(routeSetOf(res, 'uas'), ['<sip:p3.example;lr>', '<sip:p2.example;lr>', '<sip:edge.example;lr>']);
  assert.deepEqual(routeSetOf(res200([]), 'uac'), []);
});

test('in-dialog target: loose router first → to it, Route = the route set, Request-URI = the remote target', () => {
  const peer: Peer = { host: '10.0.0.1', port: 5060 };
  const t = inDialogTarget({ routeSet: ['<sip:edge.example:5070;lr>', '<sip:core.example;lr>'], remoteTarget: 'sip:sbc@10.0.0.9:5080', peer });
  assert.deepEqual(t, {
    uri: 'sip:sbc@10.0.0.9:5080',
    routes: ['<sip:edge.example:5070;lr>', '<sip:core.example;lr>'],
    peer: { host: 'edge.example', port: 5070 },
  });
  assert.deepEqual(
    inDialogTarget({ routeSet: [], remoteTarget: 'sip:sbc@10.0.0.9', peer }),
    { uri: 'sip:sbc@10.0.0.9', routes: [], peer },
    'no route set: unchanged',
  );
  assert.deepEqual(peerOfRoute('<sip:edge.example;transport=tcp;lr>'), { host: 'edge.example', port: 5060, transport: 'TCP' });
  assert.deepEqual(peerOfRoute('<sips:edge.example;maddr=10.1.1.1;lr>', 'UDP'), { host: '10.1.1.1', port: 5061, transport: 'UDP' });
});

test('in-dialog target: strict router first → Request-URI = its URI, Route = the rest then the remote target (§12.2.1.1)', () => {
  const t = inDialogTarget({
    routeSet: ['<sip:strict.example:5090;method=INVITE>', '<sip:p2.example;lr>'],
    remoteTarget: 'sip:sbc@10.0.0.9',
    peer: { host: '10.0.0.1', port: 5060 },
  });
  assert.deepEqual(t, { uri: 'sip:strict.example:5090', routes: ['<sip:p2.example;lr>', '<sip:sbc@10.0.0.9>'], peer: { host: 'strict.example', port: 5090 } });
});

/** a scripted far end answering every INVITE 200 with `recordRoute(edgePort)`, and an edge hop recording what reaches it */
async function farEndAndEdge() {
  const atEdge: SipRequest[] = [];
  const edge = await SipEndpoint.bind({
    host: HOST,
    port: 0,
    tcp: false,
    onRequest: (req, from) => {
      atEdge.push(req);
      if (req.method === 'BYE') edge.respond(req, buildResponse(req, 200, 'OK', { toTag: 'far' }), from);
    },
  });
  const rr = [`<sip:${HOST}:${edge.port};lr>`, '<sip:inner.invalid;lr>'];
  const far: SipEndpoint = await SipEndpoint.bind({
    host: HOST,
    port: 0,
    tcp: false,
    onRequest: (req, from) => {
      if (req.method !== 'INVITE') return;
      const headers: [string, string][] = [
        ['Contact', `<sip:far@${HOST}:${far.port}>`],
        ['Content-Type', 'application/sdp'],
      ];
      const res = buildResponse(req, 200, 'OK', { toTag: 'far', headers, body: sdp(HOST, 30000) });
      res.headers.splice(1, 0, ...[...rr].reverse().map((v): [string, string] => ['Record-Route', v])); // the proxies nearest the UAS last
      far.respond(req, res, from);
    },
  });
  return { edge, far, atEdge, rr, close: async () => (await edge.close(), await far.close()) };
}

test('on the wire: the ACK and BYE of an answered call go to the first Record-Route hop with the Route headers, not to the INVITE target', async () => {
  const agent = await startSipAgent({ host: HOST, port: 0 });
  const net = await farEndAndEdge();
  try {
    const call = await agent.placeCall({ target: { host: HOST, port: net.far.port }, from: '+15551230001', to: '+12125550100', timeoutMs: 3000 });
    assert.equal(call.connected, true);
    const [bye] = await agent.hangup(call.callId);
    assert.equal(bye.status, 200, 'the BYE reached the edge hop and was answered');
    assert.deepEqual(
      net.atEdge.map((r) => r.method),
      ['ACK', 'BYE'],
    );
    for (const r of net.atEdge) {
      assert.equal(r.uri, `sip:far@${HOST}:${net.far.port}`, `${r.method}: Request-URI = the remote target (Contact)`);
      assert.deepEqual(getHeaderList(r, 'Route'), net.rr, `${r.method}: Route = the route set in order`);
    }
    assert.ok(
      !agent.exchange(call.callId).some((l) => l.dir === 'sent' && /^(ACK|BYE) /.test(l.firstLine) && l.peer === `${HOST}:${net.far.port}`),
      'nothing in-dialog sent straight to the far end',
    );
    const byeLine = agent.exchange(call.callId).find((l) => l.dir === 'sent' && /^BYE /.test(l.firstLine));
    assert.equal(byeLine?.headers.Route, net.rr.join(', '), 'the evidence shows the route the BYE took');
    assert.equal(byeLine?.peer, `${HOST}:${net.edge.port}`);
  } finally {
    await agent.close();
    await net.close();
  }
});

test('sandbox benign sip-edge-record-route: outbound and hairpin calls are released through the edge hop', async () => {
  const agent = await startSipAgent({ host: HOST, port: 0 });
  const dir = new MemoryDirectory()
    .addRoute(trunkRoute('CRID-A', 'AID-1', agent.port))
    .addNumber('+15551230001', 'AID-1', 'CRID-A')
    .addNumber('+15551230002', 'AID-1', 'CRID-A');
  const sbc = await startSbc({ host: HOST, port: 0, directory: dir, keepaliveIntervalMs: -1, drift: (n) => n === 'sip-edge-record-route' });
  const target = { host: HOST, port: sbc.port };
  const viaEdge = (lines: ReturnType<typeof agent.exchange>, method: string) =>
    lines.filter((l) => l.dir === 'sent' && l.firstLine.startsWith(`${method} `)).map((l) => l.peer);
  try {
    const out = await agent.placeCall({ target, from: '+15551230001', to: '+12125550100', timeoutMs: 3000 });
    assert.equal(out.connected, true);
    const [bye] = await agent.hangup(out.callId);
    assert.equal(bye.status, 200, 'the BYE went through the edge and was answered');
    const hops = [...viaEdge(bye.exchange, 'ACK'), ...viaEdge(bye.exchange, 'BYE')];
    assert.ok(hops.length >= 2 && hops.every((p) => p !== `${HOST}:${sbc.port}`), `ACK / BYE sent to the edge, not the SBC: ${hops}`);
    // hairpin: the partner SBC (UAS of the inbound leg) hangs up: its BYE takes the INVITE's route set; the caller's leg gets the BYE
    const call = agent.placeCall({ target, from: '+15551230002', to: '+15551230001', timeoutMs: 3000 });
    const inv = await agent.waitForInvite({ to: '+15551230001', since: Date.now() - 1, timeoutMs: 3000 });
    assert.equal((await call).connected, true);
    const [legBye] = await agent.hangup(inv.callId);
    assert.equal(legBye.status, 200);
    const deadline = Date.now() + 3000;
    while (!agent.exchange((await call).callId).some((l) => l.dir === 'recv' && /^BYE /.test(l.firstLine)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    assert.ok(
      agent.exchange((await call).callId).some((l) => l.dir === 'recv' && /^BYE /.test(l.firstLine)),
      "the hang-up reached the caller's leg",
    );
  } finally {
    await agent.hangup().catch(() => undefined);
    await agent.close();
    await sbc.close();
  }
});

test('sandbox benign sip-edge-record-route: a BYE sent straight to the SBC (bypassing the edge) is lost', async () => {
  const agent = await startSipAgent({ host: HOST, port: 0 });
  const dir = new MemoryDirectory().addRoute(trunkRoute('CRID-A', 'AID-1', agent.port)).addNumber('+15551230001', 'AID-1', 'CRID-A');
  const sbc = await startSbc({ host: HOST, port: 0, directory: dir, keepaliveIntervalMs: -1, drift: (n) => n === 'sip-edge-record-route' });
  const raw = await SipEndpoint.bind({ host: HOST, port: 0, tcp: false, onRequest: () => undefined });
  try {
    const out = await agent.placeCall({ target: { host: HOST, port: sbc.port }, from: '+15551230001', to: '+12125550100', timeoutMs: 3000 });
    assert.equal(out.connected, true);
    const invite = agent.exchange(out.callId).find((l) => l.dir === 'sent' && /^INVITE /.test(l.firstLine))!;
    const ok = agent.exchange(out.callId).find((l) => l.dir === 'recv' && /^SIP\/2\.0 200/.test(l.firstLine))!;
    const bypass: SipRequest = {
      kind: 'request',
      method: 'BYE',
      uri: `sip:telegent-sbc@${HOST}:${sbc.port}`,
      body: '',
      headers: [
        ['Max-Forwards', '70'],
        ['From', invite.headers.From],
        ['To', ok.headers.To],
        ['Call-ID', out.callId],
        ['CSeq', '9 BYE'],
      ],
    };
    assert.equal(await raw.request(bypass, { host: HOST, port: sbc.port }, { timeoutMs: 1200 }), undefined, 'no answer: dropped');
  } finally {
    await agent.hangup().catch(() => undefined);
    await raw.close();
    await agent.close();
    await sbc.close();
  }
});

test('the sandbox edge proxy: loose and strict-routed requests reach the SBC with its own Route removed, answers come back; nothing else is relayed', async () => {
  const got: SipRequest[] = [];
  const sbcEp: SipEndpoint = await SipEndpoint.bind({
    host: HOST,
    port: 0,
    tcp: false,
    onRequest: (req, from) => {
      got.push(req);
      sbcEp.respond(req, buildResponse(req, 200, 'OK', { toTag: 'sbc' }), from);
    },
  });
  const edge = await startEdgeProxy(HOST, { host: HOST, port: sbcEp.port }, () => undefined);
  const ua = await SipEndpoint.bind({ host: HOST, port: 0, tcp: false, onRequest: () => undefined });
  const contact = `sip:telegent-sbc@${HOST}:${sbcEp.port}`;
  const bye = (uri: string, routes: string[], seq: number): SipRequest => ({
    kind: 'request',
    method: 'BYE',
    uri,
    body: '',
    headers: [
      ['Max-Forwards', '70'],
      ...routes.map((r): [string, string] => ['Route', r]),
      ['From', '<sip:a@x>;tag=1'],
      ['To', '<sip:b@y>;tag=2'],
      ['Call-ID', `edge-${seq}@x`],
      ['CSeq', `${seq} BYE`],
    ],
  });
  const toEdge = { host: HOST, port: edge.port };
  try {
    assert.equal((await ua.request(bye(contact, [edge.recordRoute], 1), toEdge, { timeoutMs: 2000 }))?.status, 200, 'loose: answered through the edge');
    assert.equal((await ua.request(bye(`sip:${HOST}:${edge.port}`, [`<${contact}>`], 2), toEdge, { timeoutMs: 2000 }))?.status, 200, 'strict: answered too');
    assert.deepEqual(
      got.map((r) => [r.uri, getHeaderList(r, 'Route').length, getHeaderList(r, 'Via').length]),
      [
        [contact, 0, 2],
        [contact, 0, 2],
      ],
    );
    const relay = await ua.request(bye('sip:someone@127.0.0.2:5060', [edge.recordRoute], 3), toEdge, { timeoutMs: 800 });
    assert.equal(relay, undefined, 'the edge forwards to the SBC only');
    assert.equal(got.length, 2);
  } finally {
    await ua.close();
    await edge.close();
    await sbcEp.close();
  }
});
