/**
 * The item lifecycle: one checklist item's tests wrapped in a serial describe — its metadata as an annotation (the
 * report's item table comes from here), scope → not-applicable, prerequisites → blocked / pending, a test's manual or
 * pending outcome ending the item, every failure a finding, the item's outcome written to the ledger.
 */
import type { ItemStatus, Ledger } from '../ledger';
import { gateItem, itemTestTimeoutMs, type ItemMeta, type WaitKind } from '../item';
import type { SuiteConfig } from '../config';
import { itemScopes } from '../spec-registry';
import { test } from './test';
import { testContext } from './context';
import { expectConformant, failureInWords } from './checks';
import { stopRequested } from '../run-lock';

/**
 * Wraps one checklist item's tests: metadata as annotations (the report's item table comes from here),
 * scope → not-applicable, failed prerequisites → blocked, outcome written to the ledger.
 */
export function itemDescribe(meta: ItemMeta, body: () => void): void {
  test.describe.serial(`item ${meta.id}: ${meta.title}`, { annotation: [{ type: 'item', description: JSON.stringify(meta) }] }, () => {
    const outcome = {
      failed: false,
      interrupted: false,
      skipped: undefined as undefined | { status: ItemStatus; reason: string },
      started: 0,
      ran: 0,
    };
    test.beforeEach(async ({ config, ledger }, testInfo) => {
      if (!outcome.started) outcome.started = Date.now();
      // + two reconciliation settles: a billable create answered ambiguously twice is looked up, not cut off mid-lookup
      testInfo.setTimeout(itemTestTimeoutMs(meta, waitBudget(config)) + 2 * config.reconcileSettleMs);
      const snapshot = ledger.reload().snapshot;
      const gate = gateItem(meta, config.scope, snapshot.items, itemScopes(), { resume: config.resume });
      if (gate) {
        testInfo.annotations.push({ type: gate.status, description: gate.reason });
        outcome.skipped = { status: gate.status === 'resumed' ? 'passed' : gate.status, reason: gate.reason };
        test.skip(true, `${gate.status}: ${gate.reason}`);
      }
      // an earlier test of this item failed: the later ones do not run (Playwright's serial mode, kept when the worker is)
      if (outcome.failed) test.skip(true, 'an earlier test of this item failed');
      // an earlier test of this item ended it `manual` or `pending`: the later ones wait with it (they do not run)
      if (outcome.skipped && !outcome.failed) {
        testInfo.annotations.push({ type: outcome.skipped.status, description: outcome.skipped.reason });
        test.skip(true, `${outcome.skipped.status}: ${outcome.skipped.reason}`);
      }
    });
    test.afterEach(async ({ config }, testInfo) => {
      outcome.ran++;
      // the run was stopped (SIGINT / SIGTERM via npm run certify): the item did not end — no finding, never passed
      if (testInfo.status === 'interrupted') outcome.interrupted = true;
      else if (testInfo.status !== testInfo.expectedStatus && testInfo.status !== 'skipped') {
        outcome.failed = true;
        // every failure is a finding in the report, named by what the test proves and what was observed
        const words = failureInWords(String(testInfo.error?.message ?? 'failed'), testInfo.title);
        testContext()?.evidence.finding({
          check: `item ${meta.id}`,
          severity: 'error',
          pointer: '',
          ...words,
          basis: `seed 001 Phase 3 checklist item ${meta.id}`,
        });
      }
      // the matrix's runs: a failure keeps the worker (it is still `failed` in the sign-off: config.keepWorkerOnFailure)
      if (config.keepWorkerOnFailure && testInfo.status === 'failed') testInfo.expectedStatus = 'failed';
      const late = testInfo.annotations.find((a) => a.type === 'pending' || a.type === 'manual');
      if (late && !outcome.skipped) outcome.skipped = { status: late.type as ItemStatus, reason: late.description ?? '' };
      const ids = testInfo.annotations.filter((a) => a.type === 'saved-id');
      if (ids.length) {
        await testInfo.attach('ids', {
          body: JSON.stringify(Object.fromEntries(ids.map((a) => a.description!.split('=', 2)))),
          contentType: 'application/json',
        });
      }
      // Every response is validated — also those of calls a step made on its way (probes, lookups, reads):
      // a non-conforming response fails the test even when the step did not assert on it.
      const ev = testContext()?.evidence;
      if (testInfo.status === 'passed' && ev) {
        const unasserted = ev.entries.flatMap((e) => (e.kind === 'http' ? (e.findings ?? []).filter((f) => f.severity === 'error') : []));
        const asserted = new Set(ev.entries.filter((e) => e.kind === 'finding').map((e) => JSON.stringify((e as any).finding)));
        const open = unasserted.filter((f) => !asserted.has(JSON.stringify(f)));
        if (open.length) {
          outcome.failed = true;
          expectConformant(open, 'responses met on the way do not conform to the schema');
        }
      }
    });
    test.afterAll(async ({ ledger }) => {
      // interrupted mid-test, or stopped between two of its tests (the later ones never started: it did not end)
      if (outcome.interrupted || (!outcome.failed && !outcome.skipped && stopRequested(ledger.file)))
        return recordInterrupted(ledger, meta.id, outcome.started);
      const status: ItemStatus = outcome.failed ? 'failed' : (outcome.skipped?.status ?? 'passed');
      if (outcome.skipped?.status === 'passed') return; // resumed: keep the earlier record
      ledger.setItem(meta.id, {
        status,
        reason: outcome.failed ? 'a check failed' : outcome.skipped?.reason,
        startedAt: new Date(outcome.started || Date.now()).toISOString(),
        endedAt: new Date().toISOString(),
        durationMs: outcome.started ? Date.now() - outcome.started : 0,
      });
    });
    body();
  });
}

/**
 * An item the run's stop interrupted: a resumed pending item keeps its earlier record (what it waits on stays protected
 * from cleanup); any other is recorded failed — never passed — and runs again on `--resume`.
 */
function recordInterrupted(ledger: Ledger, id: string, started: number): void {
  if (ledger.itemStatus(id)?.resuming) return;
  ledger.setItem(id, {
    status: 'failed',
    reason: 'interrupted: the run was stopped before the item ended',
    startedAt: new Date(started || Date.now()).toISOString(),
    endedAt: new Date().toISOString(),
    durationMs: started ? Date.now() - started : 0,
  });
}

/** The documented waits an item may declare, from the configuration. */
function waitBudget(cfg: SuiteConfig): Record<WaitKind, number> {
  return {
    webhook: cfg.webhookTimeoutMs,
    portIn: cfg.portInWaitMs,
    cdr: cfg.cdrWaitMs,
    propagation: cfg.propagationWaitMs,
    tokenExpiry: cfg.tokenExpiryWaitMs,
    device: cfg.deviceWaitMs,
    order: cfg.orderWaitMs,
    keepalive: cfg.sipKeepaliveWaitMs,
  };
}
