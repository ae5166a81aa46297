/** The operation-by-operation conformance table: calls made, 2xx answers, checks passed, findings. */
import type { Finding } from '../../protocol/contract';

export interface OpRow {
  op: string;
  calls: number;
  ok2xx: number;
  checks: number;
  checksPassed: number;
  /** distinct findings (by check, pointer and message), errors first */
  findings: Finding[];
  /** the last answer that was not 2xx (status and message), to tell why an operation was never 2xx */
  lastRefusal?: string;
}

export class ConformanceTable {
  private readonly rows = new Map<string, OpRow>();
  constructor(ops: string[]) {
    for (const op of ops) this.rows.set(op, { op, calls: 0, ok2xx: 0, checks: 0, checksPassed: 0, findings: [] });
  }

  call(op: string, status: number, body?: unknown): void {
    const r = this.row(op);
    r.calls++;
    if (status >= 200 && status < 300) r.ok2xx++;
    else r.lastRefusal = `${status} ${String((body as { Message?: unknown } | undefined)?.Message ?? '').slice(0, 160)}`.trim();
  }

  /** `checks` named checks ran for the operation; `findings` is what they found */
  judged(op: string, checks: number, findings: Finding[]): void {
    const r = this.row(op);
    r.checks += checks;
    const failedChecks = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.check)).size;
    r.checksPassed += Math.max(0, checks - failedChecks);
    for (const f of findings) {
      const row = this.row(f.op ?? op);
      if (!row.findings.some((x) => x.check === f.check && x.pointer === f.pointer && x.message === f.message)) row.findings.push(f);
    }
  }

  private row(op: string): OpRow {
    let r = this.rows.get(op);
    if (!r) this.rows.set(op, (r = { op, calls: 0, ok2xx: 0, checks: 0, checksPassed: 0, findings: [] }));
    return r;
  }

  list(): OpRow[] {
    return [...this.rows.values()];
  }

  errors(): Finding[] {
    return this.list().flatMap((r) => r.findings.filter((f) => f.severity === 'error'));
  }

  covered(): string[] {
    return this.list()
      .filter((r) => r.ok2xx > 0)
      .map((r) => r.op);
  }
}

/** the table as text: one line per operation, then each error finding under its operation */
export function renderTable(rows: OpRow[]): string {
  const w = Math.max(9, ...rows.map((r) => r.op.length));
  const head = `${'operation'.padEnd(w)}  calls    2xx  checks passed  errors  warnings`;
  const lines = [head, '-'.repeat(head.length)];
  for (const r of rows) {
    const errs = r.findings.filter((f) => f.severity === 'error');
    const warns = r.findings.length - errs.length;
    lines.push(
      `${r.op.padEnd(w)}  ${String(r.calls).padStart(5)}  ${String(r.ok2xx).padStart(5)}  ${`${r.checksPassed}/${r.checks}`.padStart(13)}  ${String(errs.length).padStart(6)}  ${String(warns).padStart(8)}`,
    );
    for (const f of errs.slice(0, 5)) lines.push(`    ✗ ${f.check}${f.pointer ? ` ${f.pointer}` : ''}: ${f.message}`);
    if (errs.length > 5) lines.push(`    … ${errs.length - 5} more (reports/sweep.json)`);
  }
  return lines.join('\n');
}
