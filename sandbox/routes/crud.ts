/** Generic stateful resource engine: create / get / update / delete / list for the long tail of resources. */
import { Ctx, Handler, HandlerMap } from './types';
import { bad, isoOffset, newId, pick, str } from '../util';
import { respond } from '../template';
import type { Coll, Rec } from '../state';
import type { Sandbox } from '../core';

export interface CrudCfg {
  /** drift modes (sandbox/drift/modes-sweep.ts): another ID prefix on create (undefined = the documented one) */
  prefixFor?: (sb: Sandbox) => string | undefined;
  /** drift modes: what the read side serves instead of the stored resource */
  readDrift?: (sb: Sandbox, view: Record<string, unknown>) => Record<string, unknown>;
  coll: Coll;
  what: string;
  idField: string;
  prefix: string;
  create?: string;
  get?: string;
  update?: string;
  del?: string;
  /** extra query/body names that carry the id */
  idAliases?: string[];
  required?: string[];
  /** validate / normalise on create and update; may throw */
  check?(ctx: Ctx, body: any, existing?: Rec): void;
  /** fields added to the stored record on create */
  defaults?(ctx: Ctx, body: any): Record<string, unknown>;
  view?(sb: Sandbox, r: Rec): Record<string, unknown>;
  /** account for the new record */
  accountScoped?: boolean;
  getIsList?: boolean;
  readonlyFields?: string[];
}

export function viewOf(cfg: CrudCfg, sb: Sandbox, r: Rec) {
  const base = { ...r, [cfg.idField]: r._id, AccountId: r._acct ?? r.AccountId ?? null };
  return cfg.view ? { ...base, ...cfg.view(sb, r) } : base;
}

export function idFrom(cfg: CrudCfg, src: Record<string, unknown>): string | undefined {
  return str(pick(src, cfg.idField, ...(cfg.idAliases ?? [])));
}

export function crud(cfg: CrudCfg): HandlerMap {
  const h: HandlerMap = {};
  if (cfg.create) {
    const op = cfg.create;
    h[op] = (ctx) => {
      const { sb, dist, body } = ctx;
      for (const f of cfg.required ?? []) if (body[f] === undefined || body[f] === null || body[f] === '') throw bad(`${f} is required`);
      cfg.check?.(ctx, body);
      const acct = cfg.accountScoped ? sb.account(dist, body.AccountId) : undefined;
      const id = newId(cfg.prefixFor?.(sb) ?? cfg.prefix);
      const data = { ...body, ...(cfg.defaults?.(ctx, body) ?? {}), [cfg.idField]: id };
      if (acct) data.AccountId = acct._id;
      const rec = sb.store.insert(cfg.coll, id, dist, data, acct?._id);
      return respond(op, viewOf(cfg, sb, rec));
    };
  }
  if (cfg.get) {
    const op = cfg.get;
    h[op] = ({ sb, dist, query }) => {
      const id = idFrom(cfg, query);
      if (!id) throw bad(`${cfg.idField} is required`);
      const r = sb.store.get(cfg.coll, id, dist, cfg.what);
      const view = viewOf(cfg, sb, r);
      return respond(op, cfg.readDrift ? cfg.readDrift(sb, view) : view);
    };
  }
  if (cfg.update) {
    const op = cfg.update;
    h[op] = (ctx) => {
      const { sb, dist, body } = ctx;
      const id = idFrom(cfg, body);
      if (!id) throw bad(`${cfg.idField} is required`);
      const r = sb.store.get(cfg.coll, id, dist, cfg.what);
      cfg.check?.(ctx, body, r);
      for (const [k, v] of Object.entries(body)) if (k !== cfg.idField && !(cfg.readonlyFields ?? []).includes(k) && k !== 'AccountId') r[k] = v;
      return respond(op, viewOf(cfg, sb, r));
    };
  }
  if (cfg.del) {
    const op = cfg.del;
    h[op] = deleter(cfg, op);
  }
  return h;
}

export function deleter(cfg: CrudCfg, op: string): Handler {
  return ({ sb, dist, body, query }) => {
    const id = idFrom(cfg, { ...query, ...body });
    if (!id) throw bad(`${cfg.idField} is required`);
    const r = sb.store.get(cfg.coll, id, dist, cfg.what);
    sb.store.remove(cfg.coll, r);
    const statusKey = cfg.idField.replace(/Id$/, 'Status');
    return respond(op, { ...viewOf(cfg, sb, r), [statusKey]: 'Deleted', Status: 'Deleted', Successful: true, DateDeleted: isoOffset(sb.now()) });
  };
}

/** list with the vendor's Filter query (Active | Inactive | All) */
export function filterActive(query: Record<string, string>) {
  const f = String(pick(query, 'Filter') ?? 'All').toLowerCase();
  return (r: Rec) => (f === 'active' ? r.Active !== false : f === 'inactive' ? r.Active === false : true);
}

/**
 * A record by its ID — or, under drift mode `mode` (hunt 5: product-unknown-id-200, message-route-unknown-id-200,
 * voice-route-unknown-id-200), the distributor's latest record of the collection when the ID names none (a lookup
 * that falls back to "the newest row" instead of answering 404).
 */
export function getOrLatest(sb: Sandbox, coll: Coll, id: string, dist: string, what: string, mode: string): Rec {
  try {
    return sb.store.get(coll, id, dist, what);
  } catch (e) {
    const latest = sb.store.list(coll, dist).at(-1);
    if (!sb.drift.isDrift(mode) || !latest) throw e;
    return latest;
  }
}
