/**
 * Undoing what a run created, from its ledger: resources in reverse dependency order; what the API cannot delete is
 * listed, not hidden; what a pending item still waits on is kept unless asked. Used by the global teardown and by
 * `npm run cleanup` (scripts/cleanup.ts).
 */
import * as fs from 'node:fs';
import { Ledger, type LedgerResource } from './ledger';
import { createClient, foundResourceId, reconcileProbe } from './client';
import { mmddyyyy } from '../protocol/dates';
import { readInventory } from './inventory';
import { prerequisites, readSpecMetas } from './spec-registry';

export interface CleanupReport {
  undone: string[];
  failed: string[];
  kept: string[];
  /** kept because a pending item still needs it (undo with --include-pending) */
  pending: string[];
  /** the same, each with the pending item(s) that need it */
  keptFor: { label: string; item: string; neededBy: string[] }[];
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
  const report: CleanupReport = { undone: [], failed: [], kept: [], pending: [], keptFor: [] };
  if (!fs.existsSync(file)) {
    log(`cleanup: no ledger at ${file}: nothing to do`);
    return report;
  }
  const ledger = new Ledger(file);
  const api = createClient({ baseUrl: opts.baseUrl, endpointBase: opts.endpointBase, accountKey: opts.accountKey, accountSecret: opts.accountSecret });
  const protectedItems = opts.includePending ? new Map<string, string[]>() : pendingWorkNeeds(ledger);
  const todo = ledger
    .resources()
    .filter((r) => r.state === 'created' || r.state === 'creating')
    .sort((a, b) => b.cleanupOrder - a.cleanupOrder || b.createdAt.localeCompare(a.createdAt));
  for (const r of todo) {
    const label = `${r.kind} ${r.id ?? '(id unknown)'} (item ${r.item})${!r.id && r.note ? ` — ${r.note}` : ''}`;
    const by = protectedItems.get(r.item);
    if (by) {
      report.pending.push(label);
      report.keptFor.push({ label, item: r.item, neededBy: by });
      log(`  ⏸ ${label}: kept — pending item(s) ${by.join(', ')} still need it (resume with npm run certify -- --resume; undo with --include-pending)`);
      continue;
    }
    await undoOne(api, ledger, r, label, opts, report, log);
  }
  return report;
}

/**
 * Why the ledger `file` may not be undone on `baseUrl` (undefined when it may): its resources were created on another
 * target — a .env switched from the dev environment to another, or an embedded rehearsal's ledger left in reports/ —
 * and there its IDs, numbers and natural keys (names, e-mails) could name something else: a number cancelled, a
 * namesake deleted. A ledger that names no target (an older one) is not refused.
 */
export function ledgerTargetProblem(file: string, baseUrl: string): string | undefined {
  const target = Ledger.read(file)?.target;
  if (!target || target === baseUrl) return undefined;
  if (target === 'embedded-sandbox')
    return `${file} is the ledger of a run on the embedded sandbox (gone with its run: nothing of it is on ${baseUrl}, TELEGENT_BASE_URL); nothing is undone`;
  return `${file} records what a run created on ${target}, not on ${baseUrl} (TELEGENT_BASE_URL): undone there, its IDs, numbers and names could hit something else — point TELEGENT_BASE_URL at ${target}, or name the ledger of ${baseUrl} with --ledger`;
}

/**
 * The end of a run (the global teardown): undo what the run created, except what its pending items (an open port-in
 * the next `--resume` keeps monitoring) and their prerequisites still need. Returns the lines to print: the counts,
 * each kept resource and why, and how to resume or give up.
 */
export async function teardownCleanup(file: string, opts: Omit<CleanupOptions, 'dryRun' | 'includePending' | 'log'>): Promise<string[]> {
  const rep = await cleanupLedger(file, { ...opts, log: () => undefined });
  const state = Ledger.read(file);
  const pending = inChecklistOrder(
    Object.entries(state?.items ?? {})
      .filter(([, it]) => it.status === 'pending')
      .map(([id]) => id),
  );
  const lines = [
    `  cleanup: ${rep.undone.length} resources undone, ${rep.failed.length} failed, ${rep.kept.length} kept (no delete operation in the API, or the partner's own: each listed), ${rep.pending.length} kept for pending items`,
  ];
  for (const k of rep.keptFor) lines.push(`    ⏸ ${k.label}: kept — pending item(s) ${inChecklistOrder(k.neededBy).join(', ')} need it`);
  if (rep.failed.length) lines.push(`    ✗ not undone: ${rep.failed.join('; ')} — run npm run cleanup`);
  if (pending.length)
    lines.push(
      `  item(s) ${pending.join(', ')} pending — resume with npm run certify -- --resume, or give up on them with npm run cleanup -- --include-pending`,
    );
  return lines;
}

export const PORTED_NUMBER_KEPT_BASIS =
  "R-portin-number-used (a completed port-in's number is the partner's own, on the account: nothing releases it) + the standard 'nothing destructive by default'";

/**
 * What a refused port-in cancel left: the order completed (its number is on the account now), or it was cancelled
 * already. The refusal's text may say so; an error body without text (`{ StatusCode, Message: null }`, a form the
 * vendor's error table allows) does not, so the order is read: Completed / "Complete" (R-portin-status-spelling) or
 * Cancelled decides.
 */
async function refusedCancelOutcome(api: Api, r: LedgerResource, answer: unknown): Promise<'completed' | 'cancelled' | undefined> {
  if (!r.kind.startsWith('portin-order')) return undefined;
  if (/complete/i.test(JSON.stringify(answer ?? ''))) return 'completed';
  if (!r.id) return undefined;
  const read = await api.call('GET /v1.0/numbers/order', { query: { OrderId: r.id }, validate: false } as any).catch(() => undefined);
  const status = read?.status === 200 ? String((read.body as { OrderStatus?: unknown })?.OrderStatus ?? '').trim() : '';
  if (/^complete(d)?$/i.test(status)) return 'completed';
  return /^cancel(l)?ed$/i.test(status) ? 'cancelled' : undefined;
}

/**
 * A completed port-in cannot be cancelled, and the number it brought in is the partner's own (PORTIN_NUMBER): it is
 * kept and listed, never cancelled in the order's place (the cleanup used to cancel it: a real number given up).
 */
function keepCompletedPortIn(ledger: Ledger, r: LedgerResource, label: string, report: CleanupReport, log: (s: string) => void): void {
  const number = r.lookup?.PhoneNumber ?? 'its number';
  const note = `port-in completed: ${number} is on the account now, the partner's own number — not cancelled (${PORTED_NUMBER_KEPT_BASIS})`;
  ledger.update(r.key, { cleanup: undefined, note });
  report.kept.push(label);
  log(`  • ${label}: ${note} — kept (listed in the report)`);
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
    let found: Awaited<ReturnType<typeof findLost>>;
    try {
      found = await findLost(api, r, ledger);
    } catch (e) {
      report.failed.push(`${label}: ${(e as Error).message}`);
      log(`  ✗ ${label}: ${(e as Error).message} — left in the ledger, run npm run cleanup again`);
      return;
    }
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
    log(`  • ${label}: ${r.note ?? 'no delete operation in the API'} — kept (listed in the report)`);
    return;
  }
  if (opts.dryRun) {
    log(`  would undo ${label} with ${r.cleanup.op}`);
    return;
  }
  const res = await api
    .call(r.cleanup.op, { body: r.cleanup.body, query: r.cleanup.query, validate: false } as any)
    .catch((e: Error) => ({ status: 0, body: e.message }) as any);
  const refused = res.status !== 200 && res.status !== 404 ? await refusedCancelOutcome(api, r, res.body) : undefined;
  if (refused === 'completed') {
    keepCompletedPortIn(ledger, r, label, report, log);
    return;
  }
  const gone = res.status === 200 || res.status === 404 || refused === 'cancelled' || (res.status === 400 && /cancel|delet/i.test(JSON.stringify(res.body)));
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
 * Items whose resources must stay, each with the pending items that need it: every item that ENDED pending (status
 * 'pending' with an end time — an item killed mid-run has no end time and is cleaned; a pending item a `--resume` is
 * re-running keeps its earlier record until it ends) and, transitively, the items it depends on. The sign-off (item 19)
 * is the exception: it reads the ledger's statuses, uses nothing on the target, and is pending only while its
 * prerequisites or the teams' attestations are — it must not keep everything. A run with pending items is resumed
 * later: what its failed and blocked items' passed prerequisites made stays too (the resume runs those items again).
 */
export function pendingWorkNeeds(ledger: Ledger): Map<string, string[]> {
  const pending = Object.entries(ledger.snapshot.items)
    .filter(([, it]) => it.status === 'pending' && it.endedAt)
    .map(([id]) => id);
  const out = new Map<string, string[]>();
  const need = (item: string, by: string) => out.set(item, [...(out.get(item) ?? []), ...(out.get(item)?.includes(by) ? [] : [by])]);
  if (!pending.length) return out;
  try {
    const metas = readSpecMetas();
    for (const id of pending) {
      need(id, id);
      if (metas.find((e) => e.meta.id === id)?.meta.section === 'Sign-off') continue;
      for (const p of prerequisites(metas, id)) need(p, id);
    }
    // a run that ends pending is resumed: its failed / blocked items run again then, on their passed prerequisites'
    // resources (kept: a resume does not re-create what a passed item made)
    for (const [id, it] of Object.entries(ledger.snapshot.items))
      if ((it.status === 'failed' || it.status === 'blocked') && metas.find((e) => e.meta.id === id)?.meta.section !== 'Sign-off')
        for (const p of prerequisites(metas, id)) if (ledger.snapshot.items[p]?.status === 'passed') need(p, `${id} (to run again)`);
  } catch {
    // without the specs' metadata: keep every port-in order's item (the long-running thing pending work waits on)
    for (const id of pending) need(id, id);
    for (const r of ledger.resources()) if (r.kind.startsWith('portin-order')) need(r.item, pending.join(', '));
  }
  return out;
}

/** Item ids in the order the specs run (1, 2, …, 8a, …, 19, add-ons); unknown ones last. */
export function inChecklistOrder(ids: string[]): string[] {
  let order: string[] = [];
  try {
    order = readSpecMetas().map((e) => e.meta.id);
  } catch {
    /* without the specs: as given */
  }
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...ids].sort((a, b) => rank(a) - rank(b));
}

/** The items whose resources must stay (see pendingWorkNeeds). */
export function itemsPendingWorkNeeds(ledger: Ledger): Set<string> {
  return new Set(pendingWorkNeeds(ledger).keys());
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
  // a lookup that fails is unknown, never "not created": the caller leaves the resource in the ledger
  const found = await probe();
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
  // every page (a paged inventory: helpers/inventory); not found in a read cut short is unknown, never "never created"
  const inv = await readInventory(api);
  const lost = inv.numbers.find(
    (n) => n.AssignedSubscriberId === tsuid && !known.has(n.Tnid) && !known.has(n.PhoneNumberId) && !/cancel/i.test(String(n.Status)),
  );
  if (!lost && !inv.complete)
    throw new Error(`the number inventory could not be read completely (${inv.problem}): whether the number was provisioned is unknown`);
  if (!lost) return undefined;
  return {
    id: lost.Tnid ?? lost.Number,
    cleanup: { op: 'POST /v1.0/numbers/status', body: { StatusChange: 'cancel', EffectiveDate: mmddyyyy(), PhoneNumbers: [{ Number: lost.Number }] } },
  };
}
