/**
 * Compiled validators kept on disk, so a process does not compile again what an earlier one compiled.
 *
 * Every certification starts two processes that validate (the Playwright worker, and the runner hosting the
 * embedded sandbox); each compiled its ≈ 60–130 validators from scratch (≈ 0.3 s of CPU each, on the run's critical
 * path). A validator compiled here is also written as ajv standalone code (https://ajv.js.org/standalone) to
 * node_modules/.cache/telegent-cert/validators/<digest>/, and the next process loads that file instead of compiling.
 * The webhook and CDR schema files (schemas/webhooks, schemas/cdr) are kept the same way, one digest per folder.
 *
 * The digest covers everything that decides the generated code: the schema document as loaded, the source of the
 * converter, the validator module and the formats, ajv's and ajv-formats' versions and this module — any edit is a
 * miss, never a stale validator. A digest folder unused for a week is removed when another is written. The cache is
 * derived data (delete the folder at will); CERT_VALIDATOR_CACHE=0 turns
 * it off, CERT_VALIDATOR_CACHE_DIR puts it elsewhere (the self-tests). Formats are handed to the loaded code as an argument (the same table ajv was given), so a file names no
 * path of this checkout. A file that cannot be written or loaded is compiled in memory as before.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';

/** the expression the generated code reads formats from: the loader's argument (see `wrap`) */
export const FORMATS_ARG = 'formats';

const DEFAULT_ROOT = path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'telegent-cert', 'validators');

/** this process's use of the cache (the self-tests and the bench read it) */
const stats = { loaded: 0, missed: 0, stored: 0 };
export function validatorCacheStats(): Readonly<typeof stats> {
  return { ...stats };
}
const SOURCES = ['convert.ts', 'validate.ts', 'validator-cache.ts', 'formats.ts'].map((f) => path.join(__dirname, f));

export interface ValidatorCache {
  /** the validator stored under `key`, or undefined (a miss, or a file that does not load) */
  load(key: string): ValidateFunction | undefined;
  /** store `v` (compiled by `ajv`, which has code.source on) under `key`; never throws */
  store(key: string, ajv: Ajv, v: ValidateFunction): void;
}

function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return '?';
  }
}

function digestOf(parts: string[]): string {
  const h = crypto.createHash('sha256');
  h.update(`ajv ${versionOf('ajv')} ajv-formats ${versionOf('ajv-formats')} node-abi ${process.versions.modules}\n`);
  for (const f of SOURCES) h.update(fs.existsSync(f) ? fs.readFileSync(f) : `missing ${f}`);
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 24);
}

/**
 * the standalone code, inside a loader that receives the format table and this module's `require` (the code's
 * `require("ajv/dist/runtime/…")` resolves from the project wherever the cache lives) and returns the validator
 */
function wrap(code: string): string {
  return `"use strict";\nmodule.exports = function load(${FORMATS_ARG}, require) {\nconst module = { exports: {} };\n${code.replace(/^"use strict";/, '')}\nreturn module.exports;\n};\n`;
}

/** a digest folder nobody used for this long is removed when a new one is written (old documents' validators) */
const STALE_MS = 7 * 24 * 3600_000;

/** this digest folder marked as used now; the first store of a process removes folders unused for STALE_MS */
function housekeeping(root: string, dir: string, prune: boolean): void {
  try {
    const now = new Date();
    if (fs.existsSync(dir)) fs.utimesSync(dir, now, now);
    if (!prune) return;
    for (const name of fs.readdirSync(root)) {
      const other = path.join(root, name);
      if (other === dir || !/^[0-9a-f]{24}$/.test(name)) continue;
      if (now.getTime() - fs.statSync(other).mtimeMs > STALE_MS) fs.rmSync(other, { recursive: true, force: true });
    }
  } catch {
    /* housekeeping only */
  }
}

const fileName = (key: string) => `${key.replace(/[^A-Za-z0-9_.-]/g, (c) => `~${c.charCodeAt(0).toString(16)}`)}.js`;

/** One cache per schema document (`parts()` names the document; not called when turned off), or undefined when off. */
export function validatorCache(parts: () => string[], formats: Record<string, unknown>): ValidatorCache | undefined {
  if (process.env.CERT_VALIDATOR_CACHE === '0') return undefined;
  const root = process.env.CERT_VALIDATOR_CACHE_DIR || DEFAULT_ROOT;
  const dir = path.join(root, digestOf(parts()));
  let used = false;
  let pruned = false;
  return {
    load(key) {
      if (!used) housekeeping(root, dir, false);
      used = true;
      const file = path.join(dir, fileName(key));
      let v: unknown;
      try {
        if (fs.existsSync(file)) v = (require(file) as (f: Record<string, unknown>, r: NodeJS.Require) => unknown)(formats, require);
      } catch {
        v = undefined;
      }
      if (typeof v !== 'function') {
        stats.missed++;
        return undefined;
      }
      stats.loaded++;
      return v as ValidateFunction;
    },
    store(key, ajv, v) {
      try {
        const standaloneCode = require('ajv/dist/standalone').default as (a: Ajv, v: ValidateFunction) => string;
        const code = wrap(standaloneCode(ajv, v));
        fs.mkdirSync(dir, { recursive: true });
        if (!pruned) housekeeping(root, dir, true);
        pruned = used = true;
        const file = path.join(dir, fileName(key));
        const tmp = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
        fs.writeFileSync(tmp, code);
        fs.renameSync(tmp, file); // atomic: a concurrent process reads the old file or the new one, never half
        stats.stored++;
      } catch {
        /* not cached: the validator in memory is used as it is */
      }
    },
  };
}
