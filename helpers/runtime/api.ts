/**
 * The validating API client as the specs get it: every call lands in the running test's evidence, every answer is
 * also judged for what it MEANS (the semantic observer), and billable operations are guarded on production.
 */
import { createClient, type ApiClient } from '../client';
import { getOperation, SemanticObserver, type Finding, type NumberState, type NumberStateStore } from '../../protocol/contract';
import type { SuiteConfig } from '../config';
import type { Ledger } from '../ledger';
import { isProductionTarget } from '../production';
import type { RunContext } from './run';
import { testContext } from './context';

/**
 * The worker's semantic observer: an order's earlier statuses come from the ledger (a resumed run continues them); so
 * do the numbers' states, so a worker started after a failed test still knows what each number was — those of this
 * invocation only (`since`: a number read days before a --resume may have moved for reasons of its own).
 */
export function createObserver(ledger: Ledger, since: number): SemanticObserver {
  return new SemanticObserver({
    orderHistory: (id) => (ledger.getData<{ orderId: string; status: string; at: string }[]>('portStatuses') ?? []).filter((o) => o.orderId === id),
    numberStates: ledgerNumberStates(ledger, since),
  });
}

type StoredNumberState = NumberState & { at: number };

/** number states in the ledger's data: read once per observation, its changes written at once (commit) */
function ledgerNumberStates(ledger: Ledger, since: number): NumberStateStore {
  let view: Record<string, StoredNumberState> | undefined;
  let changed = false;
  const current = () => (view ??= { ...(ledger.getData<Record<string, StoredNumberState>>('numberStates') ?? {}) });
  return {
    get: (id) => {
      const s = current()[id];
      return s && s.at >= since ? { status: s.status, asked: s.asked } : undefined;
    },
    set: (id, state) => {
      const old = current()[id];
      if (old && old.at >= since && JSON.stringify([old.status, old.asked]) === JSON.stringify([state.status, state.asked])) return;
      current()[id] = { ...state, at: Date.now() };
      changed = true;
    },
    commit: () => {
      if (changed) ledger.setData('numberStates', view);
      [view, changed] = [undefined, false];
    },
  };
}

/** The semantic findings of a call join its schema findings: a step that asserts on them fails right there. */
function withSemantics(config: SuiteConfig, run: RunContext, observer: SemanticObserver): ApiClient {
  let semantic: Finding[] = [];
  const client = createClient({
    baseUrl: run.targetUrl,
    endpointBase: config.embedded ? undefined : config.apiEndpointBase,
    accountKey: config.accountKey,
    accountSecret: config.accountSecret,
    timeZone: config.platformTimeZone,
    reconcileSettleMs: config.reconcileSettleMs,
    readSettleMs: config.readSettleMs,
    onCall: (rec) => {
      // a call that asked not to be judged (CallOptions.observe false: a probe read a judged read supersedes) is not observed
      semantic = rec.op.includes('oauth2') || rec.unobserved ? [] : observer.observe(rec);
      if (semantic.length) rec.findings = [...rec.findings, ...semantic];
      testContext()?.evidence.http(rec);
    },
  });
  const send = client.call.bind(client);
  client.call = (async (op: string, opts?: any) => {
    semantic = [];
    const res = await send(op, opts);
    if (semantic.length) res.findings = [...res.findings, ...semantic];
    semantic = [];
    return res;
  }) as typeof client.call;
  return client;
}

/** Production safety: billable operations (x-billable) need an explicit allow (npm run gate -- --allow-billable). */
function guardBillable(client: ApiClient, run: RunContext): ApiClient {
  if (!isProductionTarget(run.targetUrl) || run.allowBillable) return client;
  const call = client.call.bind(client);
  client.call = (async (op: string, opts?: any) => {
    if (getOperation(op)?.billable)
      throw new Error(`${op} is billable and the target is production: refused without CERT_ALLOW_BILLABLE=1 (npm run gate -- --allow-billable)`);
    return call(op, opts);
  }) as typeof client.call;
  return client;
}

export function createRunClient(config: SuiteConfig, run: RunContext, observer: SemanticObserver): ApiClient {
  return guardBillable(withSemantics(config, run, observer), run);
}
