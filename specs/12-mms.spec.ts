import { test, expect, itemDescribe } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { sendMessage, waitForDlr, waitForInbound } from '../helpers/messaging';

export const meta = defineItem({
  id: '12',
  title: 'Outbound and inbound MMS tested with `MMS_Media_URL` populated. *(If MMS in scope.)*',
  owner: 'Partner',
  scope: ['core', 'mms'],
  saves: [],
  dependsOn: ['10', '11'], // MMS extends the SMS round trip: without a working SMS DLR / inbound it is blocked
  description: 'An MMS from A to B with a media URL: the delivery report arrives for it, and B receives it with MMS_Media_URL populated with that URL (Phase 3 item 12).',
});

const MEDIA = 'https://media.partner.example/cert/pixel.png';

itemDescribe(meta, () => {
  test('sends an MMS A → B: delivery report, and inbound with MMS_Media_URL', async ({ api, ledger, inbox, hooks, config, evidence }) => {
    const a = ledger.requireId('NUMBER_A');
    const b = ledger.requireId('NUMBER_B');
    const after = await inbox.mark();
    const sent = await sendMessage(api, a, b, `cert ${ledger.runId.slice(0, 8)} mms ${Date.now()}`, MEDIA, ledger);
    expect(String(sent.response.MessageType ?? 'mms').toLowerCase()).toBe('mms');
    await waitForDlr(inbox, hooks, config, sent, after, evidence);
    const inbound = await waitForInbound(inbox, hooks, config, sent, b, after, evidence, 'inbound-mms');
    expect((inbound.body as any).MMS_Media_URL, 'MMS_Media_URL is populated with the media sent').toBe(MEDIA);
    ledger.setData('mms', { messageId: sent.messageId, from: a, to: b });
  });
});
