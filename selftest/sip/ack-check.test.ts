/**
 * SIP checks of items 14–16. Item 16: the partner SBC's 200 OK to an inbound INVITE must be ACKed by the Telegent SBC
 * (RFC 3261 §13.2.2.4); without it the partner SBC ends the call after 64·T1 (§13.3.1.4). checkAnswerAcked judges the
 * dialog's lines; checkByeForwarded the caller's hang-up; checkAnswerSdp (15) the SDP answer; checkKeepaliveTransport (14).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAnswerAcked, checkAnswerSdp, checkByeForwarded, checkCancelForwarded, checkKeepaliveTransport } from '../../helpers/sip';
import type { SipLine } from '../../protocol/sip/message';

const line = (dir: SipLine['dir'], firstLine: string, cseq: string): SipLine => ({ dir, at: 0, peer: '127.0.0.1:5060', firstLine, headers: { CSeq: cseq } });
const invite = line('recv', 'INVITE sip:+12015550100@127.0.0.1;user=phone SIP/2.0', '1 INVITE');
const ok = line('sent', 'SIP/2.0 200 OK', '1 INVITE');

test('a 200 OK followed by the ACK: no problem', () => {
  assert.deepEqual(checkAnswerAcked([invite, line('sent', 'SIP/2.0 100 Trying', '1 INVITE'), ok, line('recv', 'ACK sip:cert@127.0.0.1 SIP/2.0', '1 ACK')]), []);
});

test('a 200 OK never ACKed (retransmitted twice): one problem naming the retransmissions and the RFC', () => {
  const p = checkAnswerAcked([invite, ok, ok, ok]);
  assert.equal(p.length, 1);
  assert.match(p[0], /never ACKed/);
  assert.match(p[0], /2 retransmission/);
  assert.match(p[0], /RFC 3261/);
});

test('no 200 sent yet, or a 200 to another method: nothing to judge', () => {
  assert.deepEqual(checkAnswerAcked([invite, line('sent', 'SIP/2.0 180 Ringing', '1 INVITE')]), []);
  assert.deepEqual(checkAnswerAcked([line('sent', 'SIP/2.0 200 OK', '2 BYE')]), []);
});

test('the caller hung up: a BYE received on the partner leg is the hang-up forwarded, none is a hung channel', () => {
  assert.deepEqual(
    checkByeForwarded([invite, ok, line('recv', 'ACK sip:cert@127.0.0.1 SIP/2.0', '1 ACK'), line('recv', 'BYE sip:cert@127.0.0.1 SIP/2.0', '2 BYE')]),
    [],
  );
  const p = checkByeForwarded([invite, ok, line('recv', 'ACK sip:cert@127.0.0.1 SIP/2.0', '1 ACK')]);
  assert.equal(p.length, 1);
  assert.match(p[0], /never sent BYE/);
  assert.match(p[0], /RFC 3261 §15/);
  assert.deepEqual(
    checkByeForwarded([invite, ok, line('sent', 'BYE sip:telegent@127.0.0.1 SIP/2.0', '2 BYE')]).length,
    1,
    'a BYE the partner sent is not one forwarded',
  );
});

test('the caller hung up before the answer: a CANCEL received on the ringing partner leg passes, none fails', () => {
  const ringing = line('sent', 'SIP/2.0 180 Ringing', '1 INVITE');
  assert.deepEqual(checkCancelForwarded([invite, ringing, line('recv', 'CANCEL sip:+12015550100@127.0.0.1 SIP/2.0', '1 CANCEL')]), []);
  const p = checkCancelForwarded([invite, ringing]);
  assert.equal(p.length, 1);
  assert.match(p[0], /never sent CANCEL/);
  assert.match(p[0], /RFC 3261 §9\.2/);
  assert.equal(
    checkCancelForwarded([invite, ringing, line('sent', 'CANCEL sip:x@127.0.0.1 SIP/2.0', '1 CANCEL')]).length,
    1,
    'a CANCEL the partner sent is not one forwarded',
  );
});

test('item 15: the 200 OK carries the SDP answer — audio on a non-zero port and a connection address', () => {
  const answer = ['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 0', ''].join('\r\n');
  assert.deepEqual(checkAnswerSdp({ connected: true, answerBody: answer }), []);
  assert.deepEqual(checkAnswerSdp({ connected: true, answerBody: answer.replace('IN IP4 10.0.0.1\r\nt', 'IN IP6 ::1\r\nt') }), [], 'IPv6');
  assert.match(checkAnswerSdp({ connected: true, answerBody: '' })[0], /no SDP answer/);
  assert.match(checkAnswerSdp({ connected: true, answerBody: answer.replace('m=audio 40000', 'm=audio 0') })[0], /no audio stream/);
  assert.match(checkAnswerSdp({ connected: true, answerBody: answer.replace('c=IN IP4 10.0.0.1\r\n', '') })[0], /connection address/);
  assert.deepEqual(checkAnswerSdp({ connected: false }), [], 'not answered: nothing to judge');
});

test("item 14: the keepalive comes over the trunk's transport (TrunkTransport1)", () => {
  assert.deepEqual(checkKeepaliveTransport('127.0.0.1:5060', 'UDP'), []);
  assert.deepEqual(checkKeepaliveTransport('127.0.0.1:40123/tcp', 'tcp'), []);
  assert.match(checkKeepaliveTransport('127.0.0.1:40123/tcp', 'UDP')[0], /over TCP .* trunk is UDP/);
  assert.match(checkKeepaliveTransport('127.0.0.1:5060', 'TCP')[0], /over UDP .* trunk is TCP/);
  assert.deepEqual(checkKeepaliveTransport('127.0.0.1:5061/tcp', 'TLS'), [], 'TLS: not compared');
});
