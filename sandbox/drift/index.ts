import { allDriftModes } from './catalogue';
export { DRIFT_CATALOGUE, registerDriftModes, allDriftModes } from './catalogue';
export type { DriftMode } from './catalogue';

export class DriftRegistryImpl {
  private readonly active: Set<string>;
  constructor(names: string[] = []) {
    const known = new Set(allDriftModes().map((m) => m.name));
    const unknown = names.filter((n) => n && !known.has(n));
    // sub-systems may register their modes after boot; unknown names are kept but reported by main.ts
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
  return (s ?? '').split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
}
