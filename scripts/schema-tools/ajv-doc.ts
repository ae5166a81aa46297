/*
 * Minimal ajv loader for the project document, used by the schema tools and selftest/schemas.
 * (protocol/contract/ is the suite's real validator; this one exists so schemas/ can be checked on its own.)
 * OpenAPI `nullable: true` is handled by ajv's built-in `nullable` keyword (type + nullable; enums list null).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Json } from './lib';

export function makeAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'float', 'double']) ajv.addFormat(f, true);
  return ajv;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class DocValidator {
  readonly ajv = makeAjv();
  private cache = new Map<string, ValidateFunction>();
  constructor(
    readonly doc: Json,
    private id = 'project-doc',
  ) {
    this.ajv.addSchema({ ...doc, $id: id });
  }
  response(method: string, path: string, status = '200'): ValidateFunction {
    const ptr = `${this.id}#/paths/${escape(path)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    let v = this.cache.get(ptr);
    if (!v) {
      v = this.ajv.getSchema(ptr);
      if (!v) throw new Error(`no schema at ${ptr}`);
      this.cache.set(ptr, v);
    }
    return v;
  }
}
