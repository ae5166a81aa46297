/** npm run sandbox — the embedded Telegent sandbox, standalone. Configuration from the environment (see sandbox/README.md). */
import 'dotenv/config';
import { startSandboxInternal, DEFAULT_ACCOUNT_KEY, DEFAULT_ACCOUNT_SECRET } from './index';
import { parseNames } from './drift';
import { allDriftModes } from './drift/catalogue';

function num(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`${name} must be a non-negative number (got "${v}")`);
    process.exit(2);
  }
  return n;
}

/**
 * Where CDRs go (configured at onboarding, Phase 2): SANDBOX_CDR_WEBHOOK_URL, and/or
 * SANDBOX_CDR_SMTP=host:port with SANDBOX_CDR_EMAIL_TO; SANDBOX_CDR_FORMAT=json|csv.
 */
function cdrDeliveryFromEnv() {
  const webhookUrl = process.env.SANDBOX_CDR_WEBHOOK_URL || undefined;
  const smtp = process.env.SANDBOX_CDR_SMTP;
  const to = process.env.SANDBOX_CDR_EMAIL_TO || 'cdr@partner.example';
  let email: { smtpHost: string; smtpPort: number; to: string } | undefined;
  if (smtp) {
    const m = /^(.+):(\d+)$/.exec(smtp);
    if (!m) {
      console.error(`SANDBOX_CDR_SMTP must be host:port (got "${smtp}")`);
      process.exit(2);
    }
    email = { smtpHost: m[1], smtpPort: Number(m[2]), to };
  }
  if (!webhookUrl && !email) return undefined;
  const format = process.env.SANDBOX_CDR_FORMAT === 'csv' ? 'csv' : 'json';
  return { webhookUrl, email, format } as const;
}

async function main() {
  const secret = process.env.SANDBOX_ACCOUNT_SECRET || DEFAULT_ACCOUNT_SECRET;
  const drift = parseNames(process.env.SANDBOX_DRIFT);
  const sb = await startSandboxInternal({
    host: process.env.SANDBOX_HOST || '127.0.0.1',
    port: num('SANDBOX_PORT') ?? 8080,
    sipPort: num('SANDBOX_SIP_PORT') ?? 0,
    accountKey: process.env.SANDBOX_ACCOUNT_KEY || DEFAULT_ACCOUNT_KEY,
    accountSecret: secret,
    tokenTtlSeconds: num('SANDBOX_TOKEN_TTL_SECONDS'),
    propagationMs: num('SANDBOX_PROPAGATION_MS'),
    portStepMs: num('SANDBOX_PORT_STEP_MS'),
    drift,
    faults: parseNames(process.env.SANDBOX_FAULTS),
    logLevel: process.env.SANDBOX_LOG_LEVEL || 'info',
    sip: process.env.SANDBOX_SIP !== 'off',
    cdrDelivery: cdrDeliveryFromEnv(),
  });
  const known = new Set(allDriftModes().map((m) => m.name));
  const unknown = drift.filter((d) => !known.has(d));
  if (unknown.length) console.warn(`warning: unknown drift mode(s): ${unknown.join(', ')} (see sandbox/README.md)`);
  console.log(`Telegent sandbox listening on ${sb.baseUrl}`);
  console.log(`  SIP SBC:     ${sb.sipHost}:${sb.sipPort || '(not started)'}`);
  console.log(`  AccountKey:  ${sb.credentials.accountKey}`);
  console.log(`  AccountSecret: ${secret === DEFAULT_ACCOUNT_SECRET ? DEFAULT_ACCOUNT_SECRET + ' (documented default)' : '(from SANDBOX_ACCOUNT_SECRET, not shown)'}`);
  if (drift.length) console.log(`  drift: ${drift.join(', ')}`);
  if (process.env.SANDBOX_FAULTS) console.log(`  faults: ${process.env.SANDBOX_FAULTS}`);
  const stop = async () => {
    await sb.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`sandbox failed to start: ${(e as Error).message}`);
  process.exit(1);
});
