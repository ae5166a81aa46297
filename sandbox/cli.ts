/** `npm run sandbox -- [flags]`: the command line and the environment of sandbox/main.ts (help text included). */
import { parseCarrierSteps, parseDuration } from './clock';
import type { CarrierSteps } from './clock';

export const HELP = `Telegent sandbox (standalone) — sandbox/README.md describes every behaviour.

Usage: npm run sandbox -- [--realistic] [--state FILE] [--help]

Flags
  --realistic        behave like the remote, slow Telegent: carrier clock in minutes-to-days, CDRs on a
                     15-minute cycle, 5-minute tokens, 10-minute voice-route propagation, state kept in a file,
                     /_sandbox/* off (404) unless SANDBOX_CONTROL_KEY is set     (env SANDBOX_REALISTIC=1)
  --state FILE       persist the state in FILE (atomic JSON writes; a restart continues from it)
                                                                                  (env SANDBOX_STATE_FILE)
  --help, -h         print this help and exit

Environment (defaults: fast mode / realistic mode)
  SANDBOX_REALISTIC=1            realistic mode (same as --realistic)
  SANDBOX_HOST                   listen address (HTTP and SIP)                    127.0.0.1
  SANDBOX_PORT                   HTTP port                                         8080
  SANDBOX_SIP=off                do not start the SIP SBC
  SANDBOX_SIP_PORT               UDP port of the Telegent SBC                      0 (ephemeral)
  SANDBOX_ACCOUNT_KEY            the test distributor's AccountKey                 DID-00000000-0000-4000-8000-000000000001
  SANDBOX_ACCOUNT_SECRET         its AccountSecret (never printed)                 sandbox-secret
  SANDBOX_TOKEN_TTL_SECONDS      token lifetime                                    300 / 300
  SANDBOX_CARRIER_STEP           port-in carrier clock: one duration for every status, or three for
                                 Submitted,Pending Carrier Approval,Scheduled      1500ms / 10m,1d,1d
                                 (durations: 500 = ms, 500ms, 30s, 10m, 2h, 1d)
  SANDBOX_PORT_STEP_MS           older spelling: one step (ms) for every status
  SANDBOX_CDR_CYCLE              CDR delivery cycle (duration; 0 = only POST /_sandbox/cdr/flush)   0 / 15m
  SANDBOX_CDR_WEBHOOK_URL        CDR delivery by webhook
  SANDBOX_CDR_SMTP               CDR delivery by e-mail: host:port (with SANDBOX_CDR_EMAIL_TO)
  SANDBOX_CDR_EMAIL_TO           CDR mailbox                                       cdr@partner.example
  SANDBOX_CDR_FORMAT             json | csv (webhook body)                         json
  SANDBOX_CLOCK_SKEW             the platform's clock error, signed duration: "+10m" (ahead), "-7h"   0
                                 (behind); every timestamp, tokenExpiry and the HTTP Date header run off
  SANDBOX_PROPAGATION_MS         voice-route propagation (ms)                      500 / 600000
  SANDBOX_STATE_FILE             state file (same as --state; "off" = none)        none / ./.sandbox-state.json
  SANDBOX_CONTROL_KEY            secret: /_sandbox/* then needs header X-Sandbox-Control-Key: <key>
                                 (401 without it); realistic mode without it: /_sandbox/* answers 404
  SANDBOX_DRIFT                  comma list of drift modes (defects)
  SANDBOX_FAULTS                 comma list of fault modes
  SANDBOX_LOG_LEVEL              silent | warn | info                              info
`;

export interface CliArgs {
  help: boolean;
  realistic: boolean;
  stateFile?: string;
}

/** the flags; throws on an unknown flag or a missing value */
export function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = { help: false, realistic: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--realistic') out.realistic = true;
    else if (a === '--state' || a.startsWith('--state=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error('--state needs a file name');
      out.stateFile = v;
    } else throw new Error(`unknown argument "${a}" (npm run sandbox -- --help lists the flags)`);
  }
  return out;
}

const env = (name: string) => {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
};

export function truthy(name: string): boolean {
  return /^(1|true|yes|on)$/i.test(env(name) ?? '');
}

/** a duration from the environment (ms or 30s / 10m / 1d); throws on anything else */
export function durationEnv(name: string): number | undefined {
  const v = env(name);
  if (v === undefined) return undefined;
  const ms = parseDuration(v);
  if (ms === undefined) throw new Error(`${name} must be a duration: ms, or 30s / 10m / 2h / 1d (got "${v}")`);
  return ms;
}

/** a signed duration from the environment ("+10m", "-90s", "2h"); throws on anything else */
export function signedDurationEnv(name: string): number | undefined {
  const v = env(name);
  if (v === undefined) return undefined;
  const m = /^\s*([+-]?)\s*(.+)$/.exec(v);
  const ms = m ? parseDuration(m[2]) : undefined;
  if (ms === undefined) throw new Error(`${name} must be a signed duration: +10m, -7h, 90s (got "${v}")`);
  return m![1] === '-' ? -ms : ms;
}

export function carrierEnv(): CarrierSteps | undefined {
  const v = env('SANDBOX_CARRIER_STEP');
  if (v === undefined) return undefined;
  try {
    return parseCarrierSteps(v);
  } catch (e) {
    throw new Error(`SANDBOX_CARRIER_STEP: ${(e as Error).message}`);
  }
}

/** --state wins over SANDBOX_STATE_FILE; "off" disables; undefined = the mode's default */
export function stateFileArg(args: CliArgs): string | false | undefined {
  const v = args.stateFile ?? env('SANDBOX_STATE_FILE');
  if (v === undefined) return undefined;
  return /^(off|none|false|0)$/i.test(v) ? false : v;
}
