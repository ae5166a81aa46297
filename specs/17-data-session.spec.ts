import { test, expect, itemDescribe, markManual } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { ok, expectEcho } from '../helpers/steps';
import { expectedApn } from '../helpers/profiles';
import { pollUntil } from '../helpers/progress';

export const meta = defineItem({
  id: '17',
  title: 'Data session attached on the assigned APN (e.g., `iot.joonto` for IoT, `wireless.mobi` for MVNO).',
  owner: 'Partner',
  section: 'Intelligent Data',
  scope: ['core', 'data'],
  saves: [],
  dependsOn: ['7'],
  waits: ['device'],
  description:
    "Thresholds are set on number A (data-usage, read back through data-usage/settings); a device attaches on the profile's APN (sandbox: its device simulator; real target: the operator, or `manual` in CI); the attach is verified through data-usage/info (usage grows) and device-details (seed 003 §9).",
});

function usedBytes(info: any, number: string): number {
  const n = (info.PhoneNumbers ?? []).find((x: any) => x.Number === number);
  const m = /^([\d.]+)\s*(B|KB|MB|GB)$/i.exec(String(n?.Used ?? '').trim());
  if (!m) return -1;
  return Number(m[1]) * { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 }[m[2].toUpperCase() as 'B']!;
}

itemDescribe(meta, () => {
  const thresholds = { ValueUnit: 'MB', NotifyValue: 8, ThrottleValue: 10, ThrottleSpeed: '1-mbps', LimitValue: 15 };

  test('sets data thresholds on number A and reads them back', async ({ api, ledger }) => {
    const a = ledger.requireId('NUMBER_A');
    const req = { ...thresholds, PhoneNumbers: [{ Number: a }] };
    const res = await ok(api, 'POST /v1.0/numbers/data-usage', { body: req });
    expectEcho(req, res, ['ValueUnit', 'NotifyValue', 'ThrottleValue', 'ThrottleSpeed', 'LimitValue'], 'numbers/data-usage');
    const settings = await ok(api, 'POST /v1.0/numbers/data-usage/settings', { body: { PhoneNumbers: [{ Number: a }] } });
    const s = (settings.PhoneNumbers ?? [settings]).find((x: any) => !x.Number || x.Number === a) ?? settings;
    expect(Number(s.LimitValue ?? settings.LimitValue), 'the limit reads back').toBe(15);
  });

  test("a device attaches on the profile's APN and usage shows it", async ({ api, ledger, target, config }) => {
    const a = ledger.requireId('NUMBER_A');
    const apn = expectedApn(config.profile);
    const before = usedBytes(await ok(api, 'POST /v1.0/numbers/data-usage/info', { body: { PhoneNumbers: [{ Number: a }] } }), a);
    if (target.controls) {
      const iccid = ledger.id('ICCID_A');
      const r = await target.controls.attachDevice({ PhoneNumber: a, ...(iccid ? { ICCID: iccid } : {}), Apn: apn, Bytes: 2_500_000 });
      expect(r.status, `the device simulator attached on ${apn}: ${JSON.stringify(r.body)}`).toBe(200);
    } else if (config.nonInteractive) {
      markManual(`attach a device with number ${a} on APN ${apn}, then run again with --resume`);
    } else {
      process.stdout.write(`\n  >>> Attach a device with number ${a} on APN ${apn} and start a data session. Waiting for usage to grow…\n`);
    }
    const after = await pollUntil(
      async () => {
        const used = usedBytes(await ok(api, 'POST /v1.0/numbers/data-usage/info', { body: { PhoneNumbers: [{ Number: a }] } }), a);
        return used > before ? used : undefined;
      },
      { timeoutMs: config.deviceWaitMs, intervalMs: config.pollMs, label: `data usage on ${a} to grow` },
    );
    if (after === undefined && !target.controls)
      markManual(`no data usage seen on ${a} within ${Math.round(config.deviceWaitMs / 1000)} s: attach a device on APN ${apn}, then run again with --resume`);
    expect(after, `data-usage/info shows the session's usage on ${a} (before: ${before} B)`).toBeGreaterThan(before);
  });

  test('device details name the attached device', async ({ api, ledger }) => {
    const a = ledger.requireId('NUMBER_A');
    const d = await ok(api, 'POST /v1.0/numbers/device-details', { body: { PhoneNumber: a } });
    expect(d.PhoneNumber).toBe(a);
    expect(String(d.IMEI ?? ''), 'an IMEI is reported for the attached device').toMatch(/^\d{14,16}$/);
  });

  test('a device on the wrong APN is not given a session', async ({ ledger, target, config }) => {
    test.skip(!target.controls, 'needs the device simulator (sandbox only)');
    const wrong = expectedApn(config.profile) === 'iot.joonto' ? 'wireless.mobi' : 'iot.joonto';
    const r = await target.controls!.attachDevice({ PhoneNumber: ledger.requireId('NUMBER_A'), Apn: wrong, Bytes: 1000 });
    expect(r.status, `attaching on ${wrong} is rejected`).not.toBe(200);
  });
});
