/**
 * The specs' metadata blocks, read statically (without running Playwright): which file holds which item,
 * its prerequisites and its dependents. Used by the drift matrix and the metadata self-test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ItemMeta } from './item';

export const SPECS_DIR = path.resolve(__dirname, '..', 'specs');

export interface SpecEntry {
  file: string;
  meta: ItemMeta;
}

export function readSpecMetas(dir = SPECS_DIR): SpecEntry[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.spec.ts'))
    .sort()
    .map((f) => {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      const m = /export const meta = defineItem\((\{[\s\S]*?\n\})\);/.exec(src);
      if (!m) throw new Error(`${f} does not open with export const meta = defineItem({...})`);
      // the block is a plain object literal of strings and arrays
      const meta = new Function(`return (${m[1]});`)() as ItemMeta;
      return { file: path.join(dir, f), meta };
    });
}

let cachedScopes: Record<string, Pick<ItemMeta, 'scope'>> | undefined;

/** Each item's scope, straight from the specs' metadata blocks (for prerequisite checks across items). */
export function itemScopes(): Record<string, Pick<ItemMeta, 'scope'>> {
  return (cachedScopes ??= Object.fromEntries(readSpecMetas().map((e) => [e.meta.id, { scope: e.meta.scope }])));
}

/** Items that `id` needs, transitively (not including itself). */
export function prerequisites(entries: SpecEntry[], id: string): Set<string> {
  const by = new Map(entries.map((e) => [e.meta.id, e.meta]));
  const out = new Set<string>();
  const walk = (x: string) => {
    for (const d of by.get(x)?.dependsOn ?? []) if (!out.has(d)) (out.add(d), walk(d));
  };
  walk(id);
  return out;
}

/** Items that depend on `id`, transitively (not including itself). */
export function dependents(entries: SpecEntry[], id: string): Set<string> {
  const out = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const e of entries) {
      if (out.has(e.meta.id) || e.meta.id === id) continue;
      if (e.meta.dependsOn.some((d) => d === id || out.has(d))) {
        out.add(e.meta.id);
        grew = true;
      }
    }
  }
  return out;
}
