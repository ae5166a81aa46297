import { notFound, newId, PREFIX } from './util';

export type Rec = Record<string, any> & { _id: string; _dist: string; _acct?: string; _deleted?: boolean; _created: number };

export const COLLECTIONS = [
  'distributors', 'accounts', 'subscribers', 'products', 'packages', 'packageItems', 'subscriptions',
  'messageRoutes', 'voiceRoutes', 'numbers', 'orders', 'messages', 'webhooks', 'messageFilters', 'callFilters',
  'guardianFeatures', 'guardianRelations', 'workgroups', 'workgroupActivities', 'services', 'serviceItems',
  'thresholds', 'thresholdAssignments', 'features', 'featureAssignments', 'sessions', 'sims', 'voicemail',
] as const;
export type Coll = (typeof COLLECTIONS)[number];

export interface Drift {
  isDrift(name: string): boolean;
}

export class Store {
  readonly c: Record<Coll, Map<string, Rec>>;
  /** e164 → number id (live numbers only; cancelled numbers stay until released) */
  readonly byE164 = new Map<string, string>();
  readonly emails = new Map<string, string>(); // lower-case email → subscriber id
  private seq = 0;

  constructor(private drift: Drift) {
    this.c = Object.fromEntries(COLLECTIONS.map((k) => [k, new Map<string, Rec>()])) as any;
  }

  insert(coll: Coll, id: string, dist: string, data: Record<string, any>, acct?: string): Rec {
    const rec = { ...data, _id: id, _dist: dist, _acct: acct, _created: Date.now() + ++this.seq / 1000 } as Rec;
    this.c[coll].set(id, rec);
    return rec;
  }

  /** a record visible to `dist` (404 when unknown, deleted, or owned by another distributor) */
  get(coll: Coll, id: unknown, dist: string, what = 'Resource'): Rec {
    const rec = typeof id === 'string' ? this.c[coll].get(id) ?? this.ci(coll, id) : undefined;
    if (!rec) throw notFound(`${what} ${String(id ?? '')} not found`.replace('  ', ' '));
    if (rec._deleted && !this.drift.isDrift('deleted-resource-served')) throw notFound(`${what} ${id} not found`);
    if (rec._dist !== dist && !this.drift.isDrift('other-account-id-visible')) throw notFound(`${what} ${id} not found`);
    return rec;
  }

  find(coll: Coll, id: unknown): Rec | undefined {
    return typeof id === 'string' ? this.c[coll].get(id) ?? this.ci(coll, id) : undefined;
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
}

export { newId, PREFIX };
