/**
 * npm run cleanup [-- --ledger FILE] [-- --dry-run] [-- --include-pending] [-- --help]
 * Deletes or cancels everything the run ledger says a run created and did not clean up — after a normal
 * run or after a crash. Resources are undone in reverse dependency order (subscriptions, then numbers and
 * port-in orders, then routes, packages, products). What the API cannot delete (accounts, subscribers: no
 * delete operation exists) is listed, not hidden. What a PENDING item still waits on (an open port-in the
 * next `--resume` monitors) is kept unless `--include-pending` says otherwise.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig, ConfigError } from '../helpers/config';
import { Ledger, type LedgerResource } from '../helpers/ledger';
import { createClient, foundResourceId, reconcileProbe } from '../helpers/client';
import { registerSecret } from '../helpers/redact';
import { mmddyyyy } from '../helpers/dates';
import { prerequisites, readSpecMetas } from '../helpers/spec-registry';

export const HELP = `npm run cleanup [-- OPTIONS]

Undoes what a certification run created on the target, as recorded in the run ledger
(reports/run-state.json, written before every create call is sent):
  - subscriptions            deleted   (POST /v1.0/subscriptions/delete)
  - numbers                  cancelled (POST /v1.0/numbers/status, StatusChange cancel)
  - port-in orders           cancelled (POST /v1.0/numbers/portin/cancel; a completed port-in:
                             the number it brought in is cancelled instead)
  - voice / message routes   deleted   (POST /v1.0/voice/routes/delete, /v1.0/message/routes/delete)
  - packages, products       deleted   (POST /v1.0/packages/delete, /v1.0/products/delete)
  - accounts, subscribers    KEPT and listed: the API has no delete operation for them
in reverse dependency order. A create whose outcome was lost (the run died while the call was in
flight) is first looked up on the target by its natural key (name, SKU, e-mail, number).

Pending work is never touched by default: the resources of an item that ended "pending" (e.g. an open
port-in the next \`npm run certify -- --resume\` keeps monitoring) and of the items it depends on are
kept and listed. Pending port-ins are never cancelled unless --include-pending is given.

Options:
  --ledger FILE       the ledger to clean (default: <report dir>/run-state.json; a crashed run's
                      earlier ledger is kept as run-state.<runId>.json)
  --dry-run           list what would be undone; change nothing on the target
  --include-pending   also cancel / delete what pending items still wait on (ends their --resume)
  --help, -h          print this help and exit (nothing is done)

Environment: TELEGENT_BASE_URL (the target; the embedded sandbox keeps nothing, so there is nothing to
clean), TELEGENT_ACCOUNT_KEY / TELEGENT_ACCOUNT_SECRET, CERT_REPORT_DIR. Exit code 0 = nothing failed,
1 = something could not be undone (listed), 2 = bad usage or configuration.
`;

export interface CleanupReport {
  undone: string[];
  failed: string[];
  kept: string[];
  /** kept because a pending item still needs it (undo with --include-pending) */
  pending: string[];
}

export interface CleanupOptions {
  baseUrl: string;
  accountKey: string;
  accountSecret: string;
  dryRun?: boolean;
  includePending?: boolean;
  log?: (s: string) => void;
}

type Api = ReturnType<typeof createClient>;

export async function cleanupLedger(file: string, opts: CleanupOptions): Promise<CleanupReport> {
  const log = opts.log ?? ((s: string) => process.stdout.write(`${s}\n`));
  const report: CleanupReport = { undone: [], failed: [], kept: [], pending: [] };
  if (!fs.existsSync(file)) {
    log(`cleanup: no ledger at ${file}: nothing to do`);
    return report;
  }
  const ledger = new Ledger(file);
  const api = createClient({ baseUrl: opts.baseUrl, accountKey: opts.accountKey, accountSecret: opts.accountSecret });
  const protectedItems = opts.includePending ? new Set<string>() : itemsPendingWorkNeeds(ledger);
  const todo = ledger
    .resources()
    .filter((r) => r.state === 'created' || r.state === 'creating')
    .sort((a, b) => b.cleanupOrder - a.cleanupOrder || b.createdAt.localeCompare(a.createdAt));
  for (const r of todo) {
    const label = `${r.kind} ${r.id ?? '(id unknown)'} (item ${r.item})`;
    if (protectedItems.has(r.item)) {
      report.pending.push(label);
      log(`  ⏸ ${label}: kept — a pending item still needs it (resume with npm run certify -- --resume; undo with --include-pending)`);
      continue;
    }
    await undoOne(api, ledger, r, label, opts, report, log);
  }
  return report;
}

/** Undo one resource (finding it first when its create's outcome was lost). */
async function undoOne(api: Api, ledger: Ledger, r: LedgerResource, label: string, opts: CleanupOptions, report: CleanupReport, log: (s: string) => void): Promise<void> {
  if (r.state === 'creating' && !r.id) {
    const found = await findLost(api, r, ledger);
    if (!found) {
      if (!opts.dryRun) ledger.update(r.key, { state: 'deleted', note: 'create never took effect' });
      log(`  ✓ ${label}: never created`);
      return;
    }
    r.id = found.id;
    r.cleanup = found.cleanup;
    label = `${r.kind} ${r.id} (item ${r.item}, found by its lookup)`;
  }
  if (!r.cleanup) {
    report.kept.push(label);
    log(`  • ${label}: no delete operation in the API — kept (listed in the report)`);
    return;
  }
  if (opts.dryRun) {
    log(`  would undo ${label} with ${r.cleanup.op}`);
    return;
  }
  let res = await api.call(r.cleanup.op, { body: r.cleanup.body, query: r.cleanup.query, validate: false } as any).catch((e: Error) => ({ status: 0, body: e.message }) as any);
  if (res.status !== 200 && r.kind.startsWith('portin-order') && r.lookup?.PhoneNumber) {
    // A completed port-in cannot be cancelled: the number it brought in is cancelled instead.
    res = await api.call('POST /v1.0/numbers/status', {
      body: { StatusChange: 'cancel', EffectiveDate: mmddyyyy(), PhoneNumbers: [{ Number: r.lookup.PhoneNumber }] },
      validate: false,
    } as any);
  }
  const gone = res.status === 200 || res.status === 404 || (res.status === 400 && /cancel|delet/i.test(JSON.stringify(res.body)));
  if (gone) {
    ledger.update(r.key, { state: 'deleted', ...(r.id ? { id: r.id } : {}) });
    report.undone.push(label);
    log(`  ✓ ${label}: ${r.cleanup.op} → ${res.status}`);
  } else {
    report.failed.push(label);
    log(`  ✗ ${label}: ${r.cleanup.op} → ${res.status}`);
  }
}

/**
 * Items whose resources must stay: every item that ENDED pending (status 'pending' with an end time — an
 * item killed mid-run has no end time and is cleaned) and, transitively, the items it depends on.
 */
export function itemsPendingWorkNeeds(ledger: Ledger): Set<string> {
  const pending = Object.entries(ledger.snapshot.items)
    .filter(([, it]) => it.status === 'pending' && it.endedAt)
    .map(([id]) => id);
  const out = new Set(pending);
  if (!pending.length) return out;
  try {
    const metas = readSpecMetas();
    for (const id of pending) for (const p of prerequisites(metas, id)) out.add(p);
  } catch {
    // without the specs' metadata: keep every port-in order's item (the long-running thing pending work waits on)
    for (const r of ledger.resources()) if (r.kind.startsWith('portin-order')) out.add(r.item);
  }
  return out;
}

/** How to undo a resource found by its lookup, per create operation. */
const UNDO_BY_CREATE: Record<string, (id: string, lookup: Record<string, string>) => LedgerResource['cleanup']> = {
  'POST /v1.0/products': (id) => ({ op: 'POST /v1.0/products/delete', body: { ProductId: id } }),
  'POST /v1.0/packages': (id) => ({ op: 'POST /v1.0/packages/delete', body: { PackageId: id } }),
  'POST /v1.0/message/routes': (id) => ({ op: 'POST /v1.0/message/routes/delete', body: { MessageRouteId: id } }),
  'POST /v1.0/voice/routes': (id) => ({ op: 'POST /v1.0/voice/routes/delete', body: { CallRouteId: id } }),
  'POST /v1.0/subscriptions': (id) => ({ op: 'POST /v1.0/subscriptions/delete', body: { SubscriptionId: id } }),
  'POST /v1.0/numbers/portin': (id) => ({ op: 'POST /v1.0/numbers/portin/cancel', body: { OrderId: id } }),
};

const ID_FIELD: Record<string, string> = {
  'POST /v1.0/products': 'ProductId',
  'POST /v1.0/packages': 'PackageId',
  'POST /v1.0/message/routes': 'MessageRouteId',
  'POST /v1.0/voice/routes': 'CallRouteId',
  'POST /v1.0/subscriptions': 'SubscriptionId',
  'POST /v1.0/numbers/portin': 'OrderId',
  'POST /v1.0/account/create': 'AccountId',
  'POST /v1.0/subscribers/create': 'SubscriberId',
};

/**
 * A create whose outcome was lost (the run died while the call was in flight): look for it on the target.
 * Numbers: an inventory entry assigned to the run's subscriber that the ledger does not know yet. Others: the
 * natural-key lookup the ledger recorded before the call (helpers/client/probes).
 */
async function findLost(api: Api, r: LedgerResource, ledger: Ledger): Promise<{ id: string; cleanup?: LedgerResource['cleanup'] } | undefined> {
  if (r.kind.startsWith('number')) return findLostNumber(api, ledger);
  const probe = r.lookup ? reconcileProbe(api, r.createOp, r.lookup) : undefined;
  if (!probe) return undefined;
  const found = await probe().catch(() => undefined);
  const id = found ? foundResourceId(found, ID_FIELD[r.createOp]) : undefined;
  if (!id) return undefined;
  return { id, cleanup: UNDO_BY_CREATE[r.createOp]?.(id, r.lookup!) };
}

async function findLostNumber(api: Api, ledger: Ledger): Promise<{ id: string; cleanup?: LedgerResource['cleanup'] } | undefined> {
  const tsuid = ledger.snapshot.ids.TSUID;
  if (!tsuid) return undefined;
  const known = new Set(ledger.resources().map((x) => x.id).filter(Boolean));
  const res = await api.call('GET /v1.0/numbers/inventory', { query: { PageNumber: '1', TotalNumbersRequested: '500' } });
  const list: any[] = (res.body as any)?.PhoneNumbers ?? [];
  const lost = list.find((n) => n.AssignedSubscriberId === tsuid && !known.has(n.Tnid) && !known.has(n.PhoneNumberId) && !/cancel/i.test(String(n.Status)));
  if (!lost) return undefined;
  return { id: lost.Tnid ?? lost.Number, cleanup: { op: 'POST /v1.0/numbers/status', body: { StatusChange: 'cancel', EffectiveDate: mmddyyyy(), PhoneNumbers: [{ Number: lost.Number }] } } };
}

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
    cfg = loadConfig();
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
    process.stderr.write('cleanup: the embedded sandbox keeps nothing after its run ends; set TELEGENT_BASE_URL to clean a standalone sandbox or a real target\n');
    process.exit(0);
  }
  const rep = await cleanupLedger(file, { baseUrl, accountKey: cfg.accountKey, accountSecret: cfg.accountSecret, dryRun: args.dryRun, includePending: args.includePending });
  process.stdout.write(
    `cleanup: ${rep.undone.length} undone, ${rep.failed.length} failed, ${rep.kept.length} kept (no delete operation), ${rep.pending.length} kept for pending items${rep.pending.length ? ' (--include-pending to undo them)' : ''}\n`,
  );
  process.exit(rep.failed.length ? 1 : 0);
}

if (require.main === module) void main();
