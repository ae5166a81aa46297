/**
 * npm run cleanup [-- --ledger FILE] [-- --dry-run] [-- --include-pending] [-- --help]
 * Deletes or cancels everything the run ledger says a run created and did not clean up — after a normal
 * run or after a crash. Resources are undone in reverse dependency order (subscriptions, then numbers and
 * port-in orders, then routes, packages, products). What the API cannot delete (accounts, subscribers: no
 * delete operation exists) is listed, not hidden. What a PENDING item still waits on (an open port-in the
 * next `--resume` monitors) is kept unless `--include-pending` says otherwise.
 */
import * as path from 'node:path';
import { loadConfig, ConfigError } from '../helpers/config';
import { redact, registerSecret } from '../protocol/redact';
import { cleanupLedger, ledgerTargetProblem } from '../helpers/cleanup';
import { describeHolder, lockFileOf, lockHolder } from '../helpers/run-lock';

/** (scripts/sweep.ts imports these from here) */
export { cleanupLedger, type CleanupReport } from '../helpers/cleanup';

export const HELP = `npm run cleanup [-- OPTIONS]

Undoes what a certification run created on the target, as recorded in the run ledger
(reports/run-state.json, written before every create call is sent):
  - subscriptions            deleted   (POST /v1.0/subscriptions/delete)
  - numbers                  cancelled (POST /v1.0/numbers/status, StatusChange cancel)
  - port-in orders           cancelled (POST /v1.0/numbers/portin/cancel; a completed port-in is
                             KEPT: the number it brought in is the partner's own, never cancelled)
  - voice / message routes   deleted   (POST /v1.0/voice/routes/delete, /v1.0/message/routes/delete)
  - packages, products       deleted   (POST /v1.0/packages/delete, /v1.0/products/delete)
  - accounts, subscribers    KEPT and listed: the API has no delete operation for them
in reverse dependency order. A create whose outcome was lost (the run died while the call was in
flight) is first looked up on the target by its natural key (name, SKU, e-mail, number).

Pending work is never touched by default: the resources of an item that ended "pending" (e.g. an open
port-in the next \`npm run certify -- --resume\` keeps monitoring) and of the items it depends on are
kept and listed, each with the pending item(s) that need it — also after a --resume that was stopped or
killed before those items ended again. The sign-off (item 19) uses nothing on the target and keeps
nothing. Pending port-ins are never cancelled unless --include-pending is given.

Options:
  --ledger FILE       the ledger to clean (default: <report dir>/run-state.json; a crashed run's
                      earlier ledger is kept as run-state.<runId>.json)
  --dry-run           list what would be undone; change nothing on the target
  --include-pending   also cancel / delete what pending items still wait on (ends their --resume)
  --help, -h          print this help and exit (nothing is done)

Environment: TELEGENT_BASE_URL (the target; the embedded sandbox keeps nothing, so there is nothing to
clean), TELEGENT_ACCOUNT_KEY / TELEGENT_ACCOUNT_SECRET, CERT_REPORT_DIR. Exit code 0 = nothing failed,
1 = something could not be undone (listed), 2 = bad usage or configuration, a run is still using the
ledger (its <ledger>.lock names it: a cleanup beside a running --resume would undo what it waits on), or
the ledger was written against another target than TELEGENT_BASE_URL (nothing is called: there its IDs,
numbers and names could name something else).
`;

export interface CleanupArgs {
  help: boolean;
  dryRun: boolean;
  includePending: boolean;
  ledger?: string;
}

/** Parse the command line; an unknown option is an error (a mistyped --dry-run must never run a real cleanup). */
export function parseCleanupArgs(argv: string[]): CleanupArgs | { error: string } {
  const out: CleanupArgs = { help: false, dryRun: false, includePending: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--dry-run') out.dryRun = true;
    else if (a === '--include-pending') out.includePending = true;
    else if (a === '--ledger' && argv[i + 1] && !argv[i + 1].startsWith('--')) out.ledger = argv[++i];
    else if (a.startsWith('--ledger=')) out.ledger = a.slice('--ledger='.length);
    else return { error: a === '--ledger' ? '--ledger needs a file' : `unknown option ${JSON.stringify(a)}` };
  }
  return out;
}

async function main() {
  const args = parseCleanupArgs(process.argv.slice(2));
  if ('error' in args) {
    process.stderr.write(`cleanup: ${args.error}\n\n${HELP}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  let cfg;
  try {
    cfg = loadConfig(process.env, { webhookOptional: true }); // a cleanup receives nothing: the tunnel may be gone
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  registerSecret(cfg.accountSecret);
  const file = args.ledger ? path.resolve(args.ledger) : path.join(cfg.reportDir, 'run-state.json');
  const baseUrl = cfg.baseUrl;
  if (!baseUrl) {
    process.stderr.write(
      'cleanup: the embedded sandbox keeps nothing after its run ends; set TELEGENT_BASE_URL to clean a standalone sandbox or a real target\n',
    );
    process.exit(0);
  }
  // a ledger of another target: its IDs and numbers mean something else on this one (also for a dry run: its list would mislead)
  const otherTarget = ledgerTargetProblem(file, baseUrl);
  if (otherTarget) {
    process.stderr.write(`cleanup: not started — ${String(redact(otherTarget))}\n`);
    process.exit(2);
  }
  // a run still using this ledger (a nightly --resume waiting on a port-in): its teardown cleans up, not this command
  const holder = lockHolder(lockFileOf(file));
  if (holder && !args.dryRun) {
    process.stderr.write(
      `cleanup: not started — a run is using ${file}: ${describeHolder(holder)}.\n` +
        '  Wait for it to end (its teardown undoes what it created and keeps pending work), or stop it first (Ctrl-C or SIGTERM: it cleans up as it stops).\n',
    );
    process.exit(2);
  }
  if (holder) process.stdout.write(`cleanup: note — a run is using ${file} (${describeHolder(holder)}); a dry run changes nothing\n`);
  const rep = await cleanupLedger(file, {
    baseUrl,
    endpointBase: cfg.apiEndpointBase,
    accountKey: cfg.accountKey,
    accountSecret: cfg.accountSecret,
    dryRun: args.dryRun,
    includePending: args.includePending,
  });
  process.stdout.write(
    `cleanup: ${rep.undone.length} undone, ${rep.failed.length} failed, ${rep.kept.length} kept (no delete operation, or the partner's own: each listed), ${rep.pending.length} kept for pending items${rep.pending.length ? ' (--include-pending to undo them)' : ''}\n`,
  );
  process.exit(rep.failed.length ? 1 : 0);
}

if (require.main === module) void main();
