import { allBenignModes, allDriftModes } from './catalogue';
export { DRIFT_CATALOGUE, SEMANTIC_DRIFTS, BENIGN_CATALOGUE, allDriftModes, allBenignModes } from './catalogue';
export type { DriftMode, BenignMode } from './types';

export class DriftRegistryImpl {
  private readonly active: Set<string>;
  constructor(names: string[] = []) {
    // benign modes (SANDBOX_BENIGN) ride in the same registry: they switch on vendor-documented alternative answers
    names = [...names, ...parseNames(process.env.SANDBOX_BENIGN)];
    const known = new Set([...allDriftModes(), ...allBenignModes()].map((m) => m.name));
    const unknown = names.filter((n) => n && !known.has(n));
    // every mode is declared in the catalogue (allDriftModes); unknown names are kept but reported by main.ts
    this.unknown = unknown;
    this.active = new Set(names.filter(Boolean));
  }
  readonly unknown: string[];
  isDrift(name: string): boolean {
    return this.active.has(name);
  }
  list(): string[] {
    return [...this.active];
  }
}

/** parse "a,b c" (env SANDBOX_DRIFT) */
export function parseNames(s: string | undefined): string[] {
  return (s ?? '')
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}
