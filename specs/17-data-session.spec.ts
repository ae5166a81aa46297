import { test, expect, itemDescribe, markManual, expectConformant } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { ok, expectEcho, type Json } from '../helpers/steps';
import { readAfterWrite, showsWritten } from '../helpers/list-settle';
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

/** the bytes of the data session the suite runs through the sandbox's device simulator */
const SESSION_BYTES = 2_500_000;

/** Used in bytes (1 KB = 1000 B unless it says KiB), -1 when unreadable: usedReading's decimal reading */
function usedBytes(info: any, number: string): number {
  return usedReading(info, number)?.bytes.decimal ?? -1;
}

/** Used ("2.38 MB") in bytes, read with 1 KB = 1000 B and with 1 KB = 1024 B (the docs say neither), and one unit of its last digit. */
interface UsedReading {
  raw: string;
  bytes: { decimal: number; binary: number };
  step: { decimal: number; binary: number };
}

function usedReading(info: any, number: string): UsedReading | undefined {
  const raw = String((info.PhoneNumbers ?? []).find((x: any) => x.Number === number)?.Used ?? '').trim();
  const m = /^(\d+)(?:\.(\d+))?\s*([KMGT]?)(i?)B$/i.exec(raw);
  if (!m) return undefined;
  const power = ' KMGT'.indexOf(m[3].toUpperCase() || ' ');
  const value = Number(`${m[1]}.${m[2] ?? '0'}`);
  const last = 10 ** -(m[2]?.length ?? 0);
  const at = (base: number) => ({ v: value * base ** power, s: last * base ** power });
  const dec = m[4] ? at(1024) : at(1000);
  const bin = at(1024);
  return { raw, bytes: { decimal: dec.v, binary: bin.v }, step: { decimal: dec.s, binary: bin.s } };
}

/**
 * The session the suite itself ran through the sandbox's device simulator carried `bytes`: Used grows by that much,
 * within rounding (±1 %, or one unit of the last digit of each reading), in decimal or binary units.
 */
function expectGrowthCounts(before: UsedReading | undefined, after: UsedReading | undefined, bytes: number, number: string): void {
  if (!before || !after) return; // an unreadable Used: the growth check above already judged it
  const kinds = ['decimal', 'binary'] as const;
  const grew = (k: (typeof kinds)[number]) => after.bytes[k] - before.bytes[k];
  const fits = kinds.some((k) => Math.abs(grew(k) - bytes) <= Math.max(bytes / 100, before.step[k] + after.step[k]));
  expectConformant(
    fits
      ? []
      : [
          {
            check: 'data.usage-counted',
            severity: 'error',
            op: 'POST /v1.0/numbers/data-usage/info',
            pointer: '/PhoneNumbers/0/Used',
            expected: `Used grows by the session's ${bytes} B (±1 % or one unit of the reading; 1 KB = 1000 B or 1024 B)`,
            actual: `${before.raw} → ${after.raw}: +${Math.round(grew('decimal'))} B (1 KB = 1000 B) / +${Math.round(grew('binary'))} B (1 KB = 1024 B)`,
            message: `data-usage/info on ${number} counts ${Math.round(grew('binary'))} B for a data session of ${bytes} B (device simulator)`,
            basis:
              'seed 003 §9 + vendor OpenAPI POST /v1.0/numbers/data-usage/info ("Returns current consumed data"), the session\'s bytes set by the suite (sandbox device simulator); R-data-usage-used-units',
          },
        ],
    "data-usage/info counts the session's bytes",
  );
}

itemDescribe(meta, () => {
  const thresholds = { ValueUnit: 'MB', NotifyValue: 8, ThrottleValue: 10, ThrottleSpeed: '1-mbps', LimitValue: 15 };

  test('sets data thresholds on number A and reads them back', async ({ api, ledger }) => {
    const a = ledger.requireId('NUMBER_A');
    const req = { ...thresholds, PhoneNumbers: [{ Number: a }] };
    const res = await ok(api, 'POST /v1.0/numbers/data-usage', { body: req });
    expectEcho(req, res, ['ValueUnit', 'NotifyValue', 'ThrottleValue', 'ThrottleSpeed', 'LimitValue'], 'numbers/data-usage');
    // a settings read that trails the write is read again within the read settle window (R-read-after-write)
    const op = 'POST /v1.0/numbers/data-usage/settings';
    const entryOf = (b: Json): Json => (b.PhoneNumbers ?? [b]).find((x: any) => !x.Number || x.Number === a) ?? b;
    const settings = await readAfterWrite(api, {
      op,
      read: async (observe) =>
        observe
          ? ok(api, op, { body: { PhoneNumbers: [{ Number: a }] } })
          : ((await api.call(op, { body: { PhoneNumbers: [{ Number: a }] }, observe })).body as Json),
      shows: (b) => showsWritten(thresholds, entryOf(b ?? {})),
      what: `the thresholds of ${a}`,
      basis: 'R-read-after-write (no read-after-write consistency documented)',
    });
    const s = entryOf(settings);
    expect(Number(s.LimitValue ?? settings.LimitValue), 'the limit reads back').toBe(15);
  });

  test("a device attaches on the profile's APN and usage shows it", async ({ api, ledger, target, config }) => {
    const a = ledger.requireId('NUMBER_A');
    const apn = expectedApn(config.profile);
    const infoBefore = await ok(api, 'POST /v1.0/numbers/data-usage/info', { body: { PhoneNumbers: [{ Number: a }] } });
    const before = usedBytes(infoBefore, a);
    let infoAfter: any;
    if (target.controls) {
      const iccid = ledger.id('ICCID_A');
      const r = await target.controls.attachDevice({ PhoneNumber: a, ...(iccid ? { ICCID: iccid } : {}), Apn: apn, Bytes: SESSION_BYTES });
      expect(r.status, `the device simulator attached on ${apn}: ${JSON.stringify(r.body)}`).toBe(200);
    } else if (config.nonInteractive) {
      markManual(`attach a device with number ${a} on APN ${apn}, then run again with --resume`);
    } else {
      process.stdout.write(`\n  >>> Attach a device with number ${a} on APN ${apn} and start a data session. Waiting for usage to grow…\n`);
    }
    const after = await pollUntil(
      async () => {
        infoAfter = await ok(api, 'POST /v1.0/numbers/data-usage/info', { body: { PhoneNumbers: [{ Number: a }] } });
        const used = usedBytes(infoAfter, a);
        return used > before ? used : undefined;
      },
      { timeoutMs: config.deviceWaitMs, intervalMs: config.pollMs, label: `data usage on ${a} to grow` },
    );
    if (after === undefined && !target.controls)
      markManual(`no data usage seen on ${a} within ${Math.round(config.deviceWaitMs / 1000)} s: attach a device on APN ${apn}, then run again with --resume`);
    expect(after, `data-usage/info shows the session's usage on ${a} (before: ${before} B)`).toBeGreaterThan(before);
    // the bytes are known only when the suite ran the session itself; a real device's are not (any growth is accepted)
    if (target.controls) expectGrowthCounts(usedReading(infoBefore, a), usedReading(infoAfter, a), SESSION_BYTES, a);
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
