/**
 * (f) each SBC drift hook makes the matching agent-side check observe the defect:
 *  sip-wrong-request-uri      → checkRequestUri reports the format
 *  sip-missing-agreed-header  → checkAgreedHeaders reports the missing header
 *  sip-options-ignored        → sendOptions times out, checkOptionsAnswered reports it
 * and the benign sip-options-answered-404 is no failure, only the warning naming the code (R-sip-options-answer).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSbc, type RunningSbc } from '../../sandbox/sip';
import { startSipAgent, checkInboundInvite, checkOptionsAnswered, optionsAnswerWarning, type SipAgent } from '../../helpers/sip';
import { HOST, MemoryDirectory, trunkRoute } from './_support';

let sbc: RunningSbc;
let agent: SipAgent;
const drifts = new Set<string>();
const agreed = { 'X-Telegent-Hairpin': '1' };
let n = 0;

before(async () => {
  agent = await startSipAgent({ host: HOST, port: 0 });
  const dir = new MemoryDirectory().addRoute(trunkRoute('CRID-D', 'AID-D', agent.port)).addNumber('+15551230001', 'AID-D', 'CRID-D');
  for (let i = 0; i < 10; i++) dir.addNumber(`+1555123010${i}`, 'AID-D', 'CRID-D');
  sbc = await startSbc({ host: HOST, port: 0, directory: dir, keepaliveIntervalMs: -1, agreedHeaders: agreed, drift: (name) => drifts.has(name) });
});
after(async () => {
  await agent?.close();
  await sbc?.close();
});

async function hairpin() {
  const to = `+1555123010${n++}`;
  const call = await agent.placeCall({ target: { host: HOST, port: sbc.port }, from: '+15551230001', to });
  assert.equal(call.connected, true);
  const inv = await agent.waitForInvite({ to, timeoutMs: 2000 });
  await agent.hangup(call.callId);
  return { problems: checkInboundInvite(inv, { number: to, format: 'e164', agreedHeaders: agreed }), inv };
}

test('no drift: every check passes', async () => {
  drifts.clear();
  assert.deepEqual((await hairpin()).problems, []);
  assert.deepEqual(checkOptionsAnswered(await agent.sendOptions({ host: HOST, port: sbc.port }), 'sbc'), []);
});

test('drift sip-wrong-request-uri → the Request-URI check fails and says so', async () => {
  drifts.clear();
  drifts.add('sip-wrong-request-uri');
  const { problems, inv } = await hairpin();
  assert.ok(
    problems.some((p) => /not in the agreed E\.164 format/.test(p)),
    JSON.stringify(problems),
  );
  assert.ok(problems.some((p) => /user=phone/.test(p)));
  assert.match(inv.requestUri, /^sip:\d{10}@/);
  assert.equal(problems.filter((p) => /header/.test(p)).length, 0, 'only the R-URI is wrong');
});

test('drift sip-missing-agreed-header → the header check fails and names the header', async () => {
  drifts.clear();
  drifts.add('sip-missing-agreed-header');
  const { problems } = await hairpin();
  assert.deepEqual(problems, ['agreed header X-Telegent-Hairpin missing from the inbound INVITE']);
});

test('drift sip-options-ignored → OPTIONS to the SBC times out', async () => {
  drifts.clear();
  drifts.add('sip-options-ignored');
  const r = await agent.sendOptions({ host: HOST, port: sbc.port }, { timeoutMs: 1200 });
  assert.equal(r.timedOut, true);
  assert.equal(r.status, null);
  assert.match(checkOptionsAnswered(r, 'sbc')[0], /no answer \(timeout\)/);
  assert.ok(r.exchange.filter((l) => l.dir === 'sent').length >= 2, 'retransmitted per RFC 3261 Timer E');
  assert.ok(sbc.stats().optionsIgnored >= 1);
  drifts.clear();
});

test('benign sip-options-answered-404 → the keepalive is answered: no failure, a warning naming 404 (R-sip-options-answer)', async () => {
  drifts.clear();
  drifts.add('sip-options-answered-404');
  const r = await agent.sendOptions({ host: HOST, port: sbc.port }, { timeoutMs: 1200 });
  drifts.clear();
  assert.equal(r.status, 404);
  assert.deepEqual(checkOptionsAnswered(r, 'sbc'), []);
  assert.match(optionsAnswerWarning(r) ?? '', /answered the keepalive OPTIONS 404 Not Found.*: reachable, but .*user/);
});

test('R-sip-options-answer: 2xx silent; 403 warns about the whitelist; 503 / 405 / 3xx warn; only no answer fails', () => {
  const r = (status: number | null, reason?: string) => ({
    ok: status !== null && status < 300 && status >= 200,
    status,
    reason,
    timedOut: status === null,
    rttMs: null,
    exchange: [],
  });
  assert.equal(optionsAnswerWarning(r(200, 'OK')), undefined);
  assert.equal(optionsAnswerWarning(r(202, 'Accepted')), undefined);
  assert.match(optionsAnswerWarning(r(403, 'Forbidden'))!, /whitelist/);
  assert.match(optionsAnswerWarning(r(503, 'Service Unavailable'))!, /overloaded|down/);
  assert.match(optionsAnswerWarning(r(405, 'Method Not Allowed'))!, /does not serve OPTIONS/);
  assert.match(optionsAnswerWarning(r(302, 'Moved Temporarily'))!, /redirects/);
  for (const s of [403, 404, 405, 483, 503, 302, 603]) assert.deepEqual(checkOptionsAnswered(r(s, 'x'), 'sbc'), [], `${s} is an answer`);
  assert.equal(optionsAnswerWarning(r(null)), undefined, 'no answer is a failure, not a warning');
  assert.equal(checkOptionsAnswered(r(null), 'sbc').length, 1);
});
