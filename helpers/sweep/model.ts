/**
 * The sweep's model of what exists on the target: per ID kind the resources this run created (owned) or met
 * in a read (not owned: read, never changed or deleted), and the phone numbers the run provisioned.
 * A fresh model starts every generated sequence; the target keeps what earlier sequences created (the ledger
 * undoes it at the end).
 */
export type Obj = Record<string, any>;

export interface ModelResource {
  kind: string;
  id: string;
  owned: boolean;
  /** what the create call returned (read-back baseline) */
  created?: Obj;
  createOp?: string;
  /** for numbers: the E.164, TNID and ICCID */
  extra?: Obj;
}

export class SweepModel {
  private readonly live = new Map<string, ModelResource[]>();
  readonly deleted: ModelResource[] = [];
  /** things without an ID of their own that exist on a resource (./requires) */
  readonly facts = new Set<string>();

  add(r: ModelResource): void {
    const list = this.live.get(r.kind) ?? [];
    const i = list.findIndex((x) => x.id === r.id);
    if (i >= 0) list[i] = { ...list[i], ...r, owned: list[i].owned || r.owned };
    else list.push(r);
    this.live.set(r.kind, list);
  }

  /**
   * A resource of the kind: the `back`-th most recent one this run owns (0 = the latest: what a sequence just
   * created is what it goes on with), or one it only read when it owns none; `ownedOnly` for changes and deletes.
   */
  pick(kind: string, back: number, ownedOnly = false): ModelResource | undefined {
    const all = this.live.get(kind) ?? [];
    const owned = all.filter((r) => r.owned);
    const list = owned.length || ownedOnly ? owned : all;
    return list.length > back ? list[list.length - 1 - back] : undefined;
  }

  /**
   * The latest resource (not in `exclude`) whose create named the same parents as `chosen` (field → ID) and that
   * the chosen resources name under `field`: a package item of the chosen package, a filter of the chosen subscriber.
   */
  pickConsistent(kind: string, exclude: string[], ownedOnly: boolean, chosen: Record<string, string>, field: string): ModelResource | undefined {
    const all = this.live.get(kind) ?? [];
    const owned = all.filter((r) => r.owned);
    const others = Object.values(chosen).map((id) => [...this.live.values()].flat().find((x) => x.id === id));
    const fits = (r: ModelResource) =>
      Object.entries(chosen).every(([f, id]) => typeof r.created?.[f] !== 'string' || r.created[f] === id) &&
      others.every((o) => typeof o?.created?.[field] !== 'string' || o.created[field] === r.id);
    const list = (owned.length || ownedOnly ? owned : all).filter((r) => fits(r) && !exclude.includes(r.id));
    return list[list.length - 1];
  }

  /** the `i`-th (oldest first) resource of the kind this run owns */
  pickFirst(kind: string, i: number): ModelResource | undefined {
    return (this.live.get(kind) ?? []).filter((r) => r.owned)[i];
  }

  /** the latest owned resource of the kind that satisfies `where` */
  pickWhere(kind: string, where: (r: ModelResource) => boolean): ModelResource | undefined {
    const list = (this.live.get(kind) ?? []).filter((r) => r.owned && where(r));
    return list[list.length - 1];
  }

  has(kind: string, ownedOnly = false): boolean {
    return (this.live.get(kind) ?? []).some((r) => r.owned || !ownedOnly);
  }

  remove(kind: string, id: string): ModelResource | undefined {
    const list = this.live.get(kind) ?? [];
    const i = list.findIndex((x) => x.id === id);
    if (i < 0) return undefined;
    const [r] = list.splice(i, 1);
    this.deleted.push(r);
    return r;
  }

  find(kind: string, id: string): ModelResource | undefined {
    return (this.live.get(kind) ?? []).find((r) => r.id === id);
  }

  kinds(): string[] {
    return [...this.live.keys()].filter((k) => this.has(k));
  }
}
