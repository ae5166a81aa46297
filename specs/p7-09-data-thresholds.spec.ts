import { test, expect, itemDescribe, saveId, warnUnless, expectConformant } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { ok, refused, create, expectEcho, authNegatives, runLabel, type Json } from '../helpers/steps';
import type { ApiClient } from '../helpers/client';
import { checks } from '../protocol/contract';
import { expectReadBack } from './p7-common';

export const meta = defineItem({
  id: 'P7-9',
  title: 'Data usage thresholds (Notify / Throttle / Limit) set and read back for a number (MVNO guide Phase 7, seed 003 §9).',
  owner: 'Partner',
  section: 'Phase 7 add-on',
  addon: true,
  scope: ['core', 'data-limits'],
  saves: ['THID'],
  dependsOn: ['7', '9'],
  description:
    'MVNO guide Phase 7 add-on (seed 003 §9 "Data Usage Limits and Thresholds"; vendor OpenAPI numbers/data-usage, data-usage/settings, subscriptions/thresholds*). The three knobs (Notify, Throttle at a ThrottleSpeed, Limit; ValueUnit MB) are set in one call for number A and every one reads back through data-usage/settings; values outside the documented ones are refused (ValueUnit MB only, the nine speeds of ruling R-throttle-speed); thresholds without LimitValue are refused or given the documented 20 MB default (ruling R-data-limit-default). A Data threshold in MB is created, assigned to the item 9 subscription of number A and read back in MB (ruling R-subscription-thresholds). Selected by CERT_ADDONS=data-limits; not-applicable otherwise.',
});

const SET = 'POST /v1.0/numbers/data-usage';
const SETTINGS = 'POST /v1.0/numbers/data-usage/settings';
const KNOBS = ['ValueUnit', 'NotifyValue', 'ThrottleValue', 'ThrottleSpeed', 'LimitValue'];
const TH = '/v1.0/subscriptions/thresholds';

const DEFAULT_LIMIT_MB = 20;
const DEFAULT_LIMIT_BASIS =
  'vendor OpenAPI POST /v1.0/numbers/data-usage (LimitValue in the required list; its description: "Unless a LimitValue is specified, the default data limit is 20 MB") + ruling R-data-limit-default';

/**
 * Thresholds sent without LimitValue (below the documented 20 MB default, in ascending order): refused (400, the
 * required list) or accepted with the default limit applied (the description) — then LimitValue reads back 20 and the
 * item's own thresholds (`restore`) are set again. Accepted with another limit, or none, fails (R-data-limit-default).
 */
async function withoutLimitValue(api: ApiClient, number: string, restore: Json): Promise<void> {
  const body = { ValueUnit: 'MB', NotifyValue: 10, ThrottleValue: 15, ThrottleSpeed: '1-mbps', PhoneNumbers: [{ Number: number }] };
  const res = await refused(api, SET, [400, 200], { body }, `without LimitValue (${DEFAULT_LIMIT_BASIS})`);
  if (res.status !== 200) return;
  const settings = await ok(api, SETTINGS, { body: { PhoneNumbers: [{ Number: number }] } });
  const mine = (settings.PhoneNumbers ?? [settings]).find((x: any) => !x.Number || x.Number === number);
  warnUnless(false, {
    check: 'dataLimits.defaultLimit',
    expected: `HTTP 400 (LimitValue required) or the default limit of ${DEFAULT_LIMIT_MB} MB`,
    actual: `HTTP 200; LimitValue reads back ${JSON.stringify(mine?.LimitValue)}`,
    message: `${SET} without LimitValue was accepted: the documented default limit applies instead of a refusal`,
    basis: DEFAULT_LIMIT_BASIS,
  });
  expect(Number(mine?.LimitValue), `${SETTINGS}: the default limit applies when LimitValue is left out (${DEFAULT_LIMIT_BASIS})`).toBe(DEFAULT_LIMIT_MB);
  await ok(api, SET, { body: restore });
}

itemDescribe(meta, () => {
  // distinct from item 17's values (8 / 10 / 15 MB at 1-mbps) so the read-back proves THIS write
  const thresholds = { ValueUnit: 'MB', NotifyValue: 400, ThrottleValue: 450, ThrottleSpeed: '5-mbps', LimitValue: 500 };

  test('sets Notify, Throttle and Limit on number A in one call and reads every one back (§9)', async ({ api, ledger }) => {
    const a = ledger.requireId('NUMBER_A');
    const req = { ...thresholds, PhoneNumbers: [{ Number: a }] };
    const res = await ok(api, SET, { body: req });
    // seed 003 §9 response example: the three thresholds, the unit and the speed as sent
    expectEcho(req, res, KNOBS, 'numbers/data-usage');
    const settings = await ok(api, SETTINGS, { body: { PhoneNumbers: [{ Number: a }] } });
    // seed 003 §9: "Use POST /v1.0/numbers/data-usage/settings to read the configured thresholds for a number"
    const mine = (settings.PhoneNumbers ?? [settings]).find((x: any) => !x.Number || x.Number === a);
    expectReadBack(`number:${a}`, SET, thresholds, mine, SETTINGS);
  });

  test('refuses thresholds outside the documented values', async ({ api, ledger }) => {
    const a = ledger.requireId('NUMBER_A');
    const base = { ...thresholds, PhoneNumbers: [{ Number: a }] };
    // seed 003 §9 table + vendor OpenAPI: ValueUnit enum MB ("applies to all three thresholds"); seed 003 §11: 400
    await refused(api, SET, [400], { body: { ...base, ValueUnit: 'TB' } }, 'with ValueUnit TB');
    // ruling R-throttle-speed: the nine speeds of seed 003 §9
    await refused(api, SET, [400], { body: { ...base, ThrottleSpeed: '2-mbps' } }, 'with ThrottleSpeed 2-mbps');
    await withoutLimitValue(api, a, base);
  });

  test('a Data threshold in MB is created, assigned to the subscription of number A and read back in MB', async ({ api, ledger, evidence }) => {
    const sub = ledger.requireId('SUB');
    // ruling R-subscription-thresholds: the operations are x-internal and not in the public index — a target that does
    // not offer them (403 / 405 / 501 to a read of an unknown threshold) gets a warning, not a failure
    const probe = await api.call(`GET ${TH}`, { query: { ThresholdId: 'THID-00000000-0000-4000-8000-000000000000' }, validate: false });
    if ([403, 405, 501].includes(probe.status)) {
      warnUnless(false, {
        check: 'dataLimits.subscriptionThresholds',
        expected: 'the subscriptions/thresholds operations offered to this account',
        actual: `GET ${TH} → HTTP ${probe.status}`,
        message: 'subscription thresholds are not offered to this account: the per-number thresholds (§9) are certified, the per-subscription ones are not',
        basis: 'ruling R-subscription-thresholds (vendor OpenAPI x-internal; seed 004 lists no threshold operation)',
      });
      return;
    }
    const req = { ThresholdName: runLabel(ledger, 'data-400MB'), ThresholdType: 'Data', ThresholdAmount: 400, ThresholdUnit: 'MB', ThresholdAction: 'Alert' };
    const created = await create(api, ledger, meta, {
      kind: 'threshold',
      op: `POST ${TH}/add`,
      body: req,
      idField: 'ThresholdId',
      cleanup: (id) => ({ op: `POST ${TH}/delete`, body: { ThresholdId: id } }),
      cleanupOrder: 44,
    });
    // vendor OpenAPI subscriptions/thresholds: the threshold record "including its name, type, amount, unit, and action"
    expectEcho(req, created, ['ThresholdName', 'ThresholdType', 'ThresholdAmount', 'ThresholdUnit', 'ThresholdAction'], `subscriptions/thresholds/add`);
    const thid = created.ThresholdId;
    saveId(ledger, meta, 'THID', thid);
    const read = await ok(api, `GET ${TH}`, { query: { ThresholdId: thid } });
    expectConformant(
      checks.retrievableAfterCreate(created, read, ['ThresholdId', 'ThresholdType', 'ThresholdAmount', 'ThresholdUnit', 'ThresholdAction'], {
        readOp: `GET ${TH}`,
      }),
      `GET ${TH} reads the threshold back as created`,
    );

    const asg = await create(api, ledger, meta, {
      kind: 'threshold-assignment',
      op: `POST ${TH}/assignments/add`,
      body: { ThresholdId: thid, SubscriptionId: sub },
      idField: 'ThresholdAssignmentId',
      cleanup: (id) => ({ op: `POST ${TH}/assignments/delete`, body: { ThresholdAssignmentId: id } }),
      cleanupOrder: 46,
    });
    expectEcho({ ThresholdId: thid, SubscriptionId: sub }, asg, ['ThresholdId', 'SubscriptionId'], 'subscriptions/thresholds/assignments/add');
    const list = await ok(api, `GET ${TH}/assignments`, { query: { ThresholdId: thid } });
    const entries: any[] = Array.isArray(list) ? list : ((list as any).Assignments ?? []);
    warnUnless(
      entries.some((e) => e?.SubscriptionId === sub),
      {
        check: 'dataLimits.thresholdAssigned',
        expected: `an assignment of ${thid} to ${sub}`,
        actual: entries.map((e) => e?.SubscriptionId),
        message: `GET ${TH}/assignments does not list the subscription the threshold was assigned to`,
        basis: 'ruling R-subscription-thresholds (vendor OpenAPI lists assignments by ThresholdId; its answer shape is not documented)',
      },
    );
    evidence.note(`threshold ${thid} (Data, 400 MB, Alert) assigned to ${sub}`);
  });

  test('refuses: no token, a token scoped elsewhere', async ({ api, ledger }) => {
    await authNegatives(api, SETTINGS, { body: { PhoneNumbers: [{ Number: ledger.requireId('NUMBER_A') }] } });
  });
});
