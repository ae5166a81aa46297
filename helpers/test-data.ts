/**
 * Test data a step needs from the outside world: port-in numbers, another distributor's IDs, the PSTN number,
 * an MMS media URL, the agreed SIP format. Configured values always win. On a sandbox target the sandbox's
 * documented values (sandbox/README.md) fill the gaps; against any other target a missing value stays undefined
 * and the step that needs it says which variable to set (`needed()`): never a default that cannot work on a real
 * network or that touches a stranger's number.
 */
import * as crypto from 'node:crypto';
import type { SuiteConfig } from './config';

/** What the sandbox documents for its own tenant and network (sandbox/README.md). */
export const SANDBOX_TEST_DATA = {
  foreign: { accountId: 'AID-00000000-0000-4000-8000-00000000f0e1', number: '+12025550199' },
  pstnTestNumber: '+12025550123',
  mmsMediaUrl: 'https://media.partner.example/cert/pixel.png',
  ineligibleNumber: '+15005550001',
  sipAgreedHeaders: { 'X-Telegent-Hairpin': '1' } as Record<string, string>,
  sipRequestUriFormat: 'e164' as const,
};

export interface TestData {
  portIn: { eligibleNumber?: string; ineligibleNumber?: string; number?: string; cancelNumber?: string };
  foreign: { accountId?: string; number?: string };
  pstnTestNumber?: string;
  mmsMediaUrl?: string;
  sipAgreedHeaders?: Record<string, string>;
  sipRequestUriFormat?: 'e164' | 'national';
  /** SIMs paired with numbers A and B; empty → provisioned without ICCID (bound later, seed 003 §5). */
  iccids: string[];
}

/** The variable that supplies each piece of test data (what `needed()` tells the operator to set). */
export const TEST_DATA_VARS = {
  portInNumber: 'PORTIN_NUMBER',
  portInEligible: 'PORTIN_ELIGIBLE_NUMBER',
  portInIneligible: 'PORTIN_INELIGIBLE_NUMBER',
  portInCancel: 'PORTIN_CANCEL_NUMBER',
  foreignAccount: 'CERT_FOREIGN_ACCOUNT_ID',
  foreignNumber: 'CERT_FOREIGN_NUMBER',
  pstn: 'PSTN_TEST_NUMBER',
  mms: 'CERT_MMS_MEDIA_URL',
  sipHeaders: 'SIP_AGREED_HEADERS',
  sipFormat: 'SIP_REQUEST_URI_FORMAT',
  sbc: 'TELEGENT_SBC',
} as const;

/**
 * Fictional numbers (NANP 555-01XX) a sandbox run ports in: fresh per run, so a second run against the same
 * sandbox never meets the number its predecessor ported (nightly re-runs).
 */
export function freshPortInNumbers(runId: string): { number: string; cancelNumber: string } {
  const h = crypto.createHash('sha256').update(runId).digest();
  const area = 200 + (h.readUInt16BE(0) % 780); // 200–979
  const npa = area % 100 === 11 ? area + 1 : area; // no N11 area codes
  const line = (i: number) => String(h[2 + i] % 100).padStart(2, '0');
  const a = line(0);
  let b = line(1);
  if (b === a) b = String((Number(a) + 1) % 100).padStart(2, '0');
  return { number: `+1${npa}55501${a}`, cancelNumber: `+1${npa}55501${b}` };
}

/** A sandbox test ICCID (89 + issuer digits + run-derived serial, 19 digits): a SIM "in hand" for the line's data session. */
export function testIccid(runId: string, slot: number): string {
  const serial = (parseInt(runId.replace(/-/g, '').slice(0, 10), 16) % 1e9).toString().padStart(9, '0');
  return `89012403${serial}${slot}${slot}`.slice(0, 19);
}

export function resolveTestData(cfg: SuiteConfig, onSandbox: boolean, runId: string): TestData {
  const sb = onSandbox ? SANDBOX_TEST_DATA : undefined;
  const fresh = onSandbox ? freshPortInNumbers(runId) : undefined;
  const number = cfg.portIn.number ?? fresh?.number;
  return {
    portIn: {
      number,
      eligibleNumber: cfg.portIn.eligibleNumber ?? number,
      ineligibleNumber: cfg.portIn.ineligibleNumber ?? sb?.ineligibleNumber,
      cancelNumber: cfg.portIn.cancelNumber ?? fresh?.cancelNumber,
    },
    foreign: { accountId: cfg.foreign.accountId ?? sb?.foreign.accountId, number: cfg.foreign.number ?? sb?.foreign.number },
    pstnTestNumber: cfg.pstnTestNumber ?? sb?.pstnTestNumber,
    mmsMediaUrl: cfg.mmsMediaUrl ?? sb?.mmsMediaUrl,
    sipAgreedHeaders: cfg.sipAgreedHeaders ?? sb?.sipAgreedHeaders,
    sipRequestUriFormat: cfg.sipRequestUriFormat ?? sb?.sipRequestUriFormat,
    iccids: cfg.testIccids.length ? cfg.testIccids : onSandbox ? [testIccid(runId, 1), testIccid(runId, 2)] : [],
  };
}
