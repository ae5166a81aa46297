/**
 * The checklist as the sign-off report lists it — derived from the specs' metadata blocks (the one registry,
 * helpers/spec-registry.ts): the Phase 3 checklist's 25 items in the specs' order, the Phase 7 add-ons, and the
 * production-cutover scope the gate uses by default against a production target. No Playwright import.
 */
import { readSpecMetas, type SpecEntry } from '../helpers/spec-registry';

export type Owner = 'Partner' | 'Joint';

export interface ChecklistEntry {
  id: string;
  section: string;
  title: string;
  owner: Owner;
  dependsOn: string[];
  /** An add-on item (the MVNO guide's Phase 7), not a row of the Phase 3 checklist. */
  addon?: boolean;
}

function entryOf(e: SpecEntry): ChecklistEntry {
  const m = e.meta;
  return { id: m.id, section: m.section ?? '', title: m.title, owner: m.owner, dependsOn: [...m.dependsOn], ...(m.addon ? { addon: true } : {}) };
}

/** Every item a spec defines, in the specs' order: derived from their metadata blocks (helpers/spec-registry.ts). */
export const FULL_CHECKLIST: readonly ChecklistEntry[] = readSpecMetas().map(entryOf);

/** The Phase 3 checklist (seed 001): 25 items, 1–19 with 8a–8f, as the sign-off lists them. */
export const CHECKLIST: readonly ChecklistEntry[] = FULL_CHECKLIST.filter((c) => !c.addon);

/**
 * Phase 7 add-on items (seed 003 §9–§10), selected by CERT_ADDONS=guardian,data-limits; out of scope they are
 * not-applicable and never change a verdict. The sign-off lists them only when they ran in scope.
 */
export const ADDON_CHECKLIST: readonly ChecklistEntry[] = FULL_CHECKLIST.filter((c) => !!c.addon);
export const ADDON_SECTION = 'Phase 7 add-on';
export const ADDON_ITEM_IDS: readonly string[] = ADDON_CHECKLIST.map((c) => c.id);
export const ITEM_IDS: readonly string[] = CHECKLIST.map((c) => c.id);

export function checklistEntry(id: string): ChecklistEntry | undefined {
  return FULL_CHECKLIST.find((c) => c.id === id);
}

/**
 * Phase 4 (production cutover) first-number flow: production account/routes, Product → Package →
 * Subscriber → Number → Subscription, first production SMS out and in. The gate's default scope
 * against a production target; the lead can turn it into a `CERT_PROFILE`.
 */
export const PHASE4_FIRST_NUMBER_ITEMS: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '9', '10', '11'];

/** (kept for scripts/sweep.ts until its import moves to helpers/production) */
export { isProductionTarget } from '../helpers/production';
