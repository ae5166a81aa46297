/**
 * Wire-level forms RFC 3261 allows (hunt 3): the checks of items 14–16 accept them, and the sandbox SBC's benign
 * sip-wire-variants writes bytes the shared parser reads back to the same message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCallReleased, checkOptionsRequestUri, checkRequestUri, visualSeparatorsIn } from '../../helpers/sip';
import { getHeader, getHeaders, parseMessage, parseNameAddr, sdp, type SipLine, type SipRequest } from '../../protocol/sip/message';
import { sdpVariant, serializeVariant, shoutUri } from '../../sandbox/sip/wire-style';

const line = (dir: SipLine['dir'], firstLine: string, cseq: string): SipLine => ({ dir, at: 0, peer: '127.0.0.1:5060', firstLine, headers: { CSeq: cseq } });

test('Request-URI: the scheme and user=phone in any case are the agreed E.164 form (RFC 3261 §19.1.4)', () => {
  assert.deepEqual(checkRequestUri('SIP:+12015550100@127.0.0.1:5060;user=Phone', '+12015550100', 'e164'), []);
  assert.deepEqual(checkRequestUri('sip:+12015550100@127.0.0.1:5060;USER=PHONE', '+12015550100', 'e164'), []);
  assert.equal(checkRequestUri('sip:+12015550100@127.0.0.1:5060', '+12015550100', 'e164').length, 1, 'no user=phone at all is still a finding');
  assert.equal(checkRequestUri('sip:2015550100@127.0.0.1:5060', '+12015550100', 'e164').length, 2, 'the national form is still a finding');
});

test('Request-URI with RFC 3966 visual separators: the same number (no failure), named for the warning', () => {
  const uri = 'sip:+1-201-555-0100@127.0.0.1:5060;user=phone';
  assert.deepEqual(checkRequestUri(uri, '+12015550100', 'e164'), []);
  assert.equal(visualSeparatorsIn(uri), '+1-201-555-0100');
  assert.equal(visualSeparatorsIn('sip:+12015550100@127.0.0.1;user=phone'), undefined);
  assert.equal(checkRequestUri('sip:201-555-0100@127.0.0.1:5060', '+12015550100', 'e164').length, 2, 'the national form with separators is still a finding');
  assert.match(checkRequestUri('sip:+1-201-555-0199@127.0.0.1;user=phone', '+12015550100', 'e164')[0], /not the called number/);
});

test('keepalive OPTIONS Request-URI: sip: / sips: in any case; another scheme is a finding', () => {
  assert.deepEqual(checkOptionsRequestUri('SIP:127.0.0.1:5060'), []);
  assert.deepEqual(checkOptionsRequestUri('sips:sbc.example'), []);
  assert.match(checkOptionsRequestUri('tel:+12015550100')[0], /not a sip: \/ sips: URI/);
});

test('call released: our BYE answered 200, or the far end hung up first (our crossing BYE 481, or none sent)', () => {
  const farBye = line('recv', 'BYE sip:partner-sbc@127.0.0.1 SIP/2.0', '1 BYE');
  assert.deepEqual(checkCallReleased({ status: 200 }, []), []);
  assert.deepEqual(checkCallReleased({ status: 481 }, [farBye]), []);
  assert.deepEqual(checkCallReleased(undefined, [farBye]), []);
  assert.match(checkCallReleased({ status: null }, [])[0], /got no answer/);
  assert.match(checkCallReleased({ status: 481 }, [])[0], /answered 481/);
  assert.match(checkCallReleased(undefined, [])[0], /never sent/);
});

test('sip-wire-variants bytes parse back to the same request (compact names, Via list, display names, SDP)', () => {
  const req: SipRequest = {
    kind: 'request',
    method: 'INVITE',
    uri: 'sip:+12015550100@127.0.0.1:5070;user=phone',
    headers: [
      ['Via', 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKabc;rport'],
      ['Max-Forwards', '69'],
      ['From', '<sip:+12015550199@127.0.0.1:5060;user=phone>;tag=t1'],
      ['To', '<sip:+12015550100@127.0.0.1:5070;user=phone>'],
      ['Call-ID', 'c1@127.0.0.1'],
      ['CSeq', '1 INVITE'],
      ['Contact', '<sip:telegent-sbc@127.0.0.1:5060>'],
      ['X-Telegent-Hairpin', '1'],
      ['Content-Type', 'application/sdp'],
    ],
    body: sdp('127.0.0.1', 41000),
  };
  const wire = serializeVariant(req, '127.0.0.1:5060');
  assert.match(wire.toString(), /^INVITE SIP:\+12015550100@127\.0\.0\.1:5070;user=Phone SIP\/2\.0\r\nv: .*, SIP\/2\.0\/UDP 10\.255\.0\.7/);
  const p = parseMessage(wire);
  assert.ok(p.ok, JSON.stringify(p));
  const m = p.msg as SipRequest;
  assert.equal(getHeaders(m, 'Via').length, 2);
  assert.equal(getHeader(m, 'Call-ID'), 'c1@127.0.0.1');
  assert.equal(parseNameAddr(getHeader(m, 'From')!)?.params.tag, 't1');
  assert.equal(getHeader(m, 'x-telegent-hairpin'), '1');
  assert.match(m.body, /^m=audio 41000 RTP\/AVP 8 0 101$/m);
  assert.match(m.body, /^c=IN IP4 127\.0\.0\.1$/m);
  assert.equal(shoutUri('sip:a@b;user=phone'), 'SIP:a@b;user=Phone');
  assert.equal(sdpVariant('v=0\r\n'), 'v=0\r\n', 'a body without an audio stream is left alone');
});
