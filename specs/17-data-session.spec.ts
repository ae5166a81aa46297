import { test, expect, itemDescribe, markManual, expectConformant, skipCheck, type SandboxControls } from '../helpers/fixtures';
import { defineItem } from '../helpers/item';
import { ok, expectEcho, type Json } from '../helpers/steps';
import { readAfterWrite, showsWritten } from '../helpers/list-settle';
import { expectedApn } from '../helpers/profiles';
import { pollUntil } from '../helpers/progress';
import type { ApiClient } from '../helpers/client';

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

/** A size data-usage/info reports ("2.38 MB"), read with 1 KB = 1000 B and with 1 KB = 1024 B (the docs say neither), and one unit of its last digit. */
interface UsedReading {
  raw: string;
  bytes: { decimal: number; binary: number };
  step: { decimal: number; binary: number };
}

type UsageField = 'Used' | 'Remaining';

function usedReading(info: any, number: string, field: UsageField = 'Used'): UsedReading | undefined {
  const raw = String((info.PhoneNumbers ?? []).find((x: any) => x.Number === number)?.[field] ?? '').trim();
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

const USAGE_UNITS = ['decimal', 'binary'] as const;

/** How each field answers a session of known bytes: Used grows by them, Remaining (a limit being set) shrinks by them. */
const USAGE_MOVES: Record<UsageField, { sign: 1 | -1; check: string; verb: string; basis: string }> = {
  Used: {
    sign: 1,
    check: 'data.usage-counted',
    verb: 'grows',
    basis:
      'seed 003 §9 + vendor OpenAPI POST /v1.0/numbers/data-usage/info ("Returns current consumed data"), the session\'s bytes set by the suite (sandbox device simulator); R-data-usage-used-units',
  },
  Remaining: {
    sign: -1,
    check: 'data.usage-remaining',
    verb: 'shrinks',
    basis:
      'seed 003 §9 (LimitValue is the hard cap; data-usage/info reads "the current usage against those thresholds") + vendor OpenAPI POST /v1.0/numbers/data-usage/info ("Returns current consumed data and remaining data", example Remaining "20 MB"), the session\'s bytes set by the suite (sandbox device simulator); R-data-usage-used-units',
  },
};

/**
 * The session the suite itself ran through the sandbox's device simulator carried `bytes`: Used grows by that much and
 * Remaining under the limit set shrinks by that much (or reaches 0), within rounding (±1 %, or one unit of the last
 * digit of each reading), in decimal or binary units. An unreadable reading is not judged here.
 */
function expectUsageMoves(field: UsageField, before: UsedReading | undefined, after: UsedReading | undefined, bytes: number, number: string): void {
  if (!before || !after) return; // an unreadable Used: the growth check above already judged it; Remaining: not judged
  const { sign, check, verb, basis } = USAGE_MOVES[field];
  const moved = (k: (typeof USAGE_UNITS)[number]) => sign * (after.bytes[k] - before.bytes[k]);
  const tolerance = (k: (typeof USAGE_UNITS)[number]) => Math.max(bytes / 100, before.step[k] + after.step[k]);
  const exhausted = (k: (typeof USAGE_UNITS)[number]) => sign < 0 && after.bytes[k] === 0 && before.bytes[k] <= bytes + tolerance(k);
  const fits = USAGE_UNITS.some((k) => Math.abs(moved(k) - bytes) <= tolerance(k) || exhausted(k));
  expectConformant(
    fits
      ? []
      : [
          {
            check,
            severity: 'error',
            op: 'POST /v1.0/numbers/data-usage/info',
            pointer: `/PhoneNumbers/0/${field}`,
            expected: `${field} ${verb} by the session's ${bytes} B (±1 % or one unit of the reading; 1 KB = 1000 B or 1024 B)`,
            actual: `${before.raw} → ${after.raw}: ${Math.round(moved('decimal'))} B (1 KB = 1000 B) / ${Math.round(moved('binary'))} B (1 KB = 1024 B)`,
            message: `data-usage/info on ${number}: ${field} moves by ${Math.round(moved('binary'))} B for a data session of ${bytes} B (device simulator)`,
            basis,
          },
        ],
    `data-usage/info: ${field} ${verb} by the session's bytes`,
  );
}

/** The LimitValue data-usage/settings reads for one number (asked for that number alone). */
/**
 * The LimitValue `number`'s settings read back after the thresholds were written: a read that trails the write is read
 * again within the read settle window (R-read-after-write), then judged.
 */
async function limitReadBack(api: ApiClient, number: string, written: Json): Promise<number> {
  const op = 'POST /v1.0/numbers/data-usage/settings';
  const body = { PhoneNumbers: [{ Number: number }] };
  const entryOf = (b: Json): Json => (b.PhoneNumbers ?? [b]).find((x: any) => !x.Number || x.Number === number) ?? b;
  const settings = await readAfterWrite(api, {
    op,
    read: async (observe) => (observe ? ok(api, op, { body }) : ((await api.call(op, { body, observe })).body as Json)),
    shows: (b) => showsWritten(written, entryOf(b ?? {})),
    what: `the thresholds of ${number}`,
    basis: 'R-read-after-write (no read-after-write consistency documented)',
  });
  return Number(entryOf(settings).LimitValue ?? settings.LimitValue);
}

/** the phone the SIM moves to on the sandbox (its TAC 35328811 is the device simulator's Apple model) */
const SWAPPED_IMEI = '353288110000027';

const DEVICE_BASIS =
  'vendor OpenAPI POST /v1.0/numbers/device-details ("Returns IoT device metadata linked to the number including IMEI … Use this to confirm a physical device is correctly attached to the SIM/number")';

/** The SIM of `number` moves to another phone: it attaches with SWAPPED_IMEI (a small session). Returns that IMEI. */
async function swapDevice(controls: SandboxControls, number: string, apn: string, iccid: string | undefined): Promise<string> {
  const r = await controls.attachDevice({ PhoneNumber: number, ...(iccid ? { ICCID: iccid } : {}), Apn: apn, Bytes: 1000, Imei: SWAPPED_IMEI });
  expect(r.status, `the swapped device attached on ${apn}: ${JSON.stringify(r.body)}`).toBe(200);
  return SWAPPED_IMEI;
}

/**
 * A session that takes number A past ThrottleValue (10 MB) and keeps it under LimitValue (15 MB) — with the 2.5 MB
 * session before it, 12.5 MB: past 10 MB and under 15 MB whether a MB is 1000² or 1024² bytes.
 */
const PAST_THROTTLE_BYTES = 10_000_000;

const THROTTLE_BASIS =
  'seed 003 §9 (ThrottleValue: "Speed is throttled to ThrottleSpeed once usage hits this value") + vendor OpenAPI POST /v1.0/numbers/data-usage/info ("current behavior (active, throttled, etc.)")';

itemDescribe(meta, () => {
  const thresholds = { ValueUnit: 'MB', NotifyValue: 8, ThrottleValue: 10, ThrottleSpeed: '1-mbps', LimitValue: 15 };

  test('sets data thresholds on numbers A and B in one call and reads them back for each', async ({ api, ledger }) => {
    // one call for both lines: "The same thresholds apply to every number in the array" (seed 003 §9 PhoneNumbers)
    const numbers = [ledger.requireId('NUMBER_A'), ledger.requireId('NUMBER_B')];
    const req = { ...thresholds, PhoneNumbers: numbers.map((n) => ({ Number: n })) };
    const res = await ok(api, 'POST /v1.0/numbers/data-usage', { body: req });
    expectEcho(req, res, ['ValueUnit', 'NotifyValue', 'ThrottleValue', 'ThrottleSpeed', 'LimitValue'], 'numbers/data-usage');
    for (const n of numbers) expect(await limitReadBack(api, n, thresholds), `the limit reads back on ${n} (seed 003 §9: every number in the array)`).toBe(15);
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
    if (!target.controls) return;
    for (const field of ['Used', 'Remaining'] as const)
      expectUsageMoves(field, usedReading(infoBefore, a, field), usedReading(infoAfter, a, field), SESSION_BYTES, a);
  });

  test('device details name the attached device (after a device swap: the new one)', async ({ api, ledger, target, config }) => {
    const a = ledger.requireId('NUMBER_A');
    // on the sandbox the SIM moves to another phone (a second attach with its own IMEI): the details must follow it
    const swapped = target.controls ? await swapDevice(target.controls, a, expectedApn(config.profile), ledger.id('ICCID_A')) : undefined;
    const d = await ok(api, 'POST /v1.0/numbers/device-details', { body: { PhoneNumber: a } });
    expect(d.PhoneNumber).toBe(a);
    expect(String(d.IMEI ?? ''), 'an IMEI is reported for the attached device').toMatch(/^\d{14,16}$/);
    if (swapped) expect(String(d.IMEI), `the IMEI of the device now attached (${DEVICE_BASIS})`).toBe(swapped);
  });

  test('past ThrottleValue the line is throttled: data-usage/info reads CurrentBehavior throttled', async ({ api, ledger, target, config }) => {
    if (!target.controls) return skipCheck("a real device's bytes are not the suite's: the throttle threshold is not crossed on purpose here");
    const a = ledger.requireId('NUMBER_A');
    const iccid = ledger.id('ICCID_A');
    const r = await target.controls.attachDevice({
      PhoneNumber: a,
      ...(iccid ? { ICCID: iccid } : {}),
      Apn: expectedApn(config.profile),
      Bytes: PAST_THROTTLE_BYTES,
    });
    expect(r.status, `a session of ${PAST_THROTTLE_BYTES} B attached (under LimitValue): ${JSON.stringify(r.body)}`).toBe(200);
    const info = await ok(api, 'POST /v1.0/numbers/data-usage/info', { body: { PhoneNumbers: [{ Number: a }] } });
    const row = (info.PhoneNumbers ?? []).find((x: any) => x.Number === a) ?? {};
    expect(String(row.CurrentBehavior ?? ''), `${a} past ThrottleValue ${thresholds.ThrottleValue} MB reads throttled (${THROTTLE_BASIS})`).toMatch(/throttl/i);
  });

  test('a device on the wrong APN is not given a session', async ({ ledger, target, config }) => {
    test.skip(!target.controls, 'needs the device simulator (sandbox only)');
    const wrong = expectedApn(config.profile) === 'iot.joonto' ? 'wireless.mobi' : 'iot.joonto';
    const r = await target.controls!.attachDevice({ PhoneNumber: ledger.requireId('NUMBER_A'), Apn: wrong, Bytes: 1000 });
    expect(r.status, `attaching on ${wrong} is rejected`).not.toBe(200);
  });
});
