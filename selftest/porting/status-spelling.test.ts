/**
 * Ruling R-portin-status-spelling: a port-in read as "Error" with a carrier reason (the vendor's own
 * GET /v1.0/numbers/order examples) is the checklist's Rejected, "Complete" is Completed — in the status semantics
 * (protocol/contract/semantics/status.ts: allowed where a rejection is expected) and in item 8e's bookkeeping of the
 * six statuses (helpers/porting.ts). "Error" without a reason, or on another order type, keeps its severity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { semantics } from '../../protocol/contract';
import { checklistStatus, missedBetweenPolls, missingStatuses, otherSpellings, PORT_FINAL, type ObservedStatus } from '../../helpers/porting';

const OP = 'GET /v1.0/numbers/order';
const REJECTION = { value: /^Rejected$/, why: 'the port-in was submitted with the account number the carrier rejects' };
const order = (status: string, message: string | null, type = 'portin') => ({
  OrderId: 'JNUOID-1',
  OrderStatus: status,
  OrderStatusMessage: message,
  OrderType: type,
  PhoneNumbersOrdered: [{ Number: '+12815703894' }],
});
const errorsOf = (body: unknown, allow = [REJECTION]) =>
  semantics
    .statusFailures(body, OP, allow)
    .filter((f) => f.severity === 'error')
    .map((f) => f.check);

test('a port-in rejected by the carrier as Error + OrderStatusMessage passes where a rejection is expected (vendor example 1)', () => {
  assert.deepEqual(errorsOf(order('Error', '8A-ACCOUNT_NUM_REQ_OR_INCORRECT')), []);
  assert.deepEqual(errorsOf(order('Rejected', '8A-ACCOUNT_NUM_REQ_OR_INCORRECT')), []);
});

test('Error keeps its severity without a carrier reason, on another order type, or where no rejection is expected', () => {
  assert.deepEqual(errorsOf(order('Error', null)), ['status.failure'], 'no reason');
  assert.deepEqual(errorsOf(order('Error', '  ')), ['status.failure'], 'a blank reason');
  assert.deepEqual(errorsOf(order('Error', 'RESERVATION_TIMEOUT', 'provision')), ['status.failure'], 'not a port-in');
  assert.deepEqual(errorsOf(order('Error', '6P-REMOVE NUMBER LOCK ON VERIZON ACCOUNT'), []), ['status.failure'], 'unexpected, like Rejected');
  assert.deepEqual(errorsOf(order('Rejected', 'x'), []), ['status.failure']);
});

test('the checklist word of each documented spelling', () => {
  assert.equal(semantics.portInChecklistStatus('Error', '8A-ACCOUNT_NUM_REQ_OR_INCORRECT'), 'Rejected');
  assert.equal(semantics.portInChecklistStatus('Error', ''), 'Error');
  assert.equal(semantics.portInChecklistStatus('Error'), 'Error');
  assert.equal(semantics.portInChecklistStatus('Complete'), 'Completed');
  assert.equal(semantics.portInChecklistStatus('Pending'), 'Submitted', "the vendor's initial status (POST /v1.0/numbers/portin)");
  for (const s of ['Submitted', 'Pending Carrier Approval', 'Scheduled', 'Completed', 'Rejected', 'Cancelled', 'Failed'])
    assert.equal(semantics.portInChecklistStatus(s, 'any'), s);
  assert.ok(
    ['Complete', 'Error', 'Completed', 'Rejected', 'Cancelled'].every((s) => PORT_FINAL.has(s)),
    'every spelling ends the watch',
  );
});

const T0 = Date.parse('2026-11-30T10:00:00.000Z');
const row = (orderId: string, status: string, t: number, message?: string, prev?: number): ObservedStatus => ({
  orderId,
  status,
  at: new Date(T0 + t).toISOString(),
  ...(message ? { message } : {}),
  ...(prev === undefined ? {} : { prevReadAt: new Date(T0 + prev).toISOString() }),
});
/** item 8e's two orders as the vendor's spellings show them: the corrected one (rejected, then completed), the cancelled one */
const vendorSpelled = (rejected: ObservedStatus, completed: ObservedStatus): ObservedStatus[] => [
  row('A', 'Submitted', 0),
  row('A', 'Pending Carrier Approval', 200),
  rejected,
  row('A', 'Pending Carrier Approval', 600),
  row('A', 'Scheduled', 800),
  completed,
  row('B', 'Submitted', 50),
  row('B', 'Cancelled', 100),
];

test('8e: Error with a carrier reason counts as Rejected, Complete as Completed; each named once as another spelling', () => {
  const seen = vendorSpelled(row('A', 'Error', 400, '8A-ACCOUNT_NUM_REQ_OR_INCORRECT'), row('A', 'Complete', 1000));
  assert.deepEqual(missingStatuses(seen), []);
  assert.deepEqual(
    otherSpellings(seen).map((o) => [o.status, o.as]),
    [
      ['Error', 'Rejected'],
      ['Complete', 'Completed'],
    ],
  );
  assert.equal(checklistStatus({ status: 'Complete' }), 'Completed');
});

test('8e: Error without a carrier reason is not a rejection — Rejected stays missing (still a finding)', () => {
  const seen = vendorSpelled(row('A', 'Error', 400), row('A', 'Completed', 1000));
  assert.deepEqual(missingStatuses(seen), ['Rejected']);
  assert.deepEqual(otherSpellings(seen), []);
});

test('8e: a status skipped on the way to "Complete" is judged as on the way to Completed (drift portin-skips-scheduled)', () => {
  const seen = [row('A', 'Pending Carrier Approval', 0, undefined, -10), row('A', 'Complete', 250, undefined, 190)];
  assert.deepEqual(missingStatuses(seen), ['Submitted', 'Scheduled', 'Rejected', 'Cancelled']);
  assert.equal(missedBetweenPolls(seen, 'Scheduled', 50).judged, true);
});

test('lifecycle: a rejection read as Error + carrier reason is judged as Rejected — it resumes only after a portin/update', () => {
  const read = (o: InstanceType<typeof semantics.SemanticObserver>, status: string, message: string | null) =>
    o.observe({ op: OP, status: 200, response: { body: order(status, message) } }).filter((f) => f.check.startsWith('lifecycle'));
  const sneaky = new semantics.SemanticObserver();
  read(sneaky, 'Pending Carrier Approval', null);
  read(sneaky, 'Error', '8A-ACCOUNT_NUM_REQ_OR_INCORRECT');
  const moved = read(sneaky, 'Pending Carrier Approval', null);
  assert.deepEqual(
    moved.map((f) => [f.severity, f.actual]),
    [['error', '"Error" → "Pending Carrier Approval"']],
    'left the rejection without an update: an error that shows the status as read',
  );
  const corrected = new semantics.SemanticObserver();
  read(corrected, 'Error', '8A-ACCOUNT_NUM_REQ_OR_INCORRECT');
  corrected.observe({
    op: 'POST /v1.0/numbers/portin/update',
    status: 200,
    request: { body: { OrderId: 'JNUOID-1' } },
    response: { body: { OrderId: 'JNUOID-1', Status: 'Updated' } },
  });
  assert.deepEqual(read(corrected, 'Pending Carrier Approval', null), [], 'resumed after the update');
});
