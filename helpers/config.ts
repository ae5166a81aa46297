/**
 * Suite configuration: read once from the environment (and `.env` via dotenv), checked before any call.
 * Every variable is documented in `.env.example`.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { config as loadDotenv, parse as parseDotenv } from 'dotenv';
import { PROFILES, resolveScope, type ScopeTag } from './profiles';
import { PLATFORM_TIME_ZONE } from '../protocol/dates';
import { isE164 } from '../protocol/e164';
import { KNOWN_ENV_NAMES, misspelledEnvNames } from './env-names';

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}\n(see .env.example)`);
    this.name = 'ConfigError';
  }
}

export interface SuiteConfig {
  /** Base URL of the target (no trailing slash). Undefined → the embedded sandbox is started. */
  baseUrl?: string;
  /**
   * The URL Telegent knows itself by, for token scopes (ApiEndpoint = this + the operation's path). Unset → baseUrl.
   * TELEGENT_API_ENDPOINT_BASE: set when a proxy with a path prefix stands between the suite and Telegent.
   */
  apiEndpointBase?: string;
  embedded: boolean;
  accountKey: string;
  accountSecret: string;
  webhookPort: number;
  webhookPublicUrl?: string;
  /** Address the webhook and SMTP receivers bind to (WEBHOOK_BIND): loopback for a sandbox on this machine, else all interfaces. */
  webhookBind: string;
  profile: string;
  scope: Set<ScopeTag>;
  sipAgentHost: string;
  sipAgentPort: number;
  /** Agreed custom SIP headers expected on inbound INVITEs (Phase 2), e.g. {"X-Telegent-Hairpin":"1"}. Unset → only the sandbox's are known. */
  sipAgreedHeaders?: Record<string, string>;
  /** Agreed Request-URI format on inbound INVITEs (Phase 2). Unset → only the sandbox's is known. */
  sipRequestUriFormat?: 'e164' | 'national';
  /** The Telegent SBC the partner SBC talks to (Phase 2), "host:port". From the sandbox's health on the sandbox. */
  telegentSbc?: string;
  /** A PSTN number item 15 calls out to (PSTN_TEST_NUMBER). Unset → the sandbox's test number, or item 15 is manual. */
  pstnTestNumber?: string;
  /** SIMs in hand (CERT_TEST_ICCID, comma list): paired with numbers A and B at provision (seed 003 §5). */
  testIccids: string[];
  /** A publicly reachable media URL for the MMS of item 12 (CERT_MMS_MEDIA_URL). */
  mmsMediaUrl?: string;
  cdrDelivery: 'webhook' | 'email' | 'both';
  smtpPort: number;
  reportDir: string;
  resume: boolean;
  /**
   * CERT_RESEND=1 (`npm run certify -- --resume --resend`): the operator asks a resumed item that waits on an earlier
   * run's message to send a new one (billable) instead of waiting for the earlier message's webhook (R-resume-awaited-message).
   */
  resend: boolean;
  /**
   * CERT_KEEP_WORKER_ON_FAILURE=1 (the matrix's runs only, with CERT_REPORTERS=signoff): a failed test keeps its
   * Playwright worker instead of costing a new one (~2 CPU-s each); the item's later tests are skipped as after any
   * failure. Playwright then counts the failure as expected, so only the sign-off (which reads each result's status)
   * may report such a run: any other reporter would show it passed.
   */
  keepWorkerOnFailure: boolean;
  /** CI / no operator: manual steps are marked `manual` instead of prompting. */
  nonInteractive: boolean;
  areaCode: string;
  /** Port-in test numbers (numbers the partner owns and may port). Unset → fresh sandbox numbers, or 8a–8e are manual. */
  portIn: {
    eligibleNumber?: string;
    ineligibleNumber?: string;
    number?: string;
    cancelNumber?: string;
    rejectAccountNumber: string;
    accountNumber: string;
    accountPassword: string;
    carrierName: string;
  };
  portOutPin: string;
  /** How long to wait for a webhook (DLR / inbound) before failing, ms. */
  webhookTimeoutMs: number;
  /** Longest port-in wait in one run before reporting `pending`, ms. */
  portInWaitMs: number;
  /** Longest wait for an operator's device to show data usage (item 17), ms. */
  deviceWaitMs: number;
  /** Longest wait for the CDR delivery cycle in one run before item 18 is `pending`, ms. */
  cdrWaitMs: number;
  /** IDs that belong to ANOTHER distributor on the target (must answer 404). Unset → the sandbox's documented other tenant, or the check is skipped. */
  foreign: { accountId?: string; number?: string };
  /** IANA zone the platform writes its timestamps in (tokenExpiry): CERT_PLATFORM_TZ, default America/Denver (MST/MDT). */
  platformTimeZone: string;
  /** Longest wait for a token to expire on a real target (tokens live "a few minutes"), ms; 0 = skip that check. */
  tokenExpiryWaitMs: number;
  /** How often long waits poll the API (port-in orders, data usage, CDR delivery), ms. */
  pollMs: number;
  /** Voice-route propagation wait (documented: 10 minutes), ms. */
  propagationWaitMs: number;
  /** Longest wait for the Telegent SBC's keepalive OPTIONS to reach the partner SBC (item 14; no documented period), ms. */
  sipKeepaliveWaitMs: number;
  /** Longest wait for a provisioning / status order answered before it completed (CERT_ORDER_WAIT_MS), ms. */
  orderWaitMs: number;
  /**
   * After an ambiguous fault on a billable create (a lost answer, a 5xx), how long the reconciliation lookup is repeated
   * before the call counts as not created (CERT_RECONCILE_SETTLE_MS; R-reconcile-settle), ms.
   */
  reconcileSettleMs: number;
  /** A read that must succeed answered 404 right after a create: how long it is read again (CERT_READ_SETTLE_MS; R-read-after-write), ms. */
  readSettleMs: number;
  operator: string;
}

/** Defaults for the embedded sandbox; documented in sandbox/README.md and .env.example. */
export const SANDBOX_DEFAULTS = {
  accountKey: 'DID-00000000-0000-4000-8000-000000000001',
  accountSecret: 'sandbox-secret',
};

let cached: SuiteConfig | undefined;

function int(name: string, raw: string | undefined, def: number, problems: string[], min = 0, max = 65535): number {
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")${integerHint(name, raw)}`);
    return def;
  }
  return n;
}

const DURATION_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * The integer a partner meant, when the value says it another way: a wait with a unit (CERT_WEBHOOK_TIMEOUT_MS=120s —
 * the *_MS variables count milliseconds) or digits grouped (30 000, 30_000, 30,000). Empty when nothing fits.
 */
export function integerHint(name: string, raw: string): string {
  const unit = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)\s*$/i.exec(raw);
  if (unit && name.endsWith('_MS')) return `: ${name} counts milliseconds — write ${Math.round(Number(unit[1]) * DURATION_UNIT_MS[unit[2].toLowerCase()])}`;
  if (/^\s*\d{1,3}([ _,'.]\d{3})+\s*$/.test(raw)) return `: write the digits alone — ${raw.replace(/\D/g, '')}`;
  return '';
}

/** Separators partners write in a number (spaces, dashes, dots, parentheses). */
const NUMBER_SEPARATORS = /[\s().-]/g;

/** The E.164 form of a number written with `+` and separators (`+1 312-555-0142`, `+1 (312) 555.0142`), else undefined. */
export function e164FromPartnerSpelling(v: string): string | undefined {
  const compact = v.replace(NUMBER_SEPARATORS, '');
  if (isE164(v)) return v;
  return compact.startsWith('+') && isE164(compact) ? compact : undefined;
}

/** The one message for a number that is not E.164: what is expected, and the `+` form when that is all it lacks. */
export function e164Problem(name: string, v: string): string {
  const digits = v.replace(NUMBER_SEPARATORS, '');
  // ten digits, area code first: a US/Canada number written without its country code (the suite's numbers are NANP)
  const plus = /^[2-9]\d{9}$/.test(digits) ? `+1${digits}` : `+${digits}`;
  const hint = !v.startsWith('+') && isE164(plus) ? `; did you mean "${plus}"?` : '';
  return `${name} must be an E.164 number: +, country code and number, e.g. +13125550142 (got "${v}"${hint})`;
}

/** Reads and checks one kind of value from the environment; every problem goes to one list (one message each). */
class EnvReader {
  readonly problems: string[] = [];
  constructor(readonly env: NodeJS.ProcessEnv) {}
  str(name: string): string | undefined {
    return this.env[name]?.trim() || undefined;
  }
  int(name: string, def: number, min = 0, max = 65535): number {
    return int(name, this.env[name], def, this.problems, min, max);
  }
  /** A number as partners write it: `+1 312-555-0142` is read as +13125550142; one without `+` is refused with a hint. */
  e164(name: string): string | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const e164 = e164FromPartnerSpelling(v);
    if (e164) return e164;
    this.problems.push(e164Problem(name, v));
    return v;
  }
  url(name: string): string | undefined {
    const v = this.str(name);
    if (v !== undefined && !/^https?:\/\/[^\s]+$/.test(v)) this.problems.push(`${name} must be an http(s) URL (got "${v}")`);
    return v;
  }
}

function readTarget(r: EnvReader): Pick<SuiteConfig, 'baseUrl' | 'apiEndpointBase' | 'embedded' | 'accountKey' | 'accountSecret'> {
  let baseUrl = r.str('TELEGENT_BASE_URL');
  if (baseUrl) {
    try {
      const u = new URL(baseUrl);
      if (!/^https?:$/.test(u.protocol)) r.problems.push(`TELEGENT_BASE_URL must be http(s) (got "${baseUrl}")`);
      if (u.username || u.password) r.problems.push('TELEGENT_BASE_URL must not embed credentials');
      baseUrl = baseUrl.replace(/\/+$/, '').replace(/\/v1\.0$/i, '');
    } catch {
      r.problems.push(`TELEGENT_BASE_URL is not a URL (got "${baseUrl}")`);
    }
  }
  const embedded = !baseUrl || r.env.CERT_EMBEDDED === '1';
  let accountKey = r.env.TELEGENT_ACCOUNT_KEY?.trim() ?? '';
  let accountSecret = r.env.TELEGENT_ACCOUNT_SECRET ?? '';
  if (!baseUrl) {
    accountKey ||= r.env.SANDBOX_ACCOUNT_KEY || SANDBOX_DEFAULTS.accountKey;
    accountSecret ||= r.env.SANDBOX_ACCOUNT_SECRET || SANDBOX_DEFAULTS.accountSecret;
  } else {
    if (!accountKey) r.problems.push('TELEGENT_ACCOUNT_KEY is required when TELEGENT_BASE_URL is set');
    if (!accountSecret) r.problems.push('TELEGENT_ACCOUNT_SECRET is required when TELEGENT_BASE_URL is set');
  }
  if (accountKey && !/^DID-[A-Za-z0-9-]+$/.test(accountKey)) r.problems.push('TELEGENT_ACCOUNT_KEY must be a distributor key (DID-…)');
  const apiEndpointBase = r
    .url('TELEGENT_API_ENDPOINT_BASE')
    ?.replace(/\/+$/, '')
    .replace(/\/v1\.0$/i, '');
  return { baseUrl, apiEndpointBase, embedded, accountKey, accountSecret };
}

/** `required`: a run needs the public URL against a real target; `npm run cleanup` (which receives nothing) does not. */
function readWebhook(
  r: EnvReader,
  t: Pick<SuiteConfig, 'baseUrl' | 'embedded'>,
  required = true,
): Pick<SuiteConfig, 'webhookPort' | 'webhookPublicUrl' | 'webhookBind'> {
  let webhookPublicUrl = r.str('WEBHOOK_PUBLIC_URL');
  if (webhookPublicUrl) {
    try {
      new URL(webhookPublicUrl);
      webhookPublicUrl = webhookPublicUrl.replace(/\/+$/, '');
    } catch {
      r.problems.push(`WEBHOOK_PUBLIC_URL is not a URL (got "${webhookPublicUrl}")`);
    }
  } else if (required && t.baseUrl && !t.embedded) {
    r.problems.push("WEBHOOK_PUBLIC_URL is required against a real target (Telegent must reach the suite's webhook receiver)");
  }
  const webhookBind = r.str('WEBHOOK_BIND') || (t.embedded || isLoopbackUrl(t.baseUrl) ? '127.0.0.1' : '0.0.0.0');
  return { webhookPort: r.int('WEBHOOK_PORT', 0), webhookPublicUrl, webhookBind };
}

function readScope(r: EnvReader): Pick<SuiteConfig, 'profile' | 'scope'> {
  const profile = r.str('CERT_PROFILE') || 'mvno-full';
  if (!PROFILES[profile]) r.problems.push(`CERT_PROFILE "${profile}" is unknown; one of: ${Object.keys(PROFILES).join(', ')}`);
  let scope = new Set<ScopeTag>();
  try {
    scope = resolveScope(profile in PROFILES ? profile : 'mvno-full', r.env.CERT_ADDONS, r.env.CERT_WITHOUT);
  } catch (e) {
    r.problems.push((e as Error).message);
  }
  return { profile, scope };
}

function readVoiceAndCdr(
  r: EnvReader,
): Pick<
  SuiteConfig,
  'sipAgentHost' | 'sipAgentPort' | 'sipAgreedHeaders' | 'sipRequestUriFormat' | 'telegentSbc' | 'pstnTestNumber' | 'cdrDelivery' | 'smtpPort'
> {
  let sipAgreedHeaders: Record<string, string> | undefined;
  if (r.env.SIP_AGREED_HEADERS) {
    try {
      const parsed = JSON.parse(r.env.SIP_AGREED_HEADERS);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      sipAgreedHeaders = parsed;
    } catch {
      r.problems.push('SIP_AGREED_HEADERS must be a JSON object of header → value');
    }
  }
  const sipRequestUriFormat = r.str('SIP_REQUEST_URI_FORMAT') as SuiteConfig['sipRequestUriFormat'];
  if (sipRequestUriFormat && !['e164', 'national'].includes(sipRequestUriFormat)) r.problems.push('SIP_REQUEST_URI_FORMAT must be e164 or national');
  const cdrDelivery = (r.env.CDR_DELIVERY || 'both') as SuiteConfig['cdrDelivery'];
  if (!['webhook', 'email', 'both'].includes(cdrDelivery)) r.problems.push('CDR_DELIVERY must be webhook, email or both');
  return {
    sipAgentHost: r.str('SIP_AGENT_HOST') || '127.0.0.1',
    sipAgentPort: r.int('SIP_AGENT_PORT', 0),
    sipAgreedHeaders,
    sipRequestUriFormat,
    telegentSbc: r.str('TELEGENT_SBC'),
    pstnTestNumber: r.e164('PSTN_TEST_NUMBER'),
    cdrDelivery,
    smtpPort: r.int('SMTP_PORT', 0),
  };
}

function readPorting(r: EnvReader): Pick<SuiteConfig, 'portIn' | 'portOutPin'> {
  const number = r.e164('PORTIN_NUMBER');
  return {
    portIn: {
      eligibleNumber: r.e164('PORTIN_ELIGIBLE_NUMBER') ?? number,
      ineligibleNumber: r.e164('PORTIN_INELIGIBLE_NUMBER'),
      number,
      cancelNumber: r.e164('PORTIN_CANCEL_NUMBER'),
      rejectAccountNumber: r.str('PORTIN_REJECT_ACCOUNT_NUMBER') || '00000000',
      accountNumber: r.str('PORTIN_ACCOUNT_NUMBER') || '46512222',
      accountPassword: r.env.PORTIN_ACCOUNT_PASSWORD ?? 'cert-pw-0813',
      carrierName: r.str('PORTIN_CARRIER_NAME') || 'Verizon',
    },
    portOutPin: r.env.PORTOUT_PIN ?? '',
  };
}

/** The documented waits: short on the embedded sandbox, the vendor's real figures against a real target. */
function readWaits(
  r: EnvReader,
  embedded: boolean,
): Pick<
  SuiteConfig,
  | 'webhookTimeoutMs'
  | 'portInWaitMs'
  | 'deviceWaitMs'
  | 'cdrWaitMs'
  | 'tokenExpiryWaitMs'
  | 'pollMs'
  | 'propagationWaitMs'
  | 'sipKeepaliveWaitMs'
  | 'orderWaitMs'
  | 'reconcileSettleMs'
  | 'readSettleMs'
> {
  const day = 86_400_000;
  const hour = 3_600_000;
  return {
    webhookTimeoutMs: r.int('CERT_WEBHOOK_TIMEOUT_MS', embedded ? 10_000 : 120_000, 100, hour),
    portInWaitMs: r.int('CERT_PORTIN_WAIT_MS', embedded ? 20_000 : 120_000, 0, day),
    deviceWaitMs: r.int('CERT_DEVICE_WAIT_MS', embedded ? 5_000 : 600_000, 0, day),
    cdrWaitMs: r.int('CERT_CDR_WAIT_MS', embedded ? 10_000 : hour, 0, day),
    tokenExpiryWaitMs: r.int('CERT_TOKEN_EXPIRY_WAIT_MS', 420_000, 0, hour),
    pollMs: r.int('CERT_POLL_MS', embedded ? 50 : 30_000, 50, hour),
    propagationWaitMs: r.int('CERT_PROPAGATION_WAIT_MS', embedded ? 5_000 : 660_000, 0, hour),
    sipKeepaliveWaitMs: r.int('CERT_SIP_KEEPALIVE_WAIT_MS', embedded ? 10_000 : 180_000, 500, hour),
    orderWaitMs: r.int('CERT_ORDER_WAIT_MS', embedded ? 5_000 : 300_000, 0, hour),
    reconcileSettleMs: r.int('CERT_RECONCILE_SETTLE_MS', embedded ? 300 : 30_000, 0, 300_000),
    readSettleMs: r.int('CERT_READ_SETTLE_MS', embedded ? 800 : 3_000, 0, 60_000),
  };
}

function readPlatformTimeZone(r: EnvReader): string {
  const tz = r.str('CERT_PLATFORM_TZ') || PLATFORM_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    r.problems.push(`CERT_PLATFORM_TZ must be an IANA time zone such as America/Denver (got "${tz}")`);
  }
  return tz;
}

/**
 * `opts.webhookOptional`: the caller receives no webhook (`npm run cleanup`, after the partner's tunnel is gone), so a
 * missing WEBHOOK_PUBLIC_URL is no problem for it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { reload?: boolean; webhookOptional?: boolean } = {}): SuiteConfig {
  if (cached && !opts.reload && env === process.env) return cached;
  const r = new EnvReader(env);
  if (env === process.env && !env.CERT_NO_DOTENV) r.problems.push(...loadDotenvFile(path.resolve(process.cwd(), '.env')));
  const target = readTarget(r);
  const cfg: SuiteConfig = {
    ...target,
    ...readWebhook(r, target, !opts.webhookOptional),
    ...readScope(r),
    ...readVoiceAndCdr(r),
    ...readPorting(r),
    ...readWaits(r, target.embedded),
    mmsMediaUrl: r.url('CERT_MMS_MEDIA_URL'),
    testIccids: iccids(env.CERT_TEST_ICCID, r.problems),
    reportDir: path.resolve(env.CERT_REPORT_DIR || 'reports'),
    resume: env.CERT_RESUME === '1',
    resend: env.CERT_RESEND === '1',
    keepWorkerOnFailure: readKeepWorker(r, target.embedded),
    nonInteractive: !!env.CI || env.CERT_NON_INTERACTIVE === '1' || !process.stdin.isTTY,
    areaCode: r.str('CERT_AREA_CODE') || '201',
    foreign: { accountId: r.str('CERT_FOREIGN_ACCOUNT_ID'), number: r.e164('CERT_FOREIGN_NUMBER') },
    platformTimeZone: readPlatformTimeZone(r),
    operator: env.CERT_OPERATOR || env.USER || 'unknown',
  };
  if (r.problems.length) throw new ConfigError(r.problems);
  if (env === process.env) cached = cfg;
  return cfg;
}

/** Loads `.env` (values already in the environment win) and names each key in it that looks misspelled or is cut short. */
function loadDotenvFile(file: string): string[] {
  loadDotenv({ path: file, quiet: true } as never);
  return dotenvProblems(file);
}

/**
 * One problem per key of the `.env` file that looks like a misspelled variable, and per suite variable whose unquoted
 * value an inner `#` cuts short (none when there is no file).
 */
export function dotenvProblems(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const name = path.basename(file);
  return [...misspelledEnvNames(Object.keys(parseDotenv(text)), name), ...hashCutValues(text, name)];
}

/**
 * Suite variables whose unquoted value holds a `#` right after another character (TELEGENT_ACCOUNT_SECRET=ab#cd): dotenv
 * reads everything from the `#` as a comment, so the run would go on with "ab" — a secret refused at the preflight with
 * no word of why. Named with its line, never its value; a `#` after a space stays a comment (KEY=value # note).
 */
export function hashCutValues(text: string, file = '.env'): string[] {
  const problems: string[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      const m = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(line);
      if (!m || !KNOWN_ENV_NAMES.has(m[1]) || /^['"`]/.test(m[2])) return;
      const at = m[2].indexOf('#');
      if (at > 0 && !/\s/.test(m[2][at - 1]))
        problems.push(
          `${m[1]} (in ${file}, line ${i + 1}): its value holds a # without quotes — everything from the # is read as a comment and the value is cut short; quote it: ${m[1]}="…"`,
        );
    });
  return problems;
}

function readKeepWorker(r: EnvReader, embedded: boolean): boolean {
  if (r.str('CERT_KEEP_WORKER_ON_FAILURE') !== '1') return false;
  if (r.str('CERT_REPORTERS') !== 'signoff')
    r.problems.push('CERT_KEEP_WORKER_ON_FAILURE=1 needs CERT_REPORTERS=signoff (JUnit, Allure and the console list would show its failures as passed)');
  if (!embedded) r.problems.push('CERT_KEEP_WORKER_ON_FAILURE=1 is for the matrix on the embedded sandbox: unset it against TELEGENT_BASE_URL');
  return true;
}

function iccids(raw: string | undefined, problems: string[]): string[] {
  const list = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const v of list) if (!/^89\d{16,20}$/.test(v)) problems.push(`CERT_TEST_ICCID must list ICCIDs (89…, 18–22 digits) (got "${v}")`);
  return list;
}

/** A base URL whose host is this machine (a sandbox started beside the suite). */
export function isLoopbackUrl(u: string | undefined): boolean {
  if (!u) return false;
  try {
    const h = new URL(u).hostname.replace(/^\[|\]$/g, '');
    return h === 'localhost' || h === '::1' || /^127\./.test(h);
  } catch {
    return false;
  }
}

/** The absolute path of a file under the report directory. */
export function reportPath(cfg: SuiteConfig, ...parts: string[]): string {
  fs.mkdirSync(cfg.reportDir, { recursive: true });
  return path.join(cfg.reportDir, ...parts);
}
