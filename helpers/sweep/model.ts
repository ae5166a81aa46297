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

  add(r: ModelResource): void {
    const list = this.live.get(r.kind) ?? [];
    const i = list.findIndex((x) => x.id === r.id);
    if (i >= 0) list[i] = { ...list[i], ...r, owned: list[i].owned || r.owned };
    else list.push(r);
    this.live.set(r.kind, list);
  }

  /** a resource of the kind, chosen by `n` (any integer): one this run owns when there is one; `ownedOnly` for operations that change or delete */
  pick(kind: string, n: number, ownedOnly = false): ModelResource | undefined {
    const all = this.live.get(kind) ?? [];
    const owned = all.filter((r) => r.owned);
    const list = owned.length || ownedOnly ? owned : all;
    return list.length ? list[Math.abs(n) % list.length] : undefined;
  }

  /** an owned resource of the kind that satisfies `where` */
  pickWhere(kind: string, n: number, where: (r: ModelResource) => boolean): ModelResource | undefined {
    const list = (this.live.get(kind) ?? []).filter((r) => r.owned && where(r));
    return list.length ? list[Math.abs(n) % list.length] : undefined;
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
