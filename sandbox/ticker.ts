/**
 * The sandbox looks at its clock every `tickMs` of wall time (and right after POST /_sandbox/clock/advance):
 * port-in orders due move to their next status (the carrier clock), and a CDR delivery cycle that is due runs.
 * Nothing here depends on anybody reading anything.
 */
import type { Sandbox } from './core';
import { sweepOrders } from './routes/porting';

/** what the ticker may ask the CDR service (sandbox/cdr); optional so the in-memory sink also fits */
interface CdrIntrospection {
  pending?(): number;
  deliveryConfigured?(): boolean;
}

export function cdrDeliveryConfigured(sb: Sandbox): boolean {
  const c = sb.usage as unknown as CdrIntrospection;
  return typeof c.deliveryConfigured === 'function' ? c.deliveryConfigured() : false;
}

/** the CDR part of /_sandbox/health */
export function cdrStatus(sb: Sandbox) {
  const c = sb.usage as unknown as CdrIntrospection;
  const configured = cdrDeliveryConfigured(sb);
  const pending = typeof c.pending === 'function' ? c.pending() : undefined;
  return {
    cycleMs: sb.opts.cdrCycleMs,
    nextCycleAt: sb.opts.cdrCycleMs && sb.cdrNextAt !== null ? new Date(sb.cdrNextAt).toISOString() : null,
    delivery: configured ? 'configured' : 'none',
    pending,
    note: configured ? undefined : 'no CDR delivery configured: records are kept (nothing is delivered)',
  };
}

export interface TickResult {
  changed: boolean;
  /** the CDR delivery of a cycle that ran (settles when delivered) */
  delivery?: Promise<unknown>;
}

/** run the CDR cycle when due; cycles missed while the clock jumped collapse into one delivery */
export function cdrCycle(sb: Sandbox): TickResult {
  const cycle = sb.opts.cdrCycleMs;
  if (!cycle) return { changed: false };
  const now = sb.now();
  if (sb.cdrNextAt === null) {
    sb.cdrNextAt = now + cycle;
    return { changed: true };
  }
  if (now < sb.cdrNextAt) return { changed: false };
  sb.cdrNextAt += cycle * Math.max(1, Math.ceil((now - sb.cdrNextAt + 1) / cycle));
  if (!cdrDeliveryConfigured(sb)) return { changed: true };
  const delivery = sb.usage.flush().catch((e: unknown) => sb.log.warn(`CDR cycle failed: ${(e as Error)?.message ?? String(e)}`));
  return { changed: true, delivery };
}

/** one look at the clock */
export function tick(sb: Sandbox): TickResult {
  let changed = false;
  try {
    changed = sweepOrders(sb);
  } catch (e) {
    sb.log.warn(`order sweep failed: ${(e as Error).message}`);
  }
  const cdr = cdrCycle(sb);
  if (changed || cdr.changed) sb.changed();
  return { changed: changed || cdr.changed, delivery: cdr.delivery };
}

/** start the wall-clock ticker; returns its stop function */
export function startTicker(sb: Sandbox): () => void {
  const timer = setInterval(() => tick(sb), sb.opts.tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
