import { test, itemDescribe } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import type { InboxEvent } from '../helpers/inbox/client';
import { offsetAt } from '../helpers/clock-moves';
import {
  cdrFilesFrom,
  cdrPaths,
  channelsOf,
  expectChannelReconciles,
  expectDelivered,
  expectedTraffic,
  runSandboxDeliveryCycle,
  shiftTraffic,
  targetClockOffsets,
  trafficEndedAt,
  waitForCdrDelivery,
} from '../helpers/cdr/steps';

export const meta = defineItem({
  id: '18',
  title: 'Sample CDR delivered (via configured method: webhook / email) and parsed by the partner.',
  owner: 'Partner',
  section: 'CDRs',
  scope: ['core'],
  saves: [],
  dependsOn: ['10', '11', '12', '15', '16'],
  waits: ['cdr'],
  description:
    "The CDRs for this run's traffic arrive by the configured method (webhook and/or e-mail), voice and SMS in separate files; every record parses and validates against the CDR schemas (provisional layout, schemas/cdr/mapping.json) and reconciles with the ledger: every SMS sent and received and every call leg appears exactly once with matching numbers, direction, IDs and times.",
});

itemDescribe(meta, () => {
  // what the first test received, reconciled by the second (the same events, as one delivery)
  let delivered: InboxEvent[] = [];

  test('the CDR files arrive by the configured method (webhook / e-mail)', async ({ inbox, ledger, target, config, run, hooks, evidence }) => {
    // the run's traffic is over (in a resumed run: since its traffic items ended): the delivery that covers it comes after
    const after = trafficEndedAt(ledger.reload(), [...meta.dependsOn, '17']);
    const flushed = await runSandboxDeliveryCycle({ target, evidence });
    const since = ledger.reload().snapshot.startedAt;
    const paths = cdrPaths({ webhookPublicUrl: run.webhookPublicUrl, inboundSmsUrl: hooks.inboundSms });
    // a sandbox's cycle run just now delivers at once: its files are waited for as long as a webhook, not a CDR cycle
    const waitMs = flushed ? Math.min(config.cdrWaitMs, config.webhookTimeoutMs) : config.cdrWaitMs;
    const wait = { inbox, since, after, paths, delivery: config.cdrDelivery, waitMs, pollMs: config.pollMs };
    const events = await waitForCdrDelivery(wait);
    expectDelivered(events, { delivery: config.cdrDelivery, waitMs, flushed, embedded: config.embedded });
    delivered = events;
  });

  test("each channel's CDRs parse, come split voice / SMS and reconcile with the run's traffic", async ({
    api,
    ledger,
    config,
    run,
    hooks,
    evidence,
    target,
  }) => {
    const paths = cdrPaths({ webhookPublicUrl: run.webhookPublicUrl, inboundSmsUrl: hooks.inboundSms });
    // in the target's time: its clock's offset now (its controls' moves, its Date header's skew), less the moves the
    // suite made after each send (helpers/clock-moves)
    const { moved, skew } = await targetClockOffsets({ target, evidence, api });
    const traffic = expectedTraffic({ ledger, events: delivered, paths });
    const inTargetTime = (offsetNow: number) => shiftTraffic(traffic, offsetNow ? (iso) => offsetAt(ledger, offsetNow, iso) : 0);
    const expected = inTargetTime(moved + skew);
    // the CDR system's clock may not be the API server's: this machine's time is the other reading (R-platform-clock-skew)
    const unskewed = skew ? inTargetTime(moved) : undefined;
    const files = cdrFilesFrom(delivered, paths);
    for (const channel of channelsOf(config.cdrDelivery)) {
      await expectChannelReconciles({ channel, files, expected, unskewed, toleranceMs: config.embedded ? 60_000 : 300_000, evidence });
    }
  });
});
