/**
 * The variables the suite, its scripts and the sandbox read, and the check that finds a misspelled one in `.env`.
 * A partner's `.env` with TELEGENT_ACOUNT_KEY or CERT_PROFLE=iot was silently ignored: the run went on with the
 * default (another profile, no key) and the partner never learned why. Basis: .env.example (every variable is
 * documented there) and the hard standard "a configuration problem gets one clear error before any call".
 * Imports nothing from the suite (no cycles).
 */

/** Every variable read anywhere (suite, scripts, sandbox); the self-test env-names.test.ts keeps it complete. */
export const KNOWN_ENV_NAMES: ReadonlySet<string> = new Set(
  `BENCH_CONCURRENCY BENCH_REQUESTS BENCH_ROUNDS BENCH_WARMUP CDR_DELIVERY CERT_ADDONS CERT_ALLOW_BILLABLE CERT_AREA_CODE CERT_CERTIFY_STARTED CERT_MATRIX_FULL CERT_SELFTEST
  CERT_ATTESTATION CERT_CDR_WAIT_MS CERT_CHROMIUM CERT_DEVICE_WAIT_MS CERT_EMBEDDED CERT_ENV CERT_FOREIGN_ACCOUNT_ID
  CERT_FOREIGN_NUMBER CERT_GATE_ITEMS CERT_GATE_SCOPE CERT_INBOX_URL CERT_KEEP CERT_KEEP_WORKER_ON_FAILURE
  CERT_MMS_MEDIA_URL CERT_NON_INTERACTIVE CERT_NO_DOTENV CERT_NO_PREFLIGHT CERT_OPERATOR CERT_ORDER_WAIT_MS
  CERT_PLATFORM_TZ CERT_POLL_MS CERT_PORTIN_WAIT_MS CERT_PRODUCTION_HOSTS CERT_PROFILE CERT_PROPAGATION_WAIT_MS
  CERT_READ_SETTLE_MS CERT_RECONCILE_SETTLE_MS CERT_REPORTERS CERT_REPORT_DIR CERT_REPORT_PDF CERT_RESEND CERT_RESUME CERT_RUN_ID
  CERT_RUN_LOCK_PID CERT_RUN_STARTED CERT_RUN_STATE CERT_SANDBOX_CONTROL_URL CERT_SELFTEST_CONCURRENCY
  CERT_SIP_AGENT_PORT CERT_SIP_KEEPALIVE_WAIT_MS CERT_SMTP_PORT CERT_TARGETS_JSON CERT_TARGET_URL CERT_TEST_ICCID CERT_TEST_TIMEOUT_MS
  CERT_TOKEN_EXPIRY_WAIT_MS CERT_VALIDATOR_CACHE CERT_VALIDATOR_CACHE_DIR CERT_WEBHOOK_PUBLIC_URL
  CERT_WEBHOOK_TIMEOUT_MS CERT_WITHOUT GITHUB_OUTPUT HTTPS_PROXY HTTP_PROXY NO_PROXY https_proxy http_proxy no_proxy PORTIN_ACCOUNT_NUMBER PORTIN_ACCOUNT_PASSWORD
  PORTIN_CANCEL_NUMBER PORTIN_CARRIER_NAME PORTIN_ELIGIBLE_NUMBER PORTIN_INELIGIBLE_NUMBER PORTIN_NUMBER
  PORTIN_REJECT_ACCOUNT_NUMBER PORTOUT_PIN PSTN_TEST_NUMBER SANDBOX_ACCOUNT_KEY SANDBOX_ACCOUNT_SECRET SANDBOX_BENIGN
  SANDBOX_CARRIER_STEP SANDBOX_CDR_CYCLE SANDBOX_CDR_EMAIL_TO SANDBOX_CDR_FORMAT SANDBOX_CDR_SMTP
  SANDBOX_CDR_WEBHOOK_URL SANDBOX_CLOCK_SKEW SANDBOX_CONTROL_KEY SANDBOX_DRIFT SANDBOX_FAULTS SANDBOX_HOST
  SANDBOX_LOG_LEVEL SANDBOX_PORT SANDBOX_PORT_STEP_MS SANDBOX_PRISM SANDBOX_PROPAGATION_MS SANDBOX_REALISTIC SANDBOX_SIP SANDBOX_SIP_AGREED_HEADERS
  SANDBOX_SIP_ALLOW_REMOTE SANDBOX_SIP_KEEPALIVE_MS SANDBOX_SIP_PORT SANDBOX_SIP_REQUEST_URI_FORMAT SANDBOX_STATE_FILE
  SANDBOX_TOKEN_TTL_SECONDS SCHEMA_TOOLS_VERBOSE SIP_AGENT_HOST SIP_AGENT_PORT SIP_AGREED_HEADERS
  SIP_REQUEST_URI_FORMAT SMTP_PORT TELEGENT_ACCOUNT_KEY TELEGENT_ACCOUNT_SECRET TELEGENT_API_ENDPOINT_BASE
  TELEGENT_BASE_URL TELEGENT_SBC TELEGENT_SCHEMAS_DIR WEBHOOK_BIND WEBHOOK_PORT WEBHOOK_PUBLIC_URL`
    .split(/\s+/)
    .filter(Boolean),
);

/** Levenshtein distance, stopping early above `max` (names are short). */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The known variable an unknown name most likely meant: the same name in another case, or one edit away (a typo:
 * TELEGENT_ACOUNT_KEY, CERT_PROFLE). Two edits are left alone: SMTP_HOST or WEBHOOK_HOST (another tool's settings in
 * the same file) are two edits from SMTP_PORT / WEBHOOK_PORT, and refusing them would stop a run for nothing.
 */
export function likelyMeant(name: string): string | undefined {
  if (KNOWN_ENV_NAMES.has(name)) return undefined;
  const upper = name.toUpperCase();
  if (KNOWN_ENV_NAMES.has(upper)) return upper;
  if (upper.length < 6) return undefined;
  let best: { name: string; d: number } | undefined;
  for (const known of KNOWN_ENV_NAMES) {
    const d = editDistance(upper, known, 1);
    if (d <= 1 && (!best || d < best.d)) best = { name: known, d };
  }
  return best?.name;
}

/**
 * One problem per `.env` key that is no variable the suite reads but is (almost) the name of one. Other unknown keys
 * (another tool's settings in the same file) are left alone. Only names are shown, never values.
 */
export function misspelledEnvNames(keys: Iterable<string>, file = '.env'): string[] {
  const problems: string[] = [];
  for (const key of keys) {
    const meant = likelyMeant(key);
    if (meant) problems.push(`${key} (in ${file}) is not a variable the suite reads — did you mean ${meant}? (see .env.example)`);
  }
  return problems;
}
