import { createHash } from 'node:crypto';
import { bad, notFound, newId, PREFIX } from './util';

export type Rec = Record<string, any> & { _id: string; _dist: string; _acct?: string; _deleted?: boolean; _created: number };

export const COLLECTIONS = [
  'distributors',
  'accounts',
  'subscribers',
  'products',
  'packages',
  'packageItems',
  'subscriptions',
  'messageRoutes',
  'voiceRoutes',
  'numbers',
  'orders',
  'messages',
  'webhooks',
  'messageFilters',
  'callFilters',
  'guardianFeatures',
  'guardianRelations',
  'workgroups',
  'workgroupActivities',
  'services',
  'serviceItems',
  'thresholds',
  'thresholdAssignments',
  'features',
  'featureAssignments',
  'sessions',
  'sims',
  'voicemail',
] as const;
export type Coll = (typeof COLLECTIONS)[number];

export interface Drift {
  isDrift(name: string): boolean;
}

/** what a transaction saw first of each entry: the original value (or none) and its JSON */
type Journal = Map<TrackedMap<any>, Map<string, { orig: unknown; json: string | undefined }>>;

/**
 * A Map that, while a transaction is open (Store.begin), remembers the original of every entry it hands out or
 * changes — through get, iteration, set or delete — so Store.rollback can put exactly those entries back.
 * Records are mutable objects, so handing one out counts as a possible change.
 */
export class TrackedMap<V> extends Map<string, V> {
  journal?: Journal;
  private touch(k: string, v: V | undefined) {
    const j = this.journal;
    if (!j) return;
    let mine = j.get(this);
    if (!mine) j.set(this, (mine = new Map()));
    if (!mine.has(k)) mine.set(k, { orig: v, json: v === undefined ? undefined : JSON.stringify(v) });
  }
  override get(k: string): V | undefined {
    const v = super.get(k);
    if (v !== undefined && typeof v === 'object') this.touch(k, v);
    return v;
  }
  override set(k: string, v: V): this {
    this.touch(k, super.get(k));
    return super.set(k, v);
  }
  override delete(k: string): boolean {
    this.touch(k, super.get(k));
    return super.delete(k);
  }
  override clear(): void {
    for (const [k, v] of super.entries()) this.touch(k, v);
    super.clear();
  }
  override *entries(): MapIterator<[string, V]> {
    for (const [k, v] of super.entries()) {
      if (typeof v === 'object') this.touch(k, v);
      yield [k, v];
    }
  }
  override *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }
  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
  override forEach(cb: (v: V, k: string, m: Map<string, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) cb.call(thisArg, v, k, this);
  }
  /** put back what the journal saw first (original objects keep their identity, their content is restored) */
  rollback(seen: Map<string, { orig: unknown; json: string | undefined }>) {
    for (const [k, { orig, json }] of seen) {
      if (orig === undefined) {
        super.delete(k);
        continue;
      }
      if (typeof orig === 'object' && orig && JSON.stringify(orig) !== json) {
        for (const key of Object.keys(orig)) delete (orig as any)[key];
        Object.assign(orig, JSON.parse(json!));
      }
      super.set(k, orig as V);
    }
  }
}

export class Store {
  readonly c: Record<Coll, TrackedMap<Rec>>;
  /** e164 → number id (live numbers only; cancelled numbers stay until released) */
  readonly byE164 = new TrackedMap<string>();
  readonly emails = new TrackedMap<string>(); // lower-case email → subscriber id
  private seq = 0;
  private journal?: Journal;

  constructor(private drift: Drift) {
    this.c = Object.fromEntries(COLLECTIONS.map((k) => [k, new TrackedMap<Rec>()])) as any;
  }

  private maps(): TrackedMap<any>[] {
    return [...COLLECTIONS.map((k) => this.c[k]), this.byE164, this.emails];
  }

  /** open a transaction: from now on every entry handed out or changed is remembered (server.ts, one per write) */
  begin(): void {
    this.journal = new Map();
    for (const m of this.maps()) m.journal = this.journal;
  }
  /** keep the changes */
  commit(): void {
    for (const m of this.maps()) m.journal = undefined;
    this.journal = undefined;
  }
  /** undo every change since begin() */
  rollback(): void {
    const j = this.journal;
    this.commit();
    if (j) for (const [m, seen] of j) m.rollback(seen);
  }

  insert(coll: Coll, id: string, dist: string, data: Record<string, any>, acct?: string): Rec {
    const rec = { ...data, _id: id, _dist: dist, _acct: acct, _created: Date.now() + ++this.seq / 1000 } as Rec;
    this.c[coll].set(id, rec);
    return rec;
  }

  /** a record visible to `dist` (404 when unknown, deleted, or owned by another distributor) */
  get(coll: Coll, id: unknown, dist: string, what = 'Resource'): Rec {
    const rec = typeof id === 'string' ? (this.c[coll].get(id) ?? this.ci(coll, id)) : undefined;
    if (!rec && typeof id === 'string' && this.foreignForm(coll, id)) throw bad(`${what} ID ${id} is not a valid ${what} ID`);
    if (!rec) throw notFound(`${what} ${String(id ?? '')} not found`.replace('  ', ' '));
    if (rec._deleted && !this.drift.isDrift('deleted-resource-served')) throw notFound(`${what} ${id} not found`);
    if (rec._dist !== dist && !this.drift.isDrift('other-account-id-visible')) throw notFound(`${what} ${id} not found`);
    return rec;
  }

  /**
   * Benign mode strict-id-format: an ID whose prefix is none the platform issues for that kind (no record of the
   * collection carries it) is an invalid value — HTTP 400 (seed 003 §11) — rather than an unknown one (404).
   */
  private foreignForm(coll: Coll, id: string): boolean {
    if (!this.drift.isDrift('strict-id-format')) return false;
    const prefix = /^[A-Za-z]+-/.exec(id)?.[0].toUpperCase();
    let issued = false;
    for (const k of this.c[coll].keys()) {
      issued = true;
      if (prefix && k.toUpperCase().startsWith(prefix)) return false;
    }
    return issued;
  }

  find(coll: Coll, id: unknown): Rec | undefined {
    return typeof id === 'string' ? (this.c[coll].get(id) ?? this.ci(coll, id)) : undefined;
  }

  private ci(coll: Coll, id: string): Rec | undefined {
    // IDs are matched case-insensitively (the vendor's examples mix upper- and lower-case UUIDs)
    const l = id.toLowerCase();
    for (const [k, v] of this.c[coll]) if (k.toLowerCase() === l) return v;
    return undefined;
  }

  list(coll: Coll, dist: string, filter?: (r: Rec) => boolean): Rec[] {
    const out: Rec[] = [];
    for (const r of this.c[coll].values()) if (r._dist === dist && !r._deleted && (!filter || filter(r))) out.push(r);
    return out.sort((a, b) => a._created - b._created);
  }

  remove(coll: Coll, rec: Rec): void {
    rec._deleted = true;
  }

  numberByE164(e164: string): Rec | undefined {
    const id = this.byE164.get(e164);
    return id ? this.c.numbers.get(id) : undefined;
  }

  /** the whole content as plain JSON (see `snapshot`) */
  snapshot(): StoreImage {
    return snapshot(this);
  }
  restore(s: StoreImage): void {
    restore(this, s);
  }
  contentHash(): string {
    return contentHash(this);
  }
}

/**
 * A plain, JSON-serialisable copy of a store's content: every record of every collection (as its JSON text, so a
 * later restore can tell which records changed), the E.164 and e-mail indexes. `JSON.stringify(image)` is a
 * complete persistent form; `restore(store, JSON.parse(text))` brings it back. (server.ts uses it to make every write
 * atomic: snapshot before a mutating handler, restore when it fails.)
 */
export interface StoreImage {
  version: 1;
  collections: Record<string, Array<[string, string]>>; // collection → [id, JSON of the record]
  byE164: Array<[string, string]>;
  emails: Array<[string, string]>;
}

/** (name used by sandbox/persist.ts) */
export type StoreSnapshot = StoreImage;

export function snapshot(store: Store): StoreImage {
  const collections: Record<string, Array<[string, string]>> = {};
  for (const k of COLLECTIONS) collections[k] = [...store.c[k]].map(([id, r]) => [id, JSON.stringify(r)]);
  return { version: 1, collections, byE164: [...store.byE164], emails: [...store.emails] };
}

/**
 * Put the store back to `s`. Records whose content is unchanged keep their object identity; changed ones are
 * rewritten in place (so references held elsewhere, e.g. a pending delivery, stay attached); records created since
 * are removed, removed ones re-added.
 */
export function restore(store: Store, s: StoreImage): void {
  for (const k of COLLECTIONS) {
    const map = store.c[k];
    const want = new Map(s.collections[k] ?? []);
    for (const id of [...map.keys()]) if (!want.has(id)) map.delete(id);
    for (const [id, text] of want) {
      const cur = map.get(id);
      if (cur && JSON.stringify(cur) === text) continue;
      const v = JSON.parse(text) as Rec;
      if (cur) {
        for (const key of Object.keys(cur)) delete (cur as any)[key];
        Object.assign(cur, v);
      } else map.set(id, v);
    }
  }
  replaceMap(store.byE164, s.byE164);
  replaceMap(store.emails, s.emails);
}

function replaceMap(m: Map<string, string>, entries: Array<[string, string]>) {
  m.clear();
  for (const [k, v] of entries) m.set(k, v);
}

/** sha-256 over the store's content (records, indexes); equal hashes = equal content */
export function contentHash(store: Store): string {
  const h = createHash('sha256');
  for (const k of COLLECTIONS) {
    h.update(`#${k}\n`);
    for (const [id, r] of [...store.c[k]].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) h.update(`${id}=${JSON.stringify(r)}\n`);
  }
  h.update(`#byE164\n${JSON.stringify([...store.byE164].sort())}\n#emails\n${JSON.stringify([...store.emails].sort())}`);
  return h.digest('hex');
}

export { newId, PREFIX };
