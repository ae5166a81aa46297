/** The findings of one reconciliation: at most `max` listed per check (the counts stay complete), then one info line per capped check. */
import type { CdrFinding } from '../../protocol/cdr/types';

export interface FindingCollector {
  add(f: CdrFinding): void;
  /** the listed findings, followed by a 'cdr.findings-capped' line for every check that went over `max` */
  close(): CdrFinding[];
}

export function collectFindings(max: number): FindingCollector {
  const findings: CdrFinding[] = [];
  const perCheck = new Map<string, number>();
  return {
    add(f) {
      const n = (perCheck.get(f.check) ?? 0) + 1;
      perCheck.set(f.check, n);
      if (n <= max) findings.push(f);
    },
    close() {
      for (const [check, n] of perCheck) {
        if (n > max)
          findings.push({
            check: 'cdr.findings-capped',
            severity: 'info',
            message: `${n - max} more '${check}' finding(s) not listed (${n} in total)`,
            actual: String(n),
          });
      }
      return findings;
    },
  };
}
