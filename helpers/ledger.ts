/**
 * Run ledger: `reports/run-state.json`, rewritten atomically after every step.
 * It holds the IDs the checklist says to save, every resource the run created (written BEFORE the create
 * call is sent, so a crash leaves a trace `npm run cleanup` can follow), and each item's outcome, so a later
 * `--resume` run can pick up a port-in that stays open for days.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { redact } from '../protocol/redact';

export type ItemStatus = 'passed' | 'failed' | 'blocked' | 'not-applicable' | 'pending' | 'manual';

export interface LedgerResource {
  key: string; // unique within the run
  kind: string; // e.g. 'product', 'number', 'portin-order'
  createOp: string;
  id?: string; // the ID the target returned (unknown while the create call is in flight)
  state: 'creating' | 'created' | 'deleted' | 'failed' | 'orphan-check';
  /** How to undo it: an operation key and its request (body or query) — IDs filled in. */
  cleanup?: { op: string; body?: Record<string, unknown>; query?: Record<string, string> };
  /** How to find it if the create call's outcome was lost (e.g. a number by its E.164). */
  lookup?: Record<string, string>;
  item: string;
  createdAt: string;
  cleanupOrder: number; // higher first
  note?: string;
}

export interface LedgerItem {
  status: ItemStatus;
  reason?: string;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  ids: Record<string, string>;
  /**
   * A `--resume` re-runs this pending item: its record (status, end time, IDs) is the earlier run's and stays until the
   * item ends again, so what it waits on stays protected if the resume is stopped or killed first.
   */
  resuming?: boolean;
}

export interface LedgerState {
  version: 1;
  runId: string;
  startedAt: string;
  updatedAt: string;
  target: string;
  profile: string;
  resumedFrom?: string;
  ids: Record<string, string>;
  items: Record<string, LedgerItem>;
  resources: LedgerResource[];
  /** Free-form values specs keep across items and resumes (e.g. port-in status history). */
  data: Record<string, unknown>;
}

/** what identifies the file as last read or written here: unchanged → the state in memory is the file's */
const stamp = (st: fs.Stats) => `${st.ino}:${st.size}:${st.mtimeMs}`;
function stampOf(file: string): string | undefined {
  try {
    return stamp(fs.statSync(file));
  } catch {
    return undefined;
  }
}

export class Ledger {
  private state: LedgerState;
  /** the file's stamp when this process last read or wrote it (reload skips the parse when it still matches) */
  private seen?: string;
  constructor(
    public readonly file: string,
    init?: Partial<LedgerState>,
  ) {
    this.state = Ledger.read(file) ?? {
      version: 1,
      runId: crypto.randomUUID(),
      startedAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      target: '',
      profile: '',
      ids: {},
      items: {},
      resources: [],
      data: {},
      ...init,
    };
  }

  static read(file: string): LedgerState | undefined {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as LedgerState;
    } catch {
      return undefined;
    }
  }

  /** Start a new run (or resume): called once by the global setup. */
  static begin(file: string, opts: { target: string; profile: string; resume: boolean }): Ledger {
    const prev = Ledger.read(file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (opts.resume && prev) {
      if (prev.target !== opts.target) throw new Error(`--resume: the ledger belongs to target ${prev.target}, not ${opts.target}`);
      // another profile would make a pending item not-applicable, end its record and let the teardown undo what it waits on
      if (prev.profile && prev.profile !== opts.profile)
        throw new Error(`--resume: the ledger's run used profile ${prev.profile}, not ${opts.profile} (resume with --profile ${prev.profile})`);
      const l = new Ledger(file);
      l.state.resumedFrom = prev.runId;
      // items that did not finish are run again; passed items keep their result and saved IDs. A pending item's record
      // stays (marked resuming) until the item ends in this run: a resume killed before then still protects what it waits on
      for (const [id, it] of Object.entries(l.state.items)) {
        if (it.status === 'pending' && it.endedAt) it.resuming = true;
        else if (it.status !== 'passed') delete l.state.items[id];
      }
      l.flush();
      return l;
    }
    if (prev && prev.resources.some((r) => r.state === 'created' || r.state === 'creating')) {
      const keep = `${file.replace(/\.json$/, '')}.${prev.runId}.json`;
      fs.copyFileSync(file, keep); // a crashed run's leftovers stay available to `npm run cleanup --ledger`
    }
    const l = new Ledger(file + '.fresh');
    l.state.target = opts.target;
    l.state.profile = opts.profile;
    (l as unknown as { file: string }).file = file;
    l.flush();
    try {
      fs.unlinkSync(file + '.fresh');
    } catch {
      /* never written */
    }
    return l;
  }

  get runId() {
    return this.state.runId;
  }
  get snapshot(): Readonly<LedgerState> {
    return this.state;
  }

  /** Re-read from disk (another process — a previous worker — may have written); a file unchanged since this
   *  process last read or wrote it is not parsed again. */
  reload(): this {
    const now = stampOf(this.file);
    if (now !== undefined && now === this.seen) return this;
    const s = Ledger.read(this.file);
    if (s) this.state = s;
    this.seen = s ? now : undefined;
    return this;
  }

  flush(): void {
    this.state.updatedAt = new Date().toISOString();
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const written = redact(this.state);
    fs.writeFileSync(tmp, JSON.stringify(written, null, 2));
    fs.renameSync(tmp, this.file);
    this.state = written; // what the file holds (as a reload would read it), so the next reload can skip the parse
    this.seen = stampOf(this.file);
  }

  saveId(item: string, name: string, value: string): void {
    this.reload();
    this.state.ids[name] = value;
    const it = (this.state.items[item] ??= { status: 'pending', ids: {} });
    it.ids[name] = value;
    this.flush();
  }

  id(name: string): string | undefined {
    return this.state.ids[name];
  }

  requireId(name: string): string {
    const v = this.reload().state.ids[name];
    if (!v) throw new Error(`the ledger holds no ${name}: the item that saves it has not passed`);
    return v;
  }

  setData(key: string, value: unknown): void {
    this.reload();
    this.state.data[key] = value;
    this.flush();
  }
  /** Append to a list kept in the ledger (e.g. the run's traffic, for CDR reconciliation). */
  appendData(key: string, value: unknown): void {
    this.reload();
    const list = (this.state.data[key] as unknown[] | undefined) ?? [];
    list.push(value);
    this.state.data[key] = list;
    this.flush();
  }
  getData<T>(key: string): T | undefined {
    return this.reload().state.data[key] as T | undefined;
  }

  /** Record a resource BEFORE its create call is sent; returns its key. */
  intend(r: Omit<LedgerResource, 'key' | 'state' | 'createdAt' | 'cleanupOrder'> & { cleanupOrder?: number }): string {
    this.reload();
    const key = `${r.kind}-${this.state.resources.length + 1}-${crypto.randomBytes(3).toString('hex')}`;
    this.state.resources.push({ cleanupOrder: 0, ...r, key, state: 'creating', createdAt: new Date().toISOString() });
    this.flush();
    return key;
  }

  update(key: string, patch: Partial<LedgerResource>): void {
    this.reload();
    const r = this.state.resources.find((x) => x.key === key);
    if (!r) throw new Error(`ledger: no resource ${key}`);
    Object.assign(r, patch);
    this.flush();
  }

  resources(): LedgerResource[] {
    return this.reload().state.resources;
  }

  itemStatus(id: string): LedgerItem | undefined {
    return this.reload().state.items[id];
  }

  setItem(id: string, patch: Partial<LedgerItem>): void {
    this.reload();
    const it = (this.state.items[id] ??= { status: 'pending', ids: {} });
    Object.assign(it, patch);
    if (patch.endedAt) delete it.resuming; // the item ended in this run: its new record replaces the earlier one
    this.flush();
  }
}
