import { test, expect, itemDescribe, needed, warnUnless } from '../helpers/fixtures';
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
});
