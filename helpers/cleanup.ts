/**
 * Undoing what a run created, from its ledger: resources in reverse dependency order; what the API cannot delete is
 * listed, not hidden; what a pending item still waits on is kept unless asked. Used by the global teardown and by
 * `npm run cleanup` (scripts/cleanup.ts).
 */
import * as fs from 'node:fs';
import { Ledger, type LedgerResource } from './ledger';
import { createClient, foundResourceId, reconcileProbe } from './client';
import { mmddyyyy } from '../protocol/dates';
import { prerequisites, readSpecMetas } from './spec-registry';

export interface CleanupReport {
  undone: string[];
  failed: string[];
  kept: string[];
  /** kept because a pending item still needs it (undo with --include-pending) */
  pending: string[];
}

export interface CleanupOptions {
  baseUrl: string;
  /** TELEGENT_API_ENDPOINT_BASE (token scopes), when set */
  endpointBase?: string;
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
  const api = createClient({ baseUrl: opts.baseUrl, endpointBase: opts.endpointBase, accountKey: opts.accountKey, accountSecret: opts.accountSecret });
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
async function undoOne(
  api: Api,
  ledger: Ledger,
  r: LedgerResource,
  label: string,
  opts: CleanupOptions,
  report: CleanupReport,
  log: (s: string) => void,
): Promise<void> {
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
  let res = await api
    .call(r.cleanup.op, { body: r.cleanup.body, query: r.cleanup.query, validate: false } as any)
    .catch((e: Error) => ({ status: 0, body: e.message }) as any);
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
  const known = new Set(
    ledger
      .resources()
      .map((x) => x.id)
      .filter(Boolean),
  );
  const res = await api.call('GET /v1.0/numbers/inventory', { query: { PageNumber: '1', TotalNumbersRequested: '500' } });
  const list: any[] = (res.body as any)?.PhoneNumbers ?? [];
  const lost = list.find((n) => n.AssignedSubscriberId === tsuid && !known.has(n.Tnid) && !known.has(n.PhoneNumberId) && !/cancel/i.test(String(n.Status)));
  if (!lost) return undefined;
  return {
    id: lost.Tnid ?? lost.Number,
    cleanup: { op: 'POST /v1.0/numbers/status', body: { StatusChange: 'cancel', EffectiveDate: mmddyyyy(), PhoneNumbers: [{ Number: lost.Number }] } },
  };
}
