/**
 * A fresh run beside a pending one. The last run in this report directory ended PENDING against the same target, and
 * what its pending items wait on is still there (an open port-in for days, the numbers a CDR cycle is about). A fresh
 * run would submit a second port-in for the same number, which the platform refuses (one open port-in per number,
 * seed 003 §8.2), and fail item 8b on the suite's own leftovers. `certify` refuses it before any call and names
 * the ways on: --resume, `npm run cleanup -- --include-pending`, or --fresh (R-fresh-beside-pending).
 */
import * as path from 'node:path';
import { Ledger, type LedgerResource } from './ledger';

export interface PendingRun {
  runId: string;
  updatedAt?: string;
  items: string[];
  kept: LedgerResource[];
}

/** The pending run this report directory's ledger holds for `target`, or undefined (none, another target, nothing kept). */
export function pendingRunOf(ledgerFile: string, target: string): PendingRun | undefined {
  const state = Ledger.read(ledgerFile);
  if (!state || state.target !== target) return undefined;
  const items = Object.entries(state.items ?? {})
    .filter(([, it]) => it.status === 'pending' && it.endedAt)
    .map(([id]) => id);
  const live = (state.resources ?? []).filter((r) => r.state === 'created' || r.state === 'creating');
  if (!items.length || !live.length) return undefined;
  const { itemsPendingWorkNeeds, inChecklistOrder } = require('./cleanup') as typeof import('./cleanup'); // only when there is one
  const needs = itemsPendingWorkNeeds(new Ledger(ledgerFile));
  const kept = live.filter((r) => needs.has(r.item));
  return kept.length ? { runId: state.runId, updatedAt: state.updatedAt, items: inChecklistOrder(items), kept } : undefined;
}

/** The refusal's lines: what waits, what it holds on the target, and the three ways on. */
export function pendingRunProblems(p: PendingRun, ledgerFile: string): string[] {
  const shown = (r: LedgerResource) => `${r.kind}${r.id ? ` ${r.id}` : ''} (item ${r.item})`;
  const ports = p.kept.filter((r) => r.kind.startsWith('portin-order'));
  const held = [...ports, ...p.kept.filter((r) => !ports.includes(r))].slice(0, 3).map(shown);
  const more = p.kept.length > held.length ? ` and ${p.kept.length - held.length} more` : '';
  const dir = path.dirname(ledgerFile);
  const named = dir === path.resolve('reports') ? '' : ` — each with CERT_REPORT_DIR=${dir}`;
  return [
    `the last run in ${ledgerFile} (${p.runId}${p.updatedAt ? `, ${p.updatedAt}` : ''}) is PENDING on this target: item(s) ${p.items.join(', ')} wait, and the target still holds what they need — ${held.join(', ')}${more}`,
    `continue it: npm run certify -- --resume · or give it up first: npm run cleanup -- --include-pending · or start a new run beside it: npm run certify -- --fresh (what it keeps stays on the target${ports.length ? '; a second port-in for the same number is refused by the platform' : ''})${named}`,
  ];
}
