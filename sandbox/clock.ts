/**
 * The sandbox's time model: durations ("500", "500ms", "30s", "10m", "2h", "1d"), the carrier clock that moves port-in
 * orders (one duration per status), and the presets of the two modes (fast = embedded default, realistic).
 * The sandbox clock is wall clock + offset (`Sandbox.now()`); `POST /_sandbox/clock/advance` moves the offset.
 */

/** how long a port-in stays in each open status before the carrier moves it (sandbox-clock ms) */
export interface CarrierSteps {
  /** Submitted → Pending Carrier Approval */
  submittedMs: number;
  /** Pending Carrier Approval → carrier decision (Scheduled, or Rejected) */
  approvalMs: number;
  /** Scheduled → Completed */
  scheduledMs: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "1500" (ms), "1500ms", "30s", "10m", "2h", "1d", "1.5h" → ms; undefined when it is not a duration */
export function parseDuration(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(v);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT_MS[(m[2] ?? 'ms').toLowerCase()]);
}

/** "500ms" / "10m" / "1d 6h"-free human form of a duration, for banners and health */
export function formatDuration(ms: number): string {
  for (const [u, f] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const)
    if (ms >= f && ms % f === 0) return `${ms / f}${u}`;
  return `${ms}ms`;
}

/**
 * SANDBOX_CARRIER_STEP: one duration for every status ("30m"), or three, comma-separated, for
 * Submitted, Pending Carrier Approval and Scheduled ("10m,1d,1d"). Throws on anything else.
 */
export function parseCarrierSteps(v: string): CarrierSteps {
  const parts = v.split(',').map((p) => parseDuration(p));
  if ((parts.length !== 1 && parts.length !== 3) || parts.some((p) => p === undefined)) {
    throw new Error(`carrier step must be one duration or three comma-separated (e.g. "30m" or "10m,1d,1d"), got "${v}"`);
  }
  const [a, b = a, c = a] = parts as number[];
  return { submittedMs: a, approvalMs: b, scheduledMs: c };
}

/**
 * The embedded default: four times the suite's 50 ms poll, so one run reads every status even on a busy machine
 * (time, not reads, moves an order: a step shorter than the gap between two reads would be skipped by the reader; a
 * reader held back longer than a step is not judged — ruling R-status-observability).
 */
export const FAST_CARRIER: CarrierSteps = { submittedMs: 200, approvalMs: 200, scheduledMs: 200 };
/**
 * The embedded default under a fault that holds a reader back (a 429 or 503 answered → the client waits 1 s before
 * reading again, seed 003 §11; added latency; a token storm): longer than one retry gap plus a read, so the gap does
 * not outrun the carrier (a real carrier takes hours for a step: no retry gap ever hides one there).
 */
export const FAST_CARRIER_UNDER_FAULTS: CarrierSteps = { submittedMs: 1500, approvalMs: 1500, scheduledMs: 1500 };
/** the fault modes that make a reader wait between two reads */
export const READ_DELAYING_FAULTS = ['429-burst', '5xx', 'latency', 'token-expiry-storm'];

/**
 * The carrier steps in force now: the configured ones, except that the embedded default (`defaulted`: neither
 * realistic nor given) lengthens to FAST_CARRIER_UNDER_FAULTS while a read-delaying fault is active — faults can be
 * switched at run time (POST /_sandbox/faults), so this is decided each time a step is scheduled.
 */
export function carrierNow(configured: CarrierSteps, defaulted: boolean, activeFaults: string[]): CarrierSteps {
  if (!defaulted || !activeFaults.some((f) => READ_DELAYING_FAULTS.includes(f.split(':')[0]))) return configured;
  return FAST_CARRIER_UNDER_FAULTS;
}

/** realistic: the carrier picks the order up in minutes and decides in about a day; the port happens a day later */
export const REALISTIC_CARRIER: CarrierSteps = { submittedMs: 10 * 60_000, approvalMs: 86_400_000, scheduledMs: 86_400_000 };

/** the realistic mode's other timings (sandbox/README.md "Realistic mode") */
export const REALISTIC = {
  tokenTtlSeconds: 300,
  propagationMs: 10 * 60_000,
  cdrCycleMs: 15 * 60_000,
  stateFile: '.sandbox-state.json',
  /** how often the sandbox looks at its clock (orders due, CDR cycles due) */
  tickMs: 1000,
} as const;

export function uniformSteps(ms: number): CarrierSteps {
  return { submittedMs: ms, approvalMs: ms, scheduledMs: ms };
}

/** the time a port-in spends in `status` before the carrier's next move */
export function stepFor(steps: CarrierSteps, status: string): number {
  if (status === 'Submitted') return steps.submittedMs;
  if (status === 'Pending Carrier Approval') return steps.approvalMs;
  return steps.scheduledMs;
}
