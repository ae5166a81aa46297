import { test, expect, itemDescribe, needed } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { sbcOf } from '../helpers/voice';
import { checkAnswerSdp, checkCallReleased } from '../helpers/sip';

export const meta = defineItem({
  id: '15',
  title: 'Outbound call placed from the test number and connected. SIP partners verify it lands on their SBC.',
  owner: 'Partner',
  section: 'Intelligent Voice',
  scope: ['core', 'voice'],
  saves: ['CALL_OUTBOUND'],
  dependsOn: ['13'],
  description:
    'From number A, the partner SBC places a call through the Telegent SBC to a PSTN number: 100/180/200 with the SDP answer (RFC 3261 §13.2.1), ACK, BYE; post-dial delay and answer time are measured into the evidence (Phase 3 item 15).',
});

itemDescribe(meta, () => {
  test('a call from number A to the PSTN connects and is released', async ({ sip, target, ledger, testData, evidence }) => {
    const from = ledger.requireId('NUMBER_A');
    const pstn = needed(testData.pstnTestNumber, 'PSTN_TEST_NUMBER', 'a PSTN number that answers (item 15 calls it)');
    const res = await sip.placeCall({ target: sbcOf(target), from, to: pstn, timeoutMs: 15_000 });
    evidence.sip('outbound call A → PSTN', res.exchange, { postDialDelayMs: res.postDialDelayMs ?? -1, answerMs: res.answerMs ?? -1 });
    expect(res.connected, `the call was answered (final status ${res.status} ${res.reason ?? ''})`).toBe(true);
    expect(checkAnswerSdp(res), 'the 200 OK carries the SDP answer (audio)').toEqual([]);
    expect(
      res.provisional.some((s) => s === 180 || s === 183),
      `ringing was signalled (180/183) before the answer; provisional seen: ${res.provisional.join(', ') || 'none'}`,
    ).toBe(true);
    // either side may hang up first (RFC 3261 §15): the far end's BYE releases the call as the partner's would
    const bye = await sip.hangup(res.callId);
    expect(checkCallReleased(bye[0], sip.exchange(res.callId)), 'the call is released (BYE answered 200, or the far end hung up first)').toEqual([]);
    ledger.setData('calls', [
      ...(ledger.getData<any[]>('calls') ?? []),
      { callId: res.callId, from, to: pstn, direction: 'outbound', at: new Date().toISOString() },
    ]);
  });
});
