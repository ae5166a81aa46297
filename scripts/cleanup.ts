/**
 * npm run cleanup [-- --ledger FILE] [-- --dry-run]
 * Deletes or cancels everything the run ledger says a run created and did not clean up — after a normal
 * run (the end of `npm run certify` calls it) or after a crash. Resources are undone in reverse
 * dependency order (subscriptions, then numbers and port-in orders, then routes, packages, products).
 * What the API cannot delete (accounts, subscribers: no delete operation exists) is listed, not hidden.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig, ConfigError } from '../helpers/config';
import { Ledger, type LedgerResource } from '../helpers/ledger';
import { createClient } from '../helpers/client';
import { registerSecret } from '../helpers/redact';
import { mmddyyyy } from '../helpers/dates';

export interface CleanupReport {
  undone: string[];
  failed: string[];
  kept: string[];
}

export async function cleanupLedger(file: string, opts: { baseUrl: string; accountKey: string; accountSecret: string; dryRun?: boolean; log?: (s: string) => void }): Promise<CleanupReport> {
  const log = opts.log ?? ((s: string) => process.stdout.write(`${s}\n`));
  const report: CleanupReport = { undone: [], failed: [], kept: [] };
  if (!fs.existsSync(file)) {
    log(`cleanup: no ledger at ${file}: nothing to do`);
    return report;
  }
  const ledger = new Ledger(file);
  const api = createClient({ baseUrl: opts.baseUrl, accountKey: opts.accountKey, accountSecret: opts.accountSecret });
  const todo = ledger
    .resources()
    .filter((r) => r.state === 'created' || r.state === 'creating')
    .sort((a, b) => b.cleanupOrder - a.cleanupOrder || b.createdAt.localeCompare(a.createdAt));
  for (const r of todo) {
    const label = `${r.kind} ${r.id ?? '(id unknown)'} (item ${r.item})`;
    if (r.state === 'creating' && !r.id) {
      // The create call's outcome was lost: find it by its lookup key before deciding.
      const found = await findLost(api, r, ledger);
      if (!found) {
        ledger.update(r.key, { state: 'deleted', note: 'create never took effect' });
        log(`  ✓ ${label}: never created`);
        continue;
      }
      r.id = found.id;
      r.cleanup = found.cleanup;
    }
    if (!r.cleanup) {
      report.kept.push(label);
      log(`  • ${label}: no delete operation in the API — kept (listed in the report)`);
      continue;
    }
    if (opts.dryRun) {
      log(`  would undo ${label} with ${r.cleanup.op}`);
      continue;
    }
    let res = await api.call(r.cleanup.op, { body: r.cleanup.body, query: r.cleanup.query, validate: false } as any).catch((e: Error) => ({ status: 0, body: e.message }) as any);
    if (res.status !== 200 && r.kind.startsWith('portin-order') && r.lookup?.PhoneNumber) {
      // A completed port-in cannot be cancelled: the number it brought in is cancelled instead.
      res = await api.call('POST /v1.0/numbers/status', {
        body: { StatusChange: 'cancel', EffectiveDate: mmddyyyy(), PhoneNumbers: [{ Number: r.lookup.PhoneNumber }] },
        validate: false,
      } as any);
    }
    const gone = res.status === 200 || res.status === 404 || (res.status === 400 && /cancel|delet/i.test(JSON.stringify(res.body)));
    if (gone) {
      ledger.update(r.key, { state: 'deleted' });
      report.undone.push(label);
      log(`  ✓ ${label}: ${r.cleanup.op} → ${res.status}`);
    } else {
      report.failed.push(label);
      log(`  ✗ ${label}: ${r.cleanup.op} → ${res.status}`);
    }
  }
  return report;
}

/**
 * A create whose outcome was lost (the run died while the call was in flight): look for it on the target.
 * Numbers: an inventory entry assigned to the run's subscriber that the ledger does not know yet.
 */
async function findLost(api: ReturnType<typeof createClient>, r: LedgerResource, ledger: Ledger): Promise<{ id: string; cleanup?: LedgerResource['cleanup'] } | undefined> {
  if (!r.kind.startsWith('number')) return undefined;
  const tsuid = ledger.snapshot.ids.TSUID;
  if (!tsuid) return undefined;
  const known = new Set(ledger.resources().map((x) => x.id).filter(Boolean));
  const res = await api.call('GET /v1.0/numbers/inventory', { query: { PageNumber: '1', TotalNumbersRequested: '500' } });
  const list: any[] = (res.body as any)?.PhoneNumbers ?? [];
  const lost = list.find((n) => n.AssignedSubscriberId === tsuid && !known.has(n.Tnid) && !known.has(n.PhoneNumberId) && !/cancel/i.test(String(n.Status)));
  if (!lost) return undefined;
  return { id: lost.Tnid ?? lost.Number, cleanup: { op: 'POST /v1.0/numbers/status', body: { StatusChange: 'cancel', EffectiveDate: mmddyyyy(), PhoneNumbers: [{ Number: lost.Number }] } } };
}


async function main() {
  const args = process.argv.slice(2);
  let cfg;
  try {
    cfg = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  registerSecret(cfg.accountSecret);
  const i = args.indexOf('--ledger');
  const file = i >= 0 ? path.resolve(args[i + 1]) : path.join(cfg.reportDir, 'run-state.json');
  const baseUrl = cfg.baseUrl;
  if (!baseUrl) {
    process.stderr.write('cleanup: the embedded sandbox keeps nothing after its run ends; set TELEGENT_BASE_URL to clean a standalone sandbox or a real target\n');
    process.exit(0);
  }
  const rep = await cleanupLedger(file, { baseUrl, accountKey: cfg.accountKey, accountSecret: cfg.accountSecret, dryRun: args.includes('--dry-run') });
  process.stdout.write(`cleanup: ${rep.undone.length} undone, ${rep.failed.length} failed, ${rep.kept.length} kept (no delete operation)\n`);
  process.exit(rep.failed.length ? 1 : 0);
}

if (require.main === module) void main();
