/**
 * Interop: the sandbox Telegent SBC against sipp (Debian sip-tester), so both ends are proven to
 * speak standard SIP and not just to each other.
 *  (a) sipp -sn uac completes a call through the SBC (simulated PSTN side)
 *  (b) a sipp OPTIONS scenario gets 200
 *  (c) sipp -sn uas stands in for the partner SBC and receives the hairpinned inbound INVITE
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startSbc, type CallEvent, type RunningSbc } from '../../sandbox/sip';
import { startSipAgent, type SipAgent } from '../../helpers/sip';
import { HOST, MemoryDirectory, SCENARIOS, freeUdpPort, runSipp, sippPath, trunkRoute, waitUdpBound } from './_support';

const haveSipp = !!sippPath();
const skip = haveSipp ? false : 'sipp not installed (apt-get install -y sip-tester; .ci/run installs it)';

test('sipp is available (required when CI is set; skipped locally otherwise)', { skip: haveSipp || process.env.CI ? false : skip }, () => {
  assert.ok(haveSipp, 'sipp not found on PATH: CI must install Debian sip-tester (.ci/run does)');
});

let sbc: RunningSbc;
let agent: SipAgent;
let uasPort: number;
const dir = new MemoryDirectory();
const events: CallEvent[] = [];

before(async () => {
  agent = await startSipAgent({ host: HOST, port: 0 });
  uasPort = await freeUdpPort();
  dir
    .addRoute(trunkRoute('CRID-AGENT', 'AID-1', agent.port))
    .addRoute(trunkRoute('CRID-SIPP', 'AID-2', uasPort))
    .addNumber('+15551230001', 'AID-1', 'CRID-AGENT')
    .addNumber('+15551230003', 'AID-2', 'CRID-SIPP');
  sbc = await startSbc({ host: HOST, port: 0, directory: dir, keepaliveIntervalMs: -1, events: (e) => events.push(e) });
});
after(async () => {
  await agent?.close();
  await sbc?.close();
});

test('(a) sipp -sn uac completes a call through the SBC', { skip, timeout: 20_000 }, async () => {
  const r = await runSipp(
    [`${HOST}:${sbc.port}`, '-sn', 'uac', '-s', '+15559990000', '-i', HOST, '-m', '1', '-timeout', '10s', '-timeout_error', '-d', '200'],
    15_000,
  ).done;
  assert.equal(r.code, 0, `sipp uac exit ${r.code}\n${r.stderr.slice(-2000)}\n${r.messages.slice(-3000)}`);
  assert.match(r.messages, /SIP\/2\.0 180 Ringing/);
  assert.match(r.messages, /SIP\/2\.0 200 OK[\s\S]*CSeq: 2 BYE|SIP\/2\.0 200 OK[\s\S]*BYE/);
  const cdr = events.find((e) => e.kind === 'cdr' && e.record.to === '+15559990000');
  assert.ok(cdr && cdr.kind === 'cdr', 'a voice CDR leg is produced');
  assert.equal(cdr.record.disposition, 'answered');
  assert.equal(cdr.record.peer, 'pstn');
  assert.ok(cdr.record.answer && cdr.record.end >= cdr.record.answer);
});

test('(a, TCP) sipp -sn uac -t t1 completes a call over TCP', { skip, timeout: 20_000 }, async () => {
  const r = await runSipp(
    [`${HOST}:${sbc.port}`, '-sn', 'uac', '-t', 't1', '-s', '+15559990001', '-i', HOST, '-m', '1', '-timeout', '10s', '-timeout_error', '-d', '200'],
    15_000,
  ).done;
  assert.equal(r.code, 0, `sipp uac/tcp exit ${r.code}\n${r.stderr.slice(-2000)}\n${r.messages.slice(-3000)}`);
  assert.match(r.messages, /Via: SIP\/2\.0\/TCP/);
  assert.match(r.messages, /SIP\/2\.0 200 OK/);
});

test('(b) a sipp OPTIONS scenario gets 200 (with Allow: INVITE…)', { skip, timeout: 15_000 }, async () => {
  const r = await runSipp(
    [`${HOST}:${sbc.port}`, '-sf', path.join(SCENARIOS, 'options.xml'), '-i', HOST, '-m', '1', '-timeout', '8s', '-timeout_error'],
    10_000,
  ).done;
  assert.equal(r.code, 0, `sipp options exit ${r.code}\n${r.stderr.slice(-2000)}\n${r.messages.slice(-2000)}`);
  assert.match(r.messages, /SIP\/2\.0 200 OK/);
});

test('(c) sipp -sn uas as the partner SBC receives the hairpinned inbound INVITE', { skip, timeout: 25_000 }, async () => {
  const uas = runSipp(['-sn', 'uas', '-i', HOST, '-p', String(uasPort), '-m', '1', '-timeout', '15s', '-timeout_error'], 20_000);
  // sipp needs a moment to bind: wait until its UDP port is taken before calling
  assert.ok(await waitUdpBound(uasPort, 8000), 'sipp uas bound its port');
  const call = await agent.placeCall({ target: { host: HOST, port: sbc.port }, from: '+15551230001', to: '+15551230003', timeoutMs: 8000 });
  assert.equal(call.connected, true, `call via the SBC to sipp uas: ${call.status}\n${JSON.stringify(call.exchange, null, 1)}`);
  const [bye] = await agent.hangup(call.callId);
  assert.equal(bye.status, 200);
  const r = await uas.done;
  assert.equal(r.code, 0, `sipp uas exit ${r.code}\n${r.stderr.slice(-2000)}`);
  assert.match(r.messages, new RegExp(`INVITE sip:\\+15551230003@127\\.0\\.0\\.1:${uasPort};user=phone SIP/2\\.0`));
  assert.match(r.messages, /X-Telegent-Hairpin: 1/);
  assert.match(r.messages, /BYE sip:/);
});
