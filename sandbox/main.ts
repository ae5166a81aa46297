/**
 * npm run sandbox [-- --realistic] [-- --state FILE] [-- --help] — the embedded Telegent sandbox, standalone.
 * Configuration from the flags and the environment (sandbox/cli.ts HELP; sandbox/README.md).
 */
import 'dotenv/config';
import { startSandboxInternal, DEFAULT_ACCOUNT_KEY, DEFAULT_ACCOUNT_SECRET } from './index';
import type { SandboxInternals } from './index';
import { HELP, parseArgs, truthy, durationEnv, signedDurationEnv, carrierEnv, stateFileArg, type CliArgs } from './cli';
import { formatDuration } from './clock';
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

function argsOrExit(): CliArgs {
  try {
    return parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
}

async function start(args: CliArgs, secret: string, drift: string[]): Promise<SandboxInternals> {
  let timing;
  try {
    timing = { carrierSteps: carrierEnv(), cdrCycleMs: durationEnv('SANDBOX_CDR_CYCLE'), clockSkewMs: signedDurationEnv('SANDBOX_CLOCK_SKEW') };
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  return startSandboxInternal({
    realistic: args.realistic || truthy('SANDBOX_REALISTIC'),
    host: process.env.SANDBOX_HOST || '127.0.0.1',
    port: num('SANDBOX_PORT') ?? 8080,
    sipPort: num('SANDBOX_SIP_PORT') ?? 0,
    accountKey: process.env.SANDBOX_ACCOUNT_KEY || DEFAULT_ACCOUNT_KEY,
    accountSecret: secret,
    tokenTtlSeconds: num('SANDBOX_TOKEN_TTL_SECONDS'),
    propagationMs: num('SANDBOX_PROPAGATION_MS'),
    portStepMs: num('SANDBOX_PORT_STEP_MS'),
    ...timing,
    controlKey: process.env.SANDBOX_CONTROL_KEY || undefined,
    stateFile: stateFileArg(args),
    drift,
    faults: parseNames(process.env.SANDBOX_FAULTS),
    logLevel: process.env.SANDBOX_LOG_LEVEL || 'info',
    sip: process.env.SANDBOX_SIP !== 'off',
    cdrDelivery: cdrDeliveryFromEnv(),
  });
}

/** what runs where — never a secret: the control key and a non-default AccountSecret print as "(set)" */
function banner(sb: SandboxInternals, secret: string, drift: string[]) {
  const o = sb.sandbox.opts;
  const c = o.carrier;
  console.log(`Telegent sandbox listening on ${sb.baseUrl}`);
  console.log(`  mode:        ${o.realistic ? 'realistic (remote, slow Telegent)' : 'fast (embedded default)'}`);
  console.log(`  SIP SBC:     ${sb.sipHost}:${sb.sipPort || '(not started)'}`);
  console.log(`  AccountKey:  ${sb.credentials.accountKey}`);
  console.log(
    `  AccountSecret: ${secret === DEFAULT_ACCOUNT_SECRET ? DEFAULT_ACCOUNT_SECRET + ' (documented default)' : '(set, from SANDBOX_ACCOUNT_SECRET, not shown)'}`,
  );
  console.log(
    `  carrier clock: Submitted ${formatDuration(c.submittedMs)} → Pending Carrier Approval ${formatDuration(c.approvalMs)} → Scheduled ${formatDuration(c.scheduledMs)} → Completed`,
  );
  console.log(
    `  tokens: ${o.tokenTtlSeconds} s; voice-route propagation: ${formatDuration(o.propagationMs)}; CDR cycle: ${o.cdrCycleMs ? formatDuration(o.cdrCycleMs) : 'off (POST /_sandbox/cdr/flush)'}`,
  );
  console.log(`  state file:  ${o.stateFile ?? '(none: in memory)'}`);
  if (o.clockSkewMs)
    console.log(
      `  clock skew:  ${o.clockSkewMs > 0 ? '+' : '-'}${formatDuration(Math.abs(o.clockSkewMs))} (the platform's clock, its timestamps and Date header)`,
    );
  console.log(
    `  controls:    ${!o.controls ? 'off (/_sandbox/* answers 404; set SANDBOX_CONTROL_KEY to enable)' : o.controlKey ? 'on, header X-Sandbox-Control-Key required (key: (set))' : 'on, no key'}`,
  );
  if (drift.length) console.log(`  drift: ${drift.join(', ')}`);
  if (process.env.SANDBOX_FAULTS) console.log(`  faults: ${process.env.SANDBOX_FAULTS}`);
}

async function main() {
  const args = argsOrExit();
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  const secret = process.env.SANDBOX_ACCOUNT_SECRET || DEFAULT_ACCOUNT_SECRET;
  const drift = parseNames(process.env.SANDBOX_DRIFT);
  const sb = await start(args, secret, drift);
  const known = new Set(allDriftModes().map((m) => m.name));
  const unknown = drift.filter((d) => !known.has(d));
  if (unknown.length) console.warn(`warning: unknown drift mode(s): ${unknown.join(', ')} (see sandbox/README.md)`);
  banner(sb, secret, drift);
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
