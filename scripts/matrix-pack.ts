/**
 * Packing the matrix: drift modes whose items are independent of one another share one certification.
 *
 * Two modes may share a run when neither's item is the other's item, prerequisite or dependent (so each mode's item,
 * prerequisites and dependents are judged exactly as in a run of its own: an item failed on purpose blocks only its
 * own dependents, and no prerequisite of one mode depends on another mode's item), when neither is cross-cutting (a
 * defect every item's negative checks meet: auth, http; or a mode declared `spill: 'everywhere'`), when neither lets
 * unexpected traffic through beside a CDR mode (`spill: 'traffic'`: the extra records change the batches the CDR mode's
 * defect acts on), and when the operations their descriptions name do not
 * overlap (one mode's defect cannot answer for the other's item). A pack in which any mode is not caught exactly as
 * expected is not judged at all: each of its modes is run again on its own (scripts/matrix.ts), so a mode is never
 * reported missed because of its pack-mates, and a catch in a pack is its own item failing with its own family's finding.
 */
import type { SpecEntry } from '../helpers/spec-registry';
import { prerequisites, dependents } from '../helpers/spec-registry';
import type { DriftMode } from '../sandbox/drift/catalogue';

/** Modes whose defect shows in every item's negative checks: the expected item must fail, others may too. */
export const CROSS_CUTTING = new Set(['auth', 'http']);

export interface DriftPack {
  modes: DriftMode[];
  /** the items each mode's run needs: its prerequisites, its item, its dependents (add-ons only for add-on modes) */
  idsOf: Map<string, Set<string>>;
}

/** the operation keys a mode's description names (none named = any operation) */
export function modeOperations(mode: DriftMode): string[] {
  return [...new Set(mode.description.match(/\b(?:GET|POST) \/v1\.0\/[\w/-]+/g) ?? [])];
}

/** the items a mode's run needs: prerequisites, the item, its dependents (a checklist mode's run leaves add-ons out) */
export function modeItems(specs: SpecEntry[], mode: DriftMode): Set<string> {
  const addonMode = mode.item.startsWith('P7');
  const isAddon = (id: string) => !!specs.find((s) => s.meta.id === id)?.meta.addon;
  const dep = [...dependents(specs, mode.item)].filter((id) => addonMode || !isAddon(id));
  return new Set([...prerequisites(specs, mode.item), mode.item, ...dep]);
}

/** whether two modes can share one certification (see the module comment) */
export function canShare(specs: SpecEntry[], a: DriftMode, b: DriftMode): boolean {
  if (CROSS_CUTTING.has(a.area) || CROSS_CUTTING.has(b.area)) return false;
  if (a.spill === 'everywhere' || b.spill === 'everywhere') return false;
  if ((a.spill === 'traffic' && b.area === 'cdr') || (b.spill === 'traffic' && a.area === 'cdr')) return false;
  if (a.item.startsWith('P7') !== b.item.startsWith('P7')) return false; // add-on scope is a run-wide setting
  if (a.item === b.item || prerequisites(specs, a.item).has(b.item) || dependents(specs, a.item).has(b.item)) return false;
  const opsA = modeOperations(a);
  return !modeOperations(b).some((op) => opsA.includes(op));
}

/**
 * First fit, the modes whose runs need the most items first (they fix the shape of a pack; the small ones fill in).
 * `isolated` puts every mode in a pack of its own (the matrix's `--isolated`).
 */
export function packDriftModes(specs: SpecEntry[], modes: DriftMode[], isolated = false): DriftPack[] {
  const sizes = new Map(modes.map((m) => [m.name, modeItems(specs, m).size]));
  const order = [...modes].sort((x, y) => sizes.get(y.name)! - sizes.get(x.name)! || x.name.localeCompare(y.name));
  const packs: DriftPack[] = [];
  for (const m of order) {
    const fit = isolated ? undefined : packs.find((p) => p.modes.every((o) => canShare(specs, o, m)));
    const pack = fit ?? packs[packs.push({ modes: [], idsOf: new Map() }) - 1];
    pack.modes.push(m);
    pack.idsOf.set(m.name, modeItems(specs, m));
  }
  return packs;
}

/** every item a pack's run needs */
export function packItems(pack: DriftPack): Set<string> {
  return new Set([...pack.idsOf.values()].flatMap((s) => [...s]));
}
