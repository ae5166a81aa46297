/**
 * The one item registry: the specs' metadata blocks (`export const meta = defineItem({...})`), read statically with the
 * TypeScript compiler API (no Playwright, no regex). Everything else — the item order, the sign-off's checklist rows,
 * prerequisite scopes, the matrix's prerequisites and dependents, the docs' item table — is derived from it.
 * The order of the items is the order of the spec files (their names: 01-…, 08a-…, 19-…, p7-…), as Playwright runs them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ItemMeta } from './item-meta';

export const SPECS_DIR = path.resolve(__dirname, '..', 'specs');

export interface SpecEntry {
  file: string;
  meta: ItemMeta;
}

type TS = typeof import('typescript');

/** A literal of the metadata block (strings, numbers, booleans, arrays, objects) as a value; anything else is refused. */
function literal(ts: TS, node: import('typescript').Expression, where: string): unknown {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isArrayLiteralExpression(node)) return node.elements.map((e) => literal(ts, e, where));
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return literal(ts, node.expression, where);
  if (ts.isObjectLiteralExpression(node)) {
    const out: Record<string, unknown> = {};
    for (const p of node.properties) {
      if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)))
        throw new Error(`${where}: the metadata block holds literals only`);
      out[p.name.text] = literal(ts, p.initializer, `${where}.${p.name.text}`);
    }
    return out;
  }
  throw new Error(`${where}: the metadata block holds literals only (found ${ts.SyntaxKind[node.kind]})`);
}

/** The object literal given to `export const meta = defineItem(...)` in one spec file. */
export function metaOfSource(file: string, src: string): ItemMeta {
  const ts = require('typescript') as TS;
  const sf = ts.createSourceFile(file, src, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      const init = d.initializer;
      if (!ts.isIdentifier(d.name) || d.name.text !== 'meta' || !init || !ts.isCallExpression(init)) continue;
      if (!ts.isIdentifier(init.expression) || init.expression.text !== 'defineItem' || !init.arguments[0]) continue;
      return literal(ts, init.arguments[0], path.basename(file)) as ItemMeta;
    }
  }
  throw new Error(`${path.basename(file)} does not open with export const meta = defineItem({...})`);
}

const cache = new Map<string, SpecEntry[]>();

export function readSpecMetas(dir = SPECS_DIR): SpecEntry[] {
  const hit = cache.get(dir);
  if (hit) return hit;
  const entries = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.spec.ts'))
    .sort()
    .map((f) => ({ file: path.join(dir, f), meta: metaOfSource(f, fs.readFileSync(path.join(dir, f), 'utf8')) }));
  cache.set(dir, entries);
  return entries;
}

/** The Phase 3 checklist's item ids in order (seed 001: 1–19 with 8a–8f). */
export function checklistOrder(dir = SPECS_DIR): string[] {
  return readSpecMetas(dir)
    .filter((e) => !e.meta.addon)
    .map((e) => e.meta.id);
}

/** The add-on items' ids in order (the MVNO guide's Phase 7). */
export function addonOrder(dir = SPECS_DIR): string[] {
  return readSpecMetas(dir)
    .filter((e) => e.meta.addon)
    .map((e) => e.meta.id);
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
    for (const d of by.get(x)?.dependsOn ?? []) {
      if (out.has(d)) continue;
      out.add(d);
      walk(d);
    }
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
