/**
 * The moves of the target's clock the suite makes (the embedded sandbox's partner-side control: a token's life, a
 * carrier's cycle), kept in the run's ledger: what the target stamped before a move is offset by less than what it
 * stamped after, so item 18 reconciles each CDR in the time of its own traffic.
 */
import type { Ledger } from './ledger';

interface ClockMove {
  at: string;
  ms: number;
}

/** One move of the target's clock, now, by `ms`. */
export function recordClockMove(ledger: Ledger, ms: number): void {
  if (ms > 0) ledger.appendData('clockMoves', { at: new Date().toISOString(), ms } satisfies ClockMove);
}

/**
 * The target's clock offset at `iso` (this machine's time), from its offset now: less every move the suite made
 * after `iso`.
 */
export function offsetAt(ledger: Pick<Ledger, 'getData'>, offsetNowMs: number, iso: string): number {
  const t = Date.parse(iso);
  const later = (ledger.getData<ClockMove[]>('clockMoves') ?? []).filter((m) => Date.parse(m.at) > t).reduce((s, m) => s + m.ms, 0);
  return offsetNowMs - later;
}
