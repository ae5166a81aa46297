/**
 * The one item registry: the specs' metadata blocks (`export const meta = defineItem({...})`), read statically with the
 * TypeScript compiler API (no Playwright, no regex). Everything else — the item order, the sign-off's checklist rows,
 * prerequisite scopes, the matrix's prerequisites and dependents, the docs' item table — is derived from it.
 * The order of the items is the order of the spec files (their names: 01-…, 08a-…, 19-…, p7-…), as Playwright runs them.
 */
import * as crypto from 'node:crypto';
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

/**
 * The parsed blocks are kept on disk, keyed by the digest of every spec file's name and text (and this module's
 * text): loading the TypeScript compiler costs about half a second in each process that reads the registry (the
 * certify runner, its worker, the reporter, every self-test), the digest a millisecond. Any edit to a spec misses.
 * The file lives in the project's own node_modules/.cache (never a directory other users can write to).
 */
const DISK_CACHE = path.resolve(__dirname, '..', 'node_modules', '.cache', 'telegent-cert', 'spec-registry.json');

function sourcesDigest(sources: Array<[string, string]>): string {
  const h = crypto.createHash('sha256').update(fs.readFileSync(__filename));
  for (const [f, src] of sources) h.update(`\0${f}\0${src}`);
  return h.digest('hex');
}

function readDiskCache(digest: string): ItemMeta[] | undefined {
  try {
    const c = JSON.parse(fs.readFileSync(DISK_CACHE, 'utf8')) as Record<string, ItemMeta[]>;
    return Array.isArray(c[digest]) ? c[digest] : undefined;
  } catch {
    return undefined;
  }
}

function writeDiskCache(digest: string, metas: ItemMeta[]): void {
  const file = DISK_CACHE;
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify({ [digest]: metas })); // one entry: the newest specs
    fs.renameSync(tmp, file);
  } catch {
    /* an unwritable node_modules only costs the next process the parse */
  }
}

export function readSpecMetas(dir = SPECS_DIR): SpecEntry[] {
  const hit = cache.get(dir);
  if (hit) return hit;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.spec.ts'))
    .sort();
  const sources = files.map((f): [string, string] => [f, fs.readFileSync(path.join(dir, f), 'utf8')]);
  const digest = sourcesDigest(sources);
  let metas = readDiskCache(digest);
  if (!metas) {
    metas = sources.map(([f, src]) => metaOfSource(f, src));
    writeDiskCache(digest, metas);
  }
  const entries = files.map((f, i) => ({ file: path.join(dir, f), meta: metas[i] }));
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
