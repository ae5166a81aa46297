/**
 * Ruling R-status-observability (helpers/porting.ts missedBetweenPolls): a port-in status never read is a finding only
 * when the order moved at a slower pace than the suite reads AND the suite was reading across the change (the reads
 * either side of it no further apart than the order had been seen in the status before, or 2 poll intervals).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missedBetweenPolls, type ObservedStatus } from '../../helpers/porting';

const T0 = Date.parse('2026-11-30T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const seen = (...rows: Array<[string, number, number?]>): ObservedStatus[] =>
  rows.map(([status, t, prev]) => ({ orderId: 'ORD-1', status, at: at(t), ...(prev === undefined ? {} : { prevReadAt: at(prev) }) }));

test('a step skipped while the suite read at its pace is judged (drift portin-skips-scheduled)', () => {
  // polling every 50 ms, 200 ms steps: Pending first read at 0, last at 190; the next read (250) shows Completed
  const m = missedBetweenPolls(seen(['Submitted', -200], ['Pending Carrier Approval', 0, -10], ['Completed', 250, 190]), 'Scheduled', 50);
  assert.equal(m.judged, true);
  assert.match(m.crossings[0], /Pending Carrier Approval → Completed, first read 0\.3 s apart, the reads either side of the change 0\.1 s apart/);
});

test('a skipped step is still judged when a busy reader is slower than its poll but not than the order', () => {
  // reads 150 ms apart at the change (3 polls), Pending seen for 190 ms: a 200 ms step could not have hidden there
  assert.equal(missedBetweenPolls(seen(['Pending Carrier Approval', 0, -60], ['Completed', 340, 190]), 'Scheduled', 50).judged, true);
});

test('a reader held back across the whole step is not judged (a busy machine): a warning', () => {
  // the same pace, but no read between 190 and 600: Scheduled (200–400) may have come and gone unseen
  const m = missedBetweenPolls(seen(['Pending Carrier Approval', 0], ['Completed', 600, 190]), 'Scheduled', 50);
  assert.equal(m.judged, false);
  assert.equal(m.crossings.length, 1);
});

test('an order faster than the polls is not judged: a fast sandbox read every 30 s', () => {
  const m = missedBetweenPolls(seen(['Pending Carrier Approval', 0], ['Completed', 30_000, 0]), 'Scheduled', 30_000);
  assert.equal(m.judged, false);
  assert.match(m.crossings[0], /first read 30 s apart/);
});

test('a crossing whose earlier read this worker did not make is not judged: a --resume three days later', () => {
  // the first run saw Pending Carrier Approval; the resumed run's first read finds the order Completed
  const m = missedBetweenPolls(seen(['Pending Carrier Approval', 0], ['Completed', 3 * 86_400_000]), 'Scheduled', 30_000);
  assert.equal(m.judged, false);
  assert.match(m.crossings[0], /first read 259200 s apart$/);
});

test('a terminal status never read is judged as it stands; a status not crossed gives no crossing', () => {
  assert.equal(missedBetweenPolls(seen(['Submitted', 0], ['Completed', 900, 850]), 'Rejected', 50).judged, true);
  const m = missedBetweenPolls(seen(['Submitted', 0], ['Pending Carrier Approval', 400, 350]), 'Scheduled', 50);
  assert.deepEqual(m, { judged: false, crossings: [] });
});
