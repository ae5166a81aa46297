import { test, expect, expectConformant, itemDescribe, expectOutcome, markManual, warnUnless } from '../helpers/fixtures';
import type { ApiClient } from '../helpers/client';
import { defineItem } from '../helpers/item';
import { ok, expectOk, expectOptionalEcho, type Json } from '../helpers/steps';
import {
  watchOrder,
  carrierPending,
  checklistStatusOf,
  PORT_FINAL,
  resumedOrRejectedAgain,
  rejectedAfterUpdate,
  firstRejectionReason,
} from '../helpers/porting';
import { mmddyyyy } from '../protocol/dates';
import { redact } from '../protocol/redact';

export const meta = defineItem({
  id: '8c',
  title: 'Port-in update tested via `POST /v1.0/numbers/portin/update` using the `OrderId` — simulate a carrier rejection correction.',
  owner: 'Partner',
  section: 'Intelligent Port-In',
  scope: ['core', 'porting'],
  saves: [],
  dependsOn: ['8b'],
  waits: ['portIn'],
  description:
    "The losing carrier rejects the order (wrong account number); portin/update corrects it with PortInDate (wireline rule) and the same order resumes — no cancel and resubmit (seed 003 §8.2 step 3). The rejection may read Rejected or, as the vendor's own examples show, Error with the carrier's reason (a warning: ruling R-portin-status-spelling). A carrier that has not answered yet leaves the item pending (a real carrier takes days).",
});

/** Wireline window: 5–10 business days ahead; MM/DD/YYYY (seed 003 §8.2) or YYYY-MM-DD (the OpenAPI's description). */
function portInDate(iso = false): string {
  const us = mmddyyyy(new Date(Date.now() + 7 * 86_400_000));
  return iso ? `${us.slice(6)}-${us.slice(0, 2)}-${us.slice(3, 5)}` : us;
}

/**
 * portin/update with PortInDate as the guide's worked example writes it (MM/DD/YYYY, seed 003 §8.2); a platform that
 * refuses that (HTTP 400, nothing updated) is asked once more with the OpenAPI's YYYY-MM-DD — a warning, not a
 * failure (ruling R-portin-date-format: both are the vendor's).
 */
async function updatePortIn(api: ApiClient, body: Json): Promise<Json> {
  const op = 'POST /v1.0/numbers/portin/update';
  const first = await api.call(op, { body: { ...body, PortInDate: portInDate() } });
  if (first.status !== 400) return expectOk(op, first).body as Json;
  warnUnless(false, {
    check: 'porting.portin-date-format',
    expected: 'PortInDate in MM/DD/YYYY (seed 003 §8.2)',
    actual: `HTTP 400 ${JSON.stringify(redact(first.body)).slice(0, 160)}`,
    message: 'portin/update was refused (HTTP 400) with PortInDate in MM/DD/YYYY; sent once more with YYYY-MM-DD (the OpenAPI description)',
    basis: 'R-portin-date-format',
  });
  return ok(api, op, { body: { ...body, PortInDate: portInDate(true) } });
}

const UPDATE_ECHO_BASIS =
  'vendor OpenAPI POST /v1.0/numbers/portin/update ("Returns confirmation that the port-in order has been updated") + R-response-required + ruling R-portin-update-echo';

itemDescribe(meta, () => {
  test('the losing carrier rejects the order', async ({ api, ledger, config, evidence, target }) => {
    const orderId = ledger.requireId('PORTIN_ORDER');
    // Rejected, or its carrier-rejection form Error + OrderStatusMessage (ruling R-portin-status-spelling; semantics status)
    expectOutcome(/^Rejected$/, 'the port-in was submitted with the account number the losing carrier rejects (seed 003 §8.2 step 3)');
    const w = await watchOrder({ api, ledger, config, evidence, controls: target.controls }, orderId, (s) => PORT_FINAL.has(s), 'the carrier rejection');
    if (w.outcome === 'waiting') carrierPending(config, orderId, w.last, 'the carrier decision');
    expect(w.outcome, `the carrier decided on order ${orderId} (still "${w.last}" 30 days on)`).toBe('done');
    expect(checklistStatusOf(w.order!, 'the carrier rejection'), 'the wrong account number is rejected by the losing carrier').toBe('Rejected');
    expect(String(w.order!.OrderStatusMessage ?? ''), 'the rejection says why').not.toBe('');
  });

  test('portin/update corrects the record and the same order resumes', async ({ api, ledger, config, evidence, target }) => {
    const orderId = ledger.requireId('PORTIN_ORDER');
    expectOutcome(/^Rejected$/, 'the order was rejected on purpose; a read before the carrier picks up the update may still say so');
    const res = await updatePortIn(api, {
      OrderId: orderId,
      CurrentAccountNumber: config.portIn.accountNumber,
      CurrentAccountPassword: config.portIn.accountPassword,
      SubscriberName: 'Jane Certification',
    });
    expectOptionalEcho({
      check: 'porting.update-echo',
      field: 'OrderId',
      got: res.OrderId,
      want: orderId,
      what: 'portin/update answered',
      basis: UPDATE_ECHO_BASIS,
    });
    expect(res.Status).toBe('Updated');
    // resumed: back through carrier approval to Scheduled — 8e follows it to Completed (and waits, pending, for a slow carrier);
    // rejected again once back with the carrier: the correction never reached it (check porting.rejected-after-update)
    const w = await watchOrder({ api, ledger, config, evidence }, orderId, resumedOrRejectedAgain(), 'the corrected order to be scheduled');
    const again = rejectedAfterUpdate(orderId, w.outcome === 'done' ? w.order : undefined, firstRejectionReason(ledger, orderId));
    // the corrected details are the partner's on a target without the sandbox's carrier: a second rejection may be theirs
    // or the losing carrier's call — an operator looks (R-portin-rejected-again); the sandbox's carrier is known
    if (again.length && !target.controls) markManual(`${again[0].message} — ${REJECTED_AGAIN_HINT}`);
    expectConformant(again, 'the corrected order is not rejected again (the update reached the carrier)');
    expect(w.last, 'after the update the order resumes (not cancelled)').not.toBe('Cancelled');
  });
});

/** what an operator checks when the corrected order is rejected again on a real target (R-portin-rejected-again) */
const REJECTED_AGAIN_HINT =
  "check the corrected details (PORTIN_ACCOUNT_NUMBER, PORTIN_ACCOUNT_PASSWORD) and the carrier's reason with Telegent, then npm run certify -- --resume";
