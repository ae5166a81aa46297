import { test, expect, expectConformant, itemDescribe, needed, warnUnless } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { rehostedMediaFindings, waitForDlr, waitForInbound } from '../helpers/messaging';
import { markReceived, sendOrResume, settleAwaited } from '../helpers/awaited-message';
import { mediaVerifiable } from '../helpers/inbox/inbound';

export const meta = defineItem({
  id: '12',
  title: 'Outbound and inbound MMS tested with `MMS_Media_URL` populated. *(If MMS in scope.)*',
  owner: 'Partner',
  section: 'Intelligent Messaging',
  scope: ['core', 'mms'],
  saves: [],
  dependsOn: ['10', '11'], // MMS extends the SMS round trip: without a working SMS DLR / inbound it is blocked
  waits: ['webhook'],
  description:
    'An MMS from A to B with a media URL: the delivery report arrives for it, and B receives it with MMS_Media_URL populated with that URL (Phase 3 item 12); a re-hosted copy (another URL: a warning) must lead to the media — a link answering 404 fails (R-mms-media-url). In the older documented shape (R-webhook-inbound-shape) the item passes with a warning, and MMS_Media_URL is checked when the post carries it (else a warning: that shape names no media field).',
});

itemDescribe(meta, () => {
  test('sends an MMS A → B: delivery report, and inbound with MMS_Media_URL', async ({ api, ledger, inbox, hooks, config, evidence, testData, target }) => {
    const media = needed(testData.mmsMediaUrl, 'CERT_MMS_MEDIA_URL', 'a publicly reachable image URL for the MMS');
    const a = ledger.requireId('NUMBER_A');
    const b = ledger.requireId('NUMBER_B');
    // a --resume of this item pending on a webhook takes up the earlier run's MMS: none is sent again (R-resume-awaited-message)
    const { sent, after, resumed, received } = await sendOrResume(
      { api, ledger, config, inbox, evidence },
      {
        item: meta.id,
        step: 'mms',
        kind: 'inbound',
        awaits: 'the delivery report and the inbound MMS',
        from: a,
        to: b,
        text: `cert ${ledger.runId.slice(0, 8)} mms ${Date.now()}`,
        mediaUrl: media,
      },
    );
    expect(String(sent.response.MessageType ?? 'mms').toLowerCase()).toBe('mms');
    if (!received.has('dlr')) {
      await waitForDlr(inbox, hooks, config, sent, after, evidence, !!target.controls, resumed);
      markReceived(ledger, meta.id, 'mms', 'dlr');
    }
    const inbound = await waitForInbound(inbox, hooks, config, sent, b, after, evidence, 'inbound-mms', hooks.inboundSms, !!target.controls, resumed);
    settleAwaited(ledger, meta.id, 'mms');
    const got = inbound.payload.MMS_Media_URL;
    // the older documented shape names no media field: an older-shape post without one is a warning (waitForInbound)
    if (mediaVerifiable(inbound.body)) {
      expect(String(got ?? ''), 'MMS_Media_URL is populated (Phase 3 item 12)').toMatch(/^https?:\/\/\S+$/);
      // a platform may re-host the media it relays: the same URL is an assumption, not a documented rule
      warnUnless(got === media, {
        check: 'mms.media-url',
        expected: media,
        actual: got,
        message: 'MMS_Media_URL differs from the URL sent (re-hosted media?)',
        basis: 'inferred: the checklist only says "populated"',
      });
      // a re-hosted copy must lead to the media: a dead link fails (R-mms-media-url)
      for (const url of [got].flat().filter((u) => typeof u === 'string' && u !== media))
        expectConformant(
          await rehostedMediaFindings(url, config.readSettleMs, undefined, media),
          'the re-hosted MMS_Media_URL leads to the media (R-mms-media-url)',
        );
    }
    ledger.setData('mms', { messageId: sent.messageId, from: a, to: b });
  });
});
