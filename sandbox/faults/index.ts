/**
 * Fault injection — transient, documented platform behaviour a well-behaved client must survive.
 * Names (optionally with a parameter after ':'):
 *   429-burst[:N]          first N calls (default 1) of every operation → 429 + Retry-After: 1
 *   5xx[:P]                every P-th (default 4th) idempotent GET → 503 (never twice in a row for the same op)
 *   latency[:MS]           every API response delayed by MS (default 150) ms
 *   webhook-dup            every webhook is delivered twice
 *   webhook-reorder        webhooks are held and delivered in reverse order of creation (200 ms window)
 *   webhook-drop-first     the first attempt of every webhook "fails" (not sent) → delivered on retry
 *   token-expiry-storm[:N] tokens issued are already expired the first N times (default 1) → 401 → new token
 */
export const FAULT_NAMES = ['429-burst', '5xx', 'latency', 'webhook-dup', 'webhook-reorder', 'webhook-drop-first', 'token-expiry-storm'] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

export interface FaultStats {
  injected: Record<string, number>;
}

export class Faults {
  private active = new Map<string, number | undefined>();
  private perOp = new Map<string, number>();
  private lastGet503 = new Map<string, boolean>();
  private tokenStormLeft = 0;
  readonly stats: FaultStats = { injected: {} };

  constructor(names: string[] = []) {
    this.set(names);
  }

  set(names: string[]): void {
    this.active.clear();
    this.perOp.clear();
    for (const raw of names) {
      const [name, param] = raw.split(':');
      if (!name) continue;
      if (!(FAULT_NAMES as readonly string[]).includes(name)) throw new Error(`unknown fault mode "${name}" (known: ${FAULT_NAMES.join(', ')})`);
      this.active.set(name, param !== undefined && param !== '' ? Number(param) : undefined);
    }
    this.tokenStormLeft = this.has('token-expiry-storm') ? this.param('token-expiry-storm', 1) : 0;
  }
  list(): string[] {
    return [...this.active.entries()].map(([k, v]) => (v === undefined ? k : `${k}:${v}`));
  }
  has(name: FaultName): boolean {
    return this.active.has(name);
  }
  param(name: FaultName, dflt: number): number {
    const v = this.active.get(name);
    return v === undefined || !Number.isFinite(v) ? dflt : v;
  }
  private count(name: string) {
    this.stats.injected[name] = (this.stats.injected[name] ?? 0) + 1;
  }

  /** before an API operation (not token issuance for 429, never /_sandbox) → a fault response or null */
  before(opKey: string, method: string): { status: number; message: string; headers?: Record<string, string> } | null {
    if (this.has('429-burst')) {
      const n = (this.perOp.get(opKey) ?? 0) + 1;
      this.perOp.set(opKey, n);
      if (n <= this.param('429-burst', 1)) {
        this.count('429-burst');
        return { status: 429, message: 'Too many requests — rate limit exceeded, retry later', headers: { 'retry-after': '1' } };
      }
    }
    if (this.has('5xx') && method === 'GET') {
      const every = Math.max(2, this.param('5xx', 4));
      const n = (this.perOp.get('5xx ' + opKey) ?? 0) + 1;
      this.perOp.set('5xx ' + opKey, n);
      if (n % every === 1 && !this.lastGet503.get(opKey)) {
        this.lastGet503.set(opKey, true);
        this.count('5xx');
        return { status: 503, message: 'Service temporarily unavailable' };
      }
      this.lastGet503.set(opKey, false);
    }
    return null;
  }

  latencyMs(): number {
    if (!this.has('latency')) return 0;
    this.count('latency');
    return this.param('latency', 150);
  }

  /** token issuance: should this token be born expired? */
  stormToken(): boolean {
    if (this.tokenStormLeft > 0) {
      this.tokenStormLeft--;
      this.count('token-expiry-storm');
      return true;
    }
    return false;
  }

  webhookCopies(): number {
    if (this.has('webhook-dup')) {
      this.count('webhook-dup');
      return 2;
    }
    return 1;
  }
  dropFirst(): boolean {
    if (this.has('webhook-drop-first')) {
      this.count('webhook-drop-first');
      return true;
    }
    return false;
  }
}
