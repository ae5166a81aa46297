import { test, expect, itemDescribe } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { ok } from '../helpers/steps';
import { numberDetailsAfterUpdate, expectVoiceRoute, settleOrder } from '../helpers/numbers';
import { sbcOf, waitForRouteEffective } from '../helpers/voice';

export const meta = defineItem({
  id: '13',
  title: 'Partner numbers assigned to the correct Voice Route via API (SIP-enabled route for SIP partners). Allow up to 10 minutes for propagation.',
  owner: 'Partner',
  section: 'Intelligent Voice',
  scope: ['core', 'voice'],
  saves: [],
  dependsOn: ['5', '7'],
  waits: ['order', 'propagation'],
  description:
    'Numbers A (voice since provisioning) and B (provisioned without voice) are assigned to the SIP Voice Route through POST /v1.0/numbers/update and read back with that CallRouteId; the propagation wait (documented: 10-minute automation cycle) is shown as progress and ends when a probe call to each of the two numbers actually reaches the partner SBC.',
});

itemDescribe(meta, () => {
  for (const which of ['A', 'B'] as const) {
    test(`assigns number ${which} to the Voice Route and reads it back`, async ({ api, ledger, config }) => {
      const number = ledger.requireId(`NUMBER_${which}`);
      const crid = ledger.requireId('CRID');
      const res = await ok(api, 'POST /v1.0/numbers/update', { body: { Number: number, VoiceEnabled: true, VoiceRouteId: crid } });
      expect(res.Number).toBe(number);
      expectVoiceRoute(res.VoiceRouteId, crid, 'numbers/update answers with the Voice Route just assigned');
      // an update answered before its order completed (UpdateOrderStatus Pending) is read back once it has (R-order-completion)
      await settleOrder(api, config, res.UpdateOrderId, res.UpdateOrderStatus, `assigning number ${which} to the Voice Route`);
      // a read that trails the update is read again within the read settle window (R-read-after-write)
      const d = await numberDetailsAfterUpdate(api, number, { VoiceEnabled: true, VoiceRouteId: crid });
      expectVoiceRoute(d.VoiceRouteId, crid, `number ${which} reads back on the Voice Route`);
      expect(d.VoiceEnabled).toBe(true);
    });
  }

  test('the route change propagates: a probe call to each number assigned reaches the partner SBC', async ({ ledger, sip, target, config, evidence }) => {
    // both numbers were assigned above, B for the first time (it was provisioned without voice): each is probed, since a
    // route that reads back may still not be in the SBC's directory (seed 001 item 13: the number reaches the trunk)
    test.setTimeout(2 * config.propagationWaitMs + 60_000);
    const [a, b] = [ledger.requireId('NUMBER_A'), ledger.requireId('NUMBER_B')];
    for (const [caller, callee] of [
      [b, a],
      [a, b],
    ]) {
      const tookMs = await waitForRouteEffective(sip, sbcOf(target), caller, callee, config);
      evidence.note(`voice-route propagation to ${callee} observed after ${(tookMs / 1000).toFixed(1)} s`);
    }
  });
});
