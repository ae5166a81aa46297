import { test, expect, itemDescribe, needed, warnUnless, skipCheck } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { callFromHost, sbcOf, strangerHostBeside } from '../helpers/voice';
import { checkAnswerSdp, checkCallReleased, checkSourceWhitelisted } from '../helpers/sip';

export const meta = defineItem({
  id: '15',
  title: 'Outbound call placed from the test number and connected. SIP partners verify it lands on their SBC.',
  owner: 'Partner',
  section: 'Intelligent Voice',
  scope: ['core', 'voice'],
  saves: ['CALL_OUTBOUND'],
  dependsOn: ['13'],
  description:
    'From number A, the partner SBC places a call through the Telegent SBC to a PSTN number: 100/180/200 with the SDP answer (RFC 3261 §13.2.1; no 180 / 183 is a warning, §13.3.1.1), ACK, BYE from either side (§15); post-dial delay and answer time are measured into the evidence (Phase 3 item 15).',
});

itemDescribe(meta, () => {
  test('a call from number A to the PSTN connects and is released', async ({ sip, target, ledger, testData, evidence }) => {
    const from = ledger.requireId('NUMBER_A');
    const pstn = needed(testData.pstnTestNumber, 'PSTN_TEST_NUMBER', 'a PSTN number that answers (item 15 calls it)');
    const res = await sip.placeCall({ target: sbcOf(target), from, to: pstn, timeoutMs: 15_000 });
    evidence.sip('outbound call A → PSTN', res.exchange, { postDialDelayMs: res.postDialDelayMs ?? -1, answerMs: res.answerMs ?? -1 });
    expect(res.connected, `the call was answered (final status ${res.status} ${res.reason ?? ''})`).toBe(true);
    expect(checkAnswerSdp(res), 'the 200 OK carries the SDP answer (audio)').toEqual([]);
    // a callee that answers at once sends no 180 / 183 (RFC 3261 §13.3.1.1): a warning, the post-dial delay is then the answer time
    warnUnless(
      res.provisional.some((s) => s === 180 || s === 183),
      {
        check: 'sip.ringing-signalled',
        expected: '180 Ringing or 183 Session Progress before the 200 OK',
        actual: res.provisional.join(', ') || 'none',
        message: 'the call was answered with no ringing signalled: the post-dial delay is measured to the answer',
        basis: 'RFC 3261 §13.3.1.1 (provisional responses beyond 100 are optional); Phase 3 item 15 names no ringing',
      },
    );
    // either side may hang up first (RFC 3261 §15): the far end's BYE releases the call as the partner's would
    const bye = await sip.hangup(res.callId);
    expect(checkCallReleased(bye[0], sip.exchange(res.callId)), 'the call is released (BYE answered 200, or the far end hung up first)').toEqual([]);
    ledger.setData('calls', [
      ...(ledger.getData<any[]>('calls') ?? []),
      { callId: res.callId, from, to: pstn, direction: 'outbound', at: new Date().toISOString() },
    ]);
  });

  test('a call from a host on no Voice Route (no trunk, not in IpWhitelist) is not served', async ({ target, ledger, testData, config, evidence }) => {
    // only the embedded sandbox shares the suite's loopback: on a network the suite has no second source address
    const stranger = config.embedded ? strangerHostBeside(config.sipAgentHost) : undefined;
    if (!stranger) return skipCheck('no second source address on this network: that calls from hosts outside the IpWhitelist are refused is not checked here');
    const pstn = needed(testData.pstnTestNumber, 'PSTN_TEST_NUMBER', 'a PSTN number that answers (item 15 calls it)');
    const res = await callFromHost(stranger, { sbc: sbcOf(target), from: ledger.requireId('NUMBER_A'), to: pstn, timeoutMs: 5_000 });
    evidence.sip(`a call from ${stranger} (on no Voice Route)`, res.exchange, {});
    expect(checkSourceWhitelisted(res, stranger), "the SBC serves trunk traffic from the Voice Routes' sources only (sip.source-whitelisted)").toEqual([]);
  });
});
