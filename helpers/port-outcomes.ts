/**
 * What a port must leave on the account, items 8d and 8f: the number of a cancelled port-in never lands there (cancel
 * is final), a number ported out to the gaining carrier leaves it, and a port-out completes only with the PIN issued.
 * The carrier's side is a partner-side control of the sandbox (time passing, the gaining carrier): a real target has
 * neither, and its spec says what an operator must confirm instead.
 */
import { expect, expectConformant, type SandboxControls } from './fixtures';
import type { Finding } from '../protocol/contract';
import { redact } from '../protocol/redact';
import type { ApiClient } from './client';
import type { Ledger } from './ledger';
import { recordClockMove } from './clock-moves';
import { readInventory } from './inventory';

export const CANCEL_FINAL_BASIS = 'seed 003 §8.2 step 4 ("Cancel is final") + seed 001 item 8d';
export const PORTOUT_PIN_BASIS =
  'seed 001 item 8f ("Confirm PIN reaches the gaining carrier simulation") + vendor OpenAPI POST /v1.0/numbers/portout ("The PIN you set here is the PIN you will be required to provide when you later initiate a port-out transfer") + seed 003 §8.3';

/** How long past the carrier's whole cycle when the sandbox does not say what its cycle is: longer than its days-long realistic clock. */
const CYCLE_UNKNOWN_MS = 3 * 86_400_000;

/** An order read completed, in either of the vendor's spellings (R-order-status: Completed, Complete). */
export const ORDER_COMPLETED = /^complete(d)?$/i;

/** What the account holds of one number: GET /v1.0/numbers (HTTP status, Status read) and the inventory's first page. */
export interface NumberPresence {
  number: string;
  details: number;
  status?: string;
  /** the Status the inventory lists the number with; undefined when no page read lists it */
  listedAs?: string;
}

export async function numberPresence(api: ApiClient, number: string): Promise<NumberPresence> {
  const d = await api.call('GET /v1.0/numbers', { query: { Number: number } });
  const body: any = Array.isArray(d.body) ? d.body[0] : d.body;
  // every page (a sandbox kept across nightly runs, or a partner's account, lists more than one page holds)
  const entry = (await readInventory(api)).numbers.find((n) => String(n?.Number ?? '') === number);
  return {
    number,
    details: d.status,
    ...(d.status === 200 && typeof body?.Status === 'string' ? { status: body.Status } : {}),
    ...(entry ? { listedAs: String(entry.Status ?? 'listed') } : {}),
  };
}

const active = (s: string | undefined) => typeof s === 'string' && /^activ/i.test(s.trim());

/** the number is an active line of the account: read Active through GET /v1.0/numbers, or listed Active by the inventory */
export function activeOnAccount(p: NumberPresence): boolean {
  return (p.details === 200 && active(p.status)) || active(p.listedAs);
}

function shown(p: NumberPresence): string {
  const inv = p.listedAs === undefined ? 'not listed by numbers/inventory' : `listed by numbers/inventory as ${p.listedAs}`;
  return `GET /v1.0/numbers answers HTTP ${p.details}${p.status ? ` Status ${p.status}` : ''}; ${inv}`;
}

/** A finding when `number` is an active line of the account although `why` says it must not be. */
export function expectNotOnAccount(p: NumberPresence, f: { check: string; why: string; basis: string }): void {
  const findings: Finding[] = activeOnAccount(p)
    ? [
        {
          check: f.check,
          severity: 'error',
          pointer: '/Status',
          expected: `${p.number} not an active number of the account (GET /v1.0/numbers 404 or not Active; not listed Active)`,
          actual: shown(p),
          message: `${p.number} is an active number of the account although ${f.why}`,
          basis: f.basis,
        },
      ]
    : [];
  expectConformant(findings, `${p.number}: ${f.why}`);
}

/** A finding when `number` is no longer an active line of the account although `why` says it must still be. */
export function expectStillOnAccount(p: NumberPresence, f: { check: string; why: string; basis: string }): void {
  const findings: Finding[] = activeOnAccount(p)
    ? []
    : [
        {
          check: f.check,
          severity: 'error',
          pointer: '/Status',
          expected: `${p.number} still an active number of the account`,
          actual: shown(p),
          message: `${p.number} left the account although ${f.why}`,
          basis: f.basis,
        },
      ];
  expectConformant(findings, `${p.number}: ${f.why}`);
}

/** A finding for a step of the gaining carrier that did not go as the PIN says (accepted or refused). */
export function expectGainingCarrier(
  r: { status: number; body: unknown },
  want: 'accepted' | 'refused',
  f: { number: string; which: string; why: string },
): void {
  const accepted = r.status === 200;
  const findings: Finding[] =
    accepted === (want === 'accepted')
      ? []
      : [
          {
            check: 'porting.portout-pin',
            severity: 'error',
            pointer: '',
            expected: `the gaining carrier presenting ${f.which} for ${f.number} is ${want}`,
            actual: `HTTP ${r.status} ${JSON.stringify(redact(r.body ?? null)).slice(0, 200)}`,
            message: `the gaining carrier presenting ${f.which} for ${f.number} was ${accepted ? 'accepted: the port-out completed' : 'refused'} — ${f.why}`,
            basis: PORTOUT_PIN_BASIS,
          },
        ];
  expectConformant(findings, `the gaining carrier presents ${f.which} for ${f.number}`);
}

/** a field named for a PIN: PortOutPIN, PortOutPin, pin_code (not Shipping…) */
const PIN_FIELD = /(?:^|[^A-Za-z])pin|PIN|Pin(?![a-z])/;

/**
 * Where a response gives the PIN back (R-portout-pin): a value equal to it, a field named for a PIN holding it, or a
 * sentence naming it as a word. Not a bare substring: a partner's 4-digit PORTOUT_PIN may be digits of the number or
 * an ID, which is no echo. Returns the JSON paths that echo it.
 */
export function pinEchoes(body: unknown, pin: string, at = ''): string[] {
  if (!pin) return [];
  if (Array.isArray(body)) return body.flatMap((v, i) => pinEchoes(v, pin, `${at}/${i}`));
  if (body && typeof body === 'object')
    return Object.entries(body).flatMap(([k, v]) => (PIN_FIELD.test(k) && String(v ?? '').includes(pin) ? [`${at}/${k}`] : pinEchoes(v, pin, `${at}/${k}`)));
  const text = String(body ?? '');
  if (text === pin) return [at];
  const asWord = new RegExp(`(?<![0-9A-Za-z])${pin.replace(/[^0-9A-Za-z]/g, '\\$&')}(?![0-9A-Za-z])`);
  return /\s/.test(text) && asWord.test(text) ? [at] : [];
}

/** A valid PIN that is not `pin`: its last digit changed (so a platform comparing a prefix only is caught too). */
export function wrongPin(pin: string): string {
  const last = Number(pin.slice(-1));
  return `${pin.slice(0, -1)}${Number.isFinite(last) ? (last + 1) % 10 : 1}`;
}

/**
 * The sandbox's clock moved past a carrier's whole cycle (Submitted → Pending Carrier Approval → Scheduled →
 * Completed), twice over, as its health reports the cycle; returns the ms moved.
 */
export async function passCarrierCycle(controls: SandboxControls, ledger: Ledger): Promise<number> {
  const h = await controls.health().catch(() => undefined);
  const c = h?.carrierClock ?? {};
  const cycle = Number(c.submittedMs) + Number(c.approvalMs) + Number(c.scheduledMs);
  const ms = Number.isFinite(cycle) && cycle > 0 ? 2 * cycle + 1000 : CYCLE_UNKNOWN_MS;
  const r = await controls.advanceClock(ms);
  expect(r.status, 'the sandbox clock moves on').toBe(200);
  recordClockMove(ledger, ms);
  return ms;
}
