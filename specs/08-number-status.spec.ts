import { test, expect, itemDescribe, saveId, warnUnless, expectConformant, type SandboxControls } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { ok, refused, expectPrefix, expectOptionalEcho } from '../helpers/steps';
import { provisionNumber, numberDetails, settleOrder, settleReactivation, today, daysAhead, inventoryAfterStatus } from '../helpers/numbers';
import { sendMessage } from '../helpers/messaging';
import { expectedApn } from '../helpers/profiles';
import type { ApiClient } from '../helpers/client';
import type { Ledger } from '../helpers/ledger';
import type { SuiteConfig } from '../helpers/config';

export const meta = defineItem({
  id: '8',
  title: 'Partner tests number status changes (suspend / restore / deactivate / reactivate) via `/v1.0/numbers/status`.',
  owner: 'Partner',
  section: 'Intelligent Mobile Numbers',
  scope: ['core'],
  saves: ['NUMBER_C'],
  dependsOn: ['7'],
  waits: ['order'],
  description:
    'On a separate throwaway number (never the primary): suspend → park, restore → activate, deactivate → cancel (POST /v1.0/numbers/status) and reactivate → POST /v1.0/numbers/reactivate (ruling R-status-verbs); each change returns an order and the number reads back in the new state.',
});

/** Checklist verb → the operation that does it (ruling R-status-verbs) → the state the number must read back in. */
const STEPS = [
  { verb: 'suspend', change: 'park', expect: /^(park|suspend)/i, before: /^activ/i },
  { verb: 'restore', change: 'activate', expect: /^activ/i, before: /^(park|suspend)/i },
  { verb: 'deactivate', change: 'cancel', expect: /^(cancel|deactiv|disconnect)/i, before: /^activ/i },
] as const;

const SENDS_AGAIN_BASIS =
  'seed 001 item 8 (restore / reactivate undo the suspension / deactivation) + ruling R-status-verbs (activate, reactivate -> Active) + vendor GET /v1.0/numbers/order ("If status is Complete, the number is active")';

/**
 * A restored line carries traffic again: ONE SMS from number C to number B is accepted (200 with a MessageId). Billable:
 * sent once through the messaging helper, whose reconciliation looks for a lost send before anything is resent.
 * The run's ledger records it, so item 18 expects its CDR.
 */
async function expectSendsAgain(api: ApiClient, ledger: Ledger, verb: string): Promise<void> {
  const number = ledger.requireId('NUMBER_C');
  const text = `cert ${ledger.runId.slice(0, 8)} after ${verb} ${Date.now()}`;
  try {
    await sendMessage(api, number, ledger.requireId('NUMBER_B'), text, undefined, ledger);
  } catch (e) {
    const got = String((e as Error).message ?? e)
      .split('\n')[0]
      .slice(0, 300);
    if (!/message\/outbound → HTTP \d+/.test(got)) throw e;
    expectConformant(
      [
        {
          check: 'number.status-traffic',
          severity: 'error',
          op: 'POST /v1.0/message/outbound',
          pointer: '',
          expected: 'HTTP 200 with a MessageId: the line sends again',
          actual: got,
          message: `after ${verb} number ${number} reads Active, but an SMS from it is refused (the suspension's bar is still on)`,
          basis: SENDS_AGAIN_BASIS,
        },
      ],
      `after ${verb} the number sends again`,
    );
  }
}

const NO_TRAFFIC_BASIS =
  'seed 001 item 8 (suspend / deactivate, undone by restore / reactivate) + ruling R-status-verbs (park, cancel) + seed 003 §8.3 (suspending a line suspends its service) + vendor OpenAPI message/outbound prerequisite ("Provisioned phone number with messaging enabled") and numbers/reactivate ("Restore a recently cancelled phone number back to active status")';

/**
 * A suspended or deactivated line carries no traffic (NO_TRAFFIC_BASIS): the platform refuses its message (nothing
 * billed) and — where the sandbox's device simulator shows it — the data network gives its device no session.
 */
async function expectNoTraffic(api: ApiClient, ledger: Ledger, number: string, verb: string, data?: { controls: SandboxControls; apn: string }): Promise<void> {
  const state = verb === 'suspend' ? 'parked' : 'cancelled';
  await refused(
    api,
    'POST /v1.0/message/outbound',
    [400, 403, 404],
    { body: { From: number, To: [{ Number: ledger.requireId('NUMBER_B') }], Body: `sent while ${state}` } },
    `from a ${state} number (after ${verb})`,
  );
  if (!data) return;
  const r = await data.controls.attachDevice({ PhoneNumber: number, Apn: data.apn, Bytes: 1000 });
  expect(r.status, `a device on the ${state} number ${number} is given no data session (${NO_TRAFFIC_BASIS})`).not.toBe(200);
}

/** numbers/update MessageEnabled on `number`, read back once its order completed (R-order-completion) */
async function setMessaging(api: ApiClient, config: SuiteConfig, number: string, enabled: boolean): Promise<void> {
  const res = await ok(api, 'POST /v1.0/numbers/update', { body: { Number: number, MessageEnabled: enabled } });
  await settleOrder(api, config, res.UpdateOrderId, res.UpdateOrderStatus, `MessageEnabled ${enabled} on ${number}`);
  expect((await numberDetails(api, number)).MessageEnabled, `${number} reads back MessageEnabled ${enabled}`).toBe(enabled);
}

const MESSAGE_ENABLED_BASIS =
  'vendor OpenAPI POST /v1.0/message/outbound prerequisite ("Provisioned phone number with messaging enabled (`From` field)") + ruling R-message-enabled-propagation';

/**
 * A send from `number` right after its MessageEnabled false was made (order completed, read back) is refused. How soon
 * the messaging gateway follows a numbers/update is not documented (R-message-enabled-propagation): an accepted send is
 * an error where `judged` (a sandbox: its gateway follows at once), a warning on a real target.
 */
async function expectSendRefusedWhileDisabled(api: ApiClient, number: string, to: string, judged: boolean): Promise<void> {
  const op = 'POST /v1.0/message/outbound';
  const opts = { body: { From: number, To: [{ Number: to }], Body: 'sent with messaging switched off' } };
  const why = 'from a number whose MessageEnabled is false';
  if (judged) {
    await refused(api, op, [400, 403, 404], opts, why);
    return;
  }
  const res = await api.call(op, { ...opts, validate: false } as never);
  warnUnless(res.status >= 400 && res.status < 500, {
    check: 'message.enabled-honoured',
    expected: `HTTP 400, 403 or 404 ${why}`,
    actual: `HTTP ${res.status}`,
    message: `${op} ${why} answered HTTP ${res.status} right after the change was made: the gateway may not have followed yet`,
    basis: MESSAGE_ENABLED_BASIS,
  });
}

const EFFECTIVE_DATE_BASIS =
  'vendor OpenAPI POST /v1.0/numbers/status: EffectiveDate (required) "Date when status change takes effect (MM/DD/YYYY)"; seed 001 item 8';

/** how far ahead the scheduled change is dated: days past any time-zone ambiguity of a date-only value */
const SCHEDULED_DAYS_AHEAD = 7;

/**
 * A change dated days ahead takes effect on its date, not when it is requested: number C (Active) is deactivated with
 * an EffectiveDate a week ahead and must read back Active today. A 4xx is a warning (the docs do not say how far ahead
 * a date may be); the change is left scheduled — C is the run's throwaway, cancelled by the cleanup today.
 */
async function expectScheduledChangeWaits(api: ApiClient, number: string, timeZone: string | undefined): Promise<void> {
  const effective = daysAhead(SCHEDULED_DAYS_AHEAD, timeZone);
  const res = await api.call('POST /v1.0/numbers/status', {
    body: { StatusChange: 'cancel', EffectiveDate: effective, PhoneNumbers: [{ Number: number }] },
  });
  expectConformant(res.findings, `POST /v1.0/numbers/status (cancel dated ${effective}) does not conform`);
  if (res.status !== 200) {
    warnUnless(false, {
      check: 'status.effective-date',
      expected: `HTTP 200: the deactivation scheduled for ${effective}`,
      actual: `HTTP ${res.status}`,
      message: `numbers/status refused a deactivation of ${number} dated ${effective} (${SCHEDULED_DAYS_AHEAD} days ahead): scheduled changes not checked`,
      basis: EFFECTIVE_DATE_BASIS,
    });
    return;
  }
  const d = await numberDetails(api, number);
  const finding = {
    check: 'status.effective-date',
    severity: 'error' as const,
    op: 'POST /v1.0/numbers/status',
    pointer: '/EffectiveDate',
    expected: `${number} still Active until ${effective}`,
    actual: `Status ${String(d.Status)}`,
    message: `a deactivation dated ${effective} (${SCHEDULED_DAYS_AHEAD} days ahead) took effect at once: ${number} reads ${String(d.Status)} today`,
    basis: EFFECTIVE_DATE_BASIS,
  };
  expectConformant(/^activ/i.test(String(d.Status)) ? [] : [finding], 'a status change dated ahead waits for its EffectiveDate');
}

const CHANGE_TYPE_BASIS = 'R-response-required (ChangeType optional, nullable) + vendor OpenAPI numbers/status example + ruling R-change-type-echo';

const REACTIVATE_ECHO_BASIS = 'vendor OpenAPI ReactivateNumber_Result (PhoneNumber nullable, no example) + ruling R-reactivate-echo';

itemDescribe(meta, () => {
  test('provisions a throwaway number C for the destructive steps', async ({ api, ledger, config }) => {
    const c = await provisionNumber(api, ledger, meta, config, { label: 'C-status', voice: false });
    saveId(ledger, meta, 'NUMBER_C', c.number);
    await settleOrder(api, config, c.orderId, c.body.OrderStatus, 'provisioning number C');
    expect(c.number, 'the throwaway number is not the primary test number').not.toBe(ledger.requireId('NUMBER_A'));
  });

  for (const step of STEPS) {
    test(`${step.verb}: StatusChange "${step.change}" takes effect`, async ({ api, ledger, config, target }) => {
      const number = ledger.requireId('NUMBER_C');
      const res = await ok(api, 'POST /v1.0/numbers/status', {
        body: { StatusChange: step.change, EffectiveDate: today(config.platformTimeZone), PhoneNumbers: [{ Number: number }] },
      });
      expectPrefix('order', res.OrderId, 'numbers/status OrderId');
      // the vendor fixes the StatusChange values, not the case the order echoes them in (R-change-type-echo)
      expectOptionalEcho({
        check: 'status.change-type',
        field: 'ChangeType',
        got: res.ChangeType,
        want: step.change,
        what: 'numbers/status answered',
        basis: CHANGE_TYPE_BASIS,
        normalise: (v) => String(v).toLowerCase(),
      });
      await settleOrder(api, config, res.OrderId, res.OrderStatus, `${step.verb} of ${number}`);
      const d = await numberDetails(api, number);
      expect(String(d.Status), `after ${step.verb} the number no longer reads back in its previous state`).not.toMatch(step.before);
      warnUnless(step.expect.test(String(d.Status)), {
        check: 'number.status-word',
        expected: `a Status like ${step.expect}`,
        actual: d.Status,
        message: `after ${step.verb} ("${step.change}") the number's Status reads "${d.Status}"`,
        basis: 'R-status-verbs (the Status vocabulary of a number is not documented)',
      });
      // the inventory lists the number in its new state too (numbers/status "Next steps: View inventory")
      expectConformant(
        await inventoryAfterStatus(api, config, number, { verb: step.verb, before: step.before, details: String(d.Status) }),
        `after ${step.verb} the inventory no longer lists the number in its previous state`,
      );
      const data = target.controls ? { controls: target.controls, apn: expectedApn(config.profile) } : undefined;
      if (step.change === 'park' || step.change === 'cancel') await expectNoTraffic(api, ledger, number, step.verb, data);
      if (step.change === 'activate') await expectSendsAgain(api, ledger, step.verb);
    });
  }

  test('reactivate: POST /v1.0/numbers/reactivate within 30 days of cancel', async ({ api, ledger, config }) => {
    const number = ledger.requireId('NUMBER_C');
    const res = await ok(api, 'POST /v1.0/numbers/reactivate', { body: { PhoneNumber: number, ...(ledger.id('AID') ? { AccountId: ledger.id('AID') } : {}) } });
    expectOptionalEcho({
      check: 'reactivate.echo',
      field: 'PhoneNumber',
      got: res.PhoneNumber,
      want: number,
      what: 'numbers/reactivate answered',
      basis: REACTIVATE_ECHO_BASIS,
    });
    await settleOrder(api, config, res.OrderId, res.OrderStatus, `reactivation of ${number}`);
    // a reactivation answered under way (Status Pending …) is read until it is made (R-reactivate-status)
    await settleReactivation(api, config, number, res.Status, `reactivation of ${number}`);
    const d = await numberDetails(api, number);
    expect(String(d.Status), 'after reactivate the number is active again').toMatch(/^activ/i);
    expectConformant(
      await inventoryAfterStatus(api, config, number, { verb: 'reactivate', before: /^(cancel|deactiv|disconnect)/i, details: String(d.Status) }),
      'after reactivate the inventory no longer lists the number cancelled',
    );
    await expectSendsAgain(api, ledger, 'reactivate');
  });

  // vendor OpenAPI message/outbound prerequisite: "Provisioned phone number with messaging enabled (`From` field)"
  test('messaging switched off (numbers/update MessageEnabled false): number C sends no SMS until it is on again', async ({ api, ledger, config, target }) => {
    const number = ledger.requireId('NUMBER_C');
    await setMessaging(api, config, number, false);
    try {
      await expectSendRefusedWhileDisabled(api, number, ledger.requireId('NUMBER_B'), !!target.controls);
    } finally {
      await setMessaging(api, config, number, true);
    }
  });

  test('refuses: a bad StatusChange, reactivating an active number, an unknown number', async ({ api, ledger }) => {
    const number = ledger.requireId('NUMBER_C');
    await refused(
      api,
      'POST /v1.0/numbers/status',
      [400],
      { body: { StatusChange: 'suspend', EffectiveDate: today(), PhoneNumbers: [{ Number: number }] } },
      'with "suspend" (not in the StatusChange enum)',
    );
    await refused(api, 'POST /v1.0/numbers/reactivate', [400], { body: { PhoneNumber: number } }, 'for a number that is not cancelled');
    await refused(
      api,
      'POST /v1.0/numbers/status',
      [400, 404],
      { body: { StatusChange: 'park', EffectiveDate: today(), PhoneNumbers: [{ Number: '+19999999999' }] } },
      'for a number not on the account',
    );
  });

  test('a deactivation dated a week ahead waits for its date: number C still reads Active today', async ({ api, ledger, config }) => {
    await expectScheduledChangeWaits(api, ledger.requireId('NUMBER_C'), config.platformTimeZone);
  });
});
