/**
 * Outgoing webhooks (delivery reports, inbound messages, call events, account webhooks).
 * Delivery: POST (or the route's method) JSON with the route's auth; retried on 5xx / 408 / 429 /
 * connection errors with exponential backoff (retryBaseMs × 2^n, at most maxAttempts attempts); 4xx is final.
 */
import type { Faults } from './faults';
import { newId } from './util';

export type WebhookAuth = { type: 'Basic' | 'Bearer' | 'None'; username?: string; secret?: string };
export interface WebhookJob {
  kind: 'dlr' | 'inbound-sms' | 'inbound-mms' | 'voice-event' | 'account-event' | 'cdr';
  url: string;
  method?: string;
  auth?: WebhookAuth;
  body: unknown;
  /** for the delivery log */
  ref?: string;
  /** the Content-Type the JSON body is posted with (default application/json; drift inbound-content-type-text) */
  contentType?: string;
}
export interface DeliveryRecord {
  id: string;
  kind: string;
  url: string;
  ref?: string;
  attempts: number;
  lastStatus?: number | string;
  delivered: boolean;
  firstAttemptAt?: number;
  deliveredAt?: number;
}

export function authHeader(auth?: WebhookAuth): string | undefined {
  if (!auth || !auth.type || auth.type === 'None') return undefined;
  if (/^basic$/i.test(auth.type)) return 'Basic ' + Buffer.from(`${auth.username ?? ''}:${auth.secret ?? ''}`).toString('base64');
  if (/^bearer$/i.test(auth.type)) return `Bearer ${auth.secret ?? ''}`;
  return undefined;
}

export function routeAuth(type: unknown, username: unknown, secret: unknown): WebhookAuth {
  const t = typeof type === 'string' ? type : '';
  if (/^basic$/i.test(t)) return { type: 'Basic', username: String(username ?? ''), secret: String(secret ?? '') };
  if (/^bearer$/i.test(t)) return { type: 'Bearer', secret: String(secret ?? '') };
  return { type: 'None' };
}

export class WebhookDispatcher {
  readonly log: DeliveryRecord[] = [];
  private inflight = new Set<Promise<void>>();
  private reorderBuf: WebhookJob[] = [];
  private reorderTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private faults: Faults,
    private opts: {
      retryBaseMs: number;
      maxAttempts: number;
      timeoutMs: number;
      userAgent: string;
      contentType?: string;
      /** benign webhooks-posted-late: wait before the first attempt */
      delayMs?: number;
      /** benign json-pretty-printed / json-ascii-escaped: the JSON text as posted */
      serialize?: (json: string) => string;
      /** benign webhook-auth-scheme-lower: the Authorization header as sent */
      authForm?: (header: string) => string;
    },
  ) {}

  send(job: WebhookJob): void {
    if (this.closed || !job.url) return;
    if (this.faults.has('webhook-reorder')) {
      this.reorderBuf.push(job);
      if (!this.reorderTimer) {
        this.reorderTimer = setTimeout(() => {
          const jobs = this.reorderBuf.reverse();
          this.reorderBuf = [];
          this.reorderTimer = null;
          for (const j of jobs) this.dispatch(j);
        }, 200);
      }
      return;
    }
    this.dispatch(job);
  }

  private dispatch(job: WebhookJob): void {
    const copies = this.faults.webhookCopies();
    for (let i = 0; i < copies; i++) {
      const p = this.deliver(job).finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }
  }

  private async deliver(job: WebhookJob): Promise<void> {
    const rec: DeliveryRecord = { id: newId('WHD-'), kind: job.kind, url: job.url, ref: job.ref, attempts: 0, delivered: false };
    this.log.push(rec);
    if (this.log.length > 5000) this.log.shift();
    const dropFirst = this.faults.dropFirst();
    const body = this.opts.serialize ? this.opts.serialize(JSON.stringify(job.body)) : JSON.stringify(job.body);
    if (this.opts.delayMs) await this.pause(this.opts.delayMs);
    for (let attempt = 0; attempt < this.opts.maxAttempts && !this.closed; attempt++) {
      if (attempt > 0) await this.pause(Math.min(this.opts.retryBaseMs * 2 ** (attempt - 1), 5000));
      if (this.closed) return;
      rec.attempts++;
      rec.firstAttemptAt ??= Date.now();
      if (attempt === 0 && dropFirst) {
        rec.lastStatus = 'dropped (fault webhook-drop-first)';
        continue;
      }
      try {
        const headers: Record<string, string> = {
          'content-type': job.contentType ?? this.opts.contentType ?? 'application/json',
          'user-agent': this.opts.userAgent,
        };
        const a = authHeader(job.auth);
        if (a) headers.authorization = this.opts.authForm ? this.opts.authForm(a) : a;
        const res = await fetch(job.url, {
          method: job.method && /^(POST|PUT)$/i.test(job.method) ? job.method.toUpperCase() : 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(this.opts.timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        rec.lastStatus = res.status;
        if (res.status < 300) {
          rec.delivered = true;
          rec.deliveredAt = Date.now();
          return;
        }
        if (res.status < 500 && res.status !== 408 && res.status !== 429) return; // final
      } catch (e) {
        rec.lastStatus = (e as Error).name === 'TimeoutError' ? 'timeout' : 'connection error';
      }
    }
  }

  private timers = new Map<NodeJS.Timeout, () => void>();
  /** a backoff pause that close() cuts short */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.set(t, resolve);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reorderTimer) clearTimeout(this.reorderTimer);
    for (const [t, resolve] of this.timers) {
      clearTimeout(t);
      resolve();
    }
    this.timers.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inflight]), new Promise<void>((r) => (timer = setTimeout(r, 1000)))]);
    if (timer) clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
