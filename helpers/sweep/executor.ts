/**
 * The real side of the model-based run: sends one operation's request, judges the answer with the named checks,
 * feeds the semantic observer, keeps the ledger and the model up to date, and runs the follow-up checks.
 */
import type { TelegentClient } from '../client';
import { getOperation, type Finding } from '../../protocol/contract';
import { SemanticObserver } from '../../protocol/contract/semantics';
import type { Ledger } from '../ledger';
import { authProbes, readAfterCreate, readAfterDelete, type FollowUp } from './followups';
import type { OpNode } from './graph';
import { harvest } from './harvest';
import { judgeAnswer, observable } from './judge';
import { intendCreate, recordCreate, recordUndone } from './ledger';
import type { Obj, SweepModel } from './model';
import { buildRequest, type BuiltRequest } from './request';
import { remember, satisfied } from './requires';
import type { ConformanceTable } from './table';
import { numberFactsAfter, numberStateAfter } from './variants';

export interface ExecutorOptions {
  client: TelegentClient;
  ledger: Ledger;
  table: ConformanceTable;
  /** billable operations may be sent (false on a production target without the explicit allow) */
  billableAllowed: boolean;
  /** undo what the ledger holds after every sequence (keeps the target and the ledger small) */
  afterSequence?: () => Promise<void>;
  /** partner-side events on a sandbox target (a device attaching); undefined on a real target */
  deviceAttach?: (phone: string, numberType: string) => Promise<void>;
  log?: (line: string) => void;
}

/** thrown inside a generated sequence when an answer raises an error finding not reported before */
export class NewFinding extends Error {
  constructor(readonly finding: Finding) {
    super(`${finding.op ?? ''} ${finding.check}: ${finding.message}`);
  }
}

export class SweepExecutor {
  private observer = new SemanticObserver();
  private uniq = 0;
  private readonly probed = new Set<string>();
  /** error findings already reported (op + check): a sequence fails only on a new one */
  readonly known = new Set<string>();
  /** false once the budget is spent: no command applies any more (ends a run and any shrinking) */
  active = true;
  /** subscribers a transfer moved: the observer still files them under the account they were created in */
  private readonly moved = new Set<string>();

  constructor(private readonly o: ExecutorOptions) {}

  /** a new sequence: the observer forgets what earlier sequences wrote (their resources were undone since) */
  beginSequence(): void {
    this.observer = new SemanticObserver();
    this.moved.clear();
  }

  mutates(node: OpNode): boolean {
    return node.op.startsWith('POST ') && !node.creates;
  }

  build(node: OpNode, n: number, model: SweepModel): BuiltRequest | undefined {
    if (!this.active) return undefined;
    if (!this.o.billableAllowed && getOperation(node.op)?.billable) return undefined;
    const req = buildRequest(node.op, { model, n, uniq: `${process.pid % 1000}${++this.uniq}`, ownedOnly: this.mutates(node) });
    return req && satisfied(node.op, req.uses, model) ? req : undefined;
  }

  async execute(node: OpNode, n: number, model: SweepModel): Promise<void> {
    const req = this.build(node, n, model);
    if (!req) return;
    if (node.op === 'POST /v1.0/numbers/device-details' && this.o.deviceAttach && req.uses.phone) {
      await this.o.deviceAttach(req.uses.phone, String(model.find('phone', req.uses.phone)?.extra?.NumberType ?? 'mvno')).catch(() => undefined);
    }
    const key = intendCreate(this.o.ledger, node, req.body);
    const res = await this.o.client.call(node.op, { body: req.body, query: req.query, validate: false }).catch((e: Error) => e);
    if (res instanceof Error) return this.lost(node, key, res);
    const ok = res.status >= 200 && res.status < 300;
    if (key) recordCreate(this.o.ledger, key, node, req.body, (res.body ?? {}) as Obj, ok);
    this.o.table.call(node.op, res.status, res.body);
    const judged = judgeAnswer({ op: node.op, status: res.status, contentType: res.headers['content-type'], request: req, body: res.body }, !!node.creates);
    const semantic = (observable(node) ? this.observer.observe({ op: node.op, status: res.status, request: req, response: { body: res.body } }) : []).filter(
      (f) => ![...this.moved].some((id) => f.message.includes(id)),
    );
    const findings = [...judged.findings, ...semantic];
    this.o.table.judged(node.op, judged.checks + 1, findings);
    if (ok) await this.after(node, req, res.body as Obj, model, findings);
    this.raiseNew(findings);
  }

  private async after(node: OpNode, req: BuiltRequest, body: Obj, model: SweepModel, findings: Finding[]): Promise<void> {
    harvest(node, model, req.body, body);
    remember(node.op, req.uses, model);
    recordUndone(this.o.ledger, node.op, req);
    const phone = req.uses.phone ? model.find('phone', req.uses.phone) : undefined;
    const state = numberStateAfter(node.op, req.body);
    if (phone) phone.extra = { ...phone.extra, ...numberFactsAfter(node.op), ...(state ? { status: state } : {}) };
    if (node.op === 'POST /v1.0/subscribers/transfer' && req.uses.subscriber) this.moved.add(req.uses.subscriber);
    // a number cancelled or ported out takes its voicemail with it: nothing left to undo for it
    if ((state === 'Cancelled' || state === 'PortingOut') && req.uses.phone)
      recordUndone(this.o.ledger, 'POST /v1.0/numbers/voicemail/delete', { body: { PhoneNumber: req.uses.phone } });
    const follow: FollowUp[] = [];
    const idField = Object.keys(node.produces).find((f) => node.produces[f] === node.creates);
    const id = idField ? body?.[idField] : undefined;
    if (node.creates && typeof id === 'string')
      follow.push(...[await readAfterCreate(this.o.client, node, id, body, req.body)].filter((x): x is FollowUp => !!x));
    if (node.deletes && req.uses[node.deletes]) {
      const gone = req.uses[node.deletes];
      model.remove(node.deletes, gone);
      const f = await readAfterDelete(this.o.client, node.deletes, gone);
      if (f) follow.push(f);
    }
    if (node.op.startsWith('GET ') && !this.probed.has(node.op)) {
      this.probed.add(node.op);
      follow.push(...(await authProbes(this.o.client, node.op, req.query)));
    }
    for (const f of follow) {
      this.o.table.judged(f.op, f.checks, f.findings);
      findings.push(...f.findings);
    }
  }

  /** a call whose outcome is unknown (billable, not resent blind): the ledger keeps it for cleanup to look up */
  private lost(node: OpNode, key: string | undefined, e: Error): void {
    if (key) this.o.ledger.update(key, { state: 'orphan-check', note: e.message.slice(0, 200) });
    this.o.table.call(node.op, 0);
    this.o.table.judged(node.op, 1, [
      { check: 'callCompleted', severity: 'warning', op: node.op, pointer: '', expected: 'an answer', actual: e.name, message: e.message.slice(0, 200) },
    ]);
  }

  private raiseNew(findings: Finding[]): void {
    const fresh = findings.find((f) => f.severity === 'error' && !this.known.has(`${f.op} ${f.check}`));
    if (fresh) throw new NewFinding(fresh);
  }
}
