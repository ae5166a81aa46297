/**
 * Worker-side view of the webhook receiver: event-driven waits (long-poll) with a timeout and a visible
 * countdown. Never a fixed sleep.
 */
import { request } from 'undici';
import type { InboxEvent } from './server';
import { progress } from '../progress';

export type { InboxEvent };

export class InboxClient {
  constructor(private readonly queryUrl: string) {}

  async all(after = 0): Promise<InboxEvent[]> {
    const res = await request(`${this.queryUrl}/events?after=${after}`);
    return (await res.body.json()) as InboxEvent[];
  }

  /** The newest sequence number now — take it before triggering, then wait for events after it. */
  async mark(): Promise<number> {
    const all = await this.all();
    return all.length ? all[all.length - 1].seq : 0;
  }

  /**
   * Waits until `pred` matches `count` distinct events received after `after`.
   * Returns the matching events (all of them seen by the deadline, when `settleMs` is given, to catch duplicates).
   * `near` picks the events that came where the awaited one should have (e.g. the same path) without matching:
   * on a time-out `explain(near)` says what did arrive instead of "received 0".
   */
  async waitFor(
    pred: (e: InboxEvent) => boolean,
    opts: {
      after?: number;
      timeoutMs: number;
      label: string;
      count?: number;
      settleMs?: number;
      near?: (e: InboxEvent) => boolean;
      explain?: (near: InboxEvent[]) => string;
    },
  ): Promise<InboxEvent[]> {
    const want = opts.count ?? 1;
    const deadline = Date.now() + opts.timeoutMs;
    let cursor = opts.after ?? 0;
    const matched: InboxEvent[] = [];
    const near: InboxEvent[] = [];
    const bar = progress(opts.label, opts.timeoutMs);
    try {
      while (true) {
        const left = deadline - Date.now();
        if (matched.length >= want) {
          if (!opts.settleMs) return matched;
          // keep listening a little for duplicates (de-duplication is checked by the caller)
          const settleEnd = Date.now() + opts.settleMs;
          while (Date.now() < settleEnd) {
            const more = await this.poll(cursor, settleEnd - Date.now());
            for (const e of more) {
              cursor = Math.max(cursor, e.seq);
              if (pred(e)) matched.push(e);
            }
          }
          return matched;
        }
        if (left <= 0)
          throw new WaitTimeoutError(
            opts.label,
            opts.timeoutMs,
            matched.length,
            want,
            near.length && opts.explain ? opts.explain(near) : undefined,
            near.length,
          );
        bar.tick(deadline - Date.now());
        const evs = await this.poll(cursor, Math.min(left, 1000));
        for (const e of evs) {
          cursor = Math.max(cursor, e.seq);
          if (pred(e)) matched.push(e);
          else if (opts.near?.(e)) near.push(e);
        }
      }
    } finally {
      bar.done();
    }
  }

  private async poll(after: number, waitMs: number): Promise<InboxEvent[]> {
    const res = await request(`${this.queryUrl}/events?after=${after}&waitMs=${Math.max(0, Math.round(waitMs))}`);
    return (await res.body.json()) as InboxEvent[];
  }
}

export class WaitTimeoutError extends Error {
  /**
   * `detail`: what arrived instead (replaces the "received N of M" count when given); `got` the awaited events that
   * came, `nearCount` the events that came where they should have without matching (0 and 0: nothing came at all)
   */
  constructor(
    label: string,
    timeoutMs: number,
    readonly got: number,
    want: number,
    detail?: string,
    readonly nearCount = 0,
  ) {
    super(
      `timed out after ${(timeoutMs / 1000).toFixed(1)} s waiting for ${label}${detail ? `: ${got ? `${got} of ${want} matched; ` : ''}${detail}` : ` (received ${got} of ${want})`}`,
    );
    this.name = 'WaitTimeoutError';
  }
}
