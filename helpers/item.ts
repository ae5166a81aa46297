/**
 * Checklist item metadata (the test262-style block every spec opens with) and the rules that decide
 * whether an item runs: scope (→ not-applicable) and prerequisites (→ blocked).
 * Pure module: no Playwright import, so the reporter and scripts can use it too.
 */
import { PHASE7_ADDON_TAGS, type ScopeTag } from './profiles';
import type { ItemStatus, LedgerItem } from './ledger';
import type { ItemMeta, WaitKind } from './item-meta';
import { addonOrder, checklistOrder } from './spec-registry';

export type { ItemMeta, ItemOwner, WaitKind } from './item-meta';

/** Base budget of one test (API calls, SIP exchanges) before its documented waits. */
export const BASE_TEST_TIMEOUT_MS = 120_000;

/** A test's timeout: the base budget plus twice each documented wait the item declares (two waits per test at most). */
export function itemTestTimeoutMs(meta: Pick<ItemMeta, 'waits'>, waits: Record<WaitKind, number>, base = BASE_TEST_TIMEOUT_MS): number {
  return base + (meta.waits ?? []).reduce((sum, w) => sum + 2 * (waits[w] ?? 0), 0);
}

/** Checklist order (seed 001): the specs' own order (their file names), from their metadata blocks — one registry. */
export const CHECKLIST_ORDER: string[] = checklistOrder();

/**
 * Add-on items (issue 17): the MVNO guide's Phase 7 (seed 003 §9 data usage thresholds, §10 AI Guardian), certified in the
 * checklist's style but kept OUT of CHECKLIST_ORDER — every "all 25 items passed" rule (matrix, soak, self-tests, the
 * sign-off's 25 rows) stays about the Phase 3 checklist. They run after item 19 and no checklist item depends on them.
 */
export const ADDON_ORDER: string[] = addonOrder();

/** Every item a spec may define: the checklist, then the add-ons. */
export const ITEM_ORDER: string[] = [...CHECKLIST_ORDER, ...ADDON_ORDER];

export function isAddonItem(id: string): boolean {
  return ADDON_ORDER.includes(id);
}

export function defineItem(meta: ItemMeta): ItemMeta {
  if (!ITEM_ORDER.includes(meta.id)) throw new Error(`defineItem: "${meta.id}" is not a checklist item nor an add-on item`);
  for (const d of meta.dependsOn) {
    if (!ITEM_ORDER.includes(d)) throw new Error(`item ${meta.id} depends on unknown item ${d}`);
    if (ITEM_ORDER.indexOf(d) >= ITEM_ORDER.indexOf(meta.id)) throw new Error(`item ${meta.id} depends on later item ${d}`);
  }
  if (isAddonItem(meta.id)) {
    if (meta.addon !== true) throw new Error(`item ${meta.id} is an add-on item: its metadata says addon: true`);
    // an add-on tag no profile includes: out of scope (not-applicable) unless CERT_ADDONS selects it
    if (!meta.scope.some((t) => PHASE7_ADDON_TAGS.includes(t)))
      throw new Error(`add-on item ${meta.id} needs an add-on scope tag (${PHASE7_ADDON_TAGS.join(', ')})`);
  } else if (meta.addon) throw new Error(`item ${meta.id} is a checklist item, not an add-on`);
  return Object.freeze({ ...meta });
}

export function inScope(meta: Pick<ItemMeta, 'scope'>, scope: Set<ScopeTag>): boolean {
  return meta.scope.every((t) => scope.has(t));
}

export type Gate =
  | { status: 'not-applicable'; reason: string }
  | { status: 'blocked'; reason: string }
  | { status: 'resumed'; reason: string }
  | { status: 'pending'; reason: string }
  | undefined;

/**
 * Decide, before an item's tests run, whether it runs at all.
 * `registry` maps item id → its scope (to ignore prerequisites that are themselves out of scope).
 */
export function gateItem(
  meta: ItemMeta,
  scope: Set<ScopeTag>,
  itemsInLedger: Record<string, LedgerItem | undefined>,
  registry: Record<string, Pick<ItemMeta, 'scope'>>,
  opts: { resume: boolean; resumedRunId?: string },
): Gate {
  if (!inScope(meta, scope)) {
    const missing = meta.scope.filter((t) => !scope.has(t));
    return { status: 'not-applicable', reason: `out of scope for this profile (needs: ${missing.join(', ')})` };
  }
  const mine = itemsInLedger[meta.id];
  if (opts.resume && mine?.status === 'passed') return { status: 'resumed', reason: `passed in an earlier run of this ledger` };
  const waiting: string[] = [];
  for (const dep of meta.dependsOn) {
    const depMeta = registry[dep];
    if (depMeta && !inScope(depMeta, scope)) continue;
    const st: ItemStatus | undefined = itemsInLedger[dep]?.status;
    // a prerequisite still waiting on the outside world makes its dependents wait too (never blocked, never failed)
    if (st === 'pending') waiting.push(dep);
    else if (st !== 'passed') return { status: 'blocked', reason: `prerequisite item ${dep} ${st ? `is ${st}` : 'did not run'}` };
  }
  if (waiting.length)
    return { status: 'pending', reason: `waiting on prerequisite item ${waiting.join(', ')} (pending): resume later with npm run certify -- --resume` };
  return undefined;
}
