/**
 * Item 18's wait (helpers/cdr/steps.ts waitForCdrDelivery): a CDR cycle that came mid-run carries only the records
 * made before it; the wait ends on a delivery made after the run's traffic (`after`), keeping every delivery since the
 * run began. Only the mid-run one within the wait: undefined (the item is then pending).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trafficEndedAt, waitForCdrDelivery, type DeliveryWait } from '../../helpers/cdr/steps';
import type { InboxEvent } from '../../helpers/inbox/client';

const mail = (receivedAt: string) => ({ receivedAt, path: '/mail' }) as unknown as InboxEvent;
const wait = (events: InboxEvent[]): DeliveryWait => ({
  inbox: { all: async () => events } as unknown as DeliveryWait['inbox'],
  since: '2026-11-30T18:00:00.000Z',
  after: '2026-11-30T18:30:00.000Z',
  paths: { cdr: '/hooks/cdr' } as DeliveryWait['paths'],
  delivery: 'email',
  waitMs: 300,
  pollMs: 50,
});

test('a mid-run cycle alone does not end the wait', async () => {
  assert.equal(await waitForCdrDelivery(wait([mail('2026-11-30T18:20:00.000Z')])), undefined);
});

test('a delivery after the traffic ends it, with the mid-run one kept', async () => {
  const events = [mail('2026-11-30T18:20:00.000Z'), mail('2026-11-30T18:31:00.000Z')];
  assert.deepEqual(await waitForCdrDelivery(wait(events)), events);
});

test("the traffic's end is its items' latest end in the ledger (a resume keeps them), else now", () => {
  const ledger = {
    snapshot: {
      items: {
        '10': { status: 'passed', endedAt: '2026-11-30T18:10:00.000Z' },
        '16': { status: 'passed', endedAt: '2026-11-30T18:25:00.000Z' },
        '17': { status: 'not-applicable', endedAt: '2026-12-03T08:00:00.000Z' },
        '8e': { status: 'passed', endedAt: '2026-12-03T09:00:00.000Z' },
      },
    },
  } as unknown as Parameters<typeof trafficEndedAt>[0];
  assert.equal(trafficEndedAt(ledger, ['10', '11', '16', '17']), '2026-11-30T18:25:00.000Z', 'not 8e nor a not-applicable 17, re-run by the resume');
  const before = Date.now();
  assert.ok(Date.parse(trafficEndedAt(ledger, ['12'])) >= before, 'none recorded: now');
});
