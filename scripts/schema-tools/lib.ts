/* Shared helpers for the schema tools (generator, example checker, rulings renderer). */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const VENDOR_DOC = path.resolve(REPO_ROOT, '..', 'shared', 'reference', 'telegent-openapi.json');
export const PROJECT_DOC = path.join(REPO_ROOT, 'schemas', 'telegent.openapi.json');
export const RULINGS = path.join(REPO_ROOT, 'schemas', 'rulings.json');
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export type Json = any;

export function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Write JSON atomically (temp file in the same folder, then rename) so readers never see a partial file. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeTextAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

export function writeTextAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export interface OpRef {
  key: string;
  method: string;
  path: string;
  op: Json;
}

export function operations(doc: Json): OpRef[] {
  const out: OpRef[] = [];
  for (const [p, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const m of HTTP_METHODS) {
      if (item[m]) out.push({ key: `${m.toUpperCase()} ${p}`, method: m.toUpperCase(), path: p, op: item[m] });
    }
  }
  return out;
}

/** The `application/json` examples of a response, as [name, value] pairs. */
export function responseExamples(op: Json, status = '200'): Array<[string, unknown]> {
  const c = op.responses?.[status]?.content?.['application/json'];
  if (!c) return [];
  const out: Array<[string, unknown]> = [];
  if (c.example !== undefined) out.push(['example', c.example]);
  for (const [name, ex] of Object.entries<Json>(c.examples ?? {})) {
    if (ex && 'value' in ex) out.push([name, ex.value]);
  }
  return out;
}

export function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}
