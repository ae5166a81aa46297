/** Event-driven waits on what the agent received (no polling): resolved when a new message wakes the waiters. */
import { numberOfUri, parseUri, toE164 } from '../../protocol/sip/message';
import type { AgentContext } from './context';
import { SipTimeoutError, type InboundInvite } from './types';

export function waitFor<T>(ag: AgentContext, find: () => T | undefined, timeoutMs: number, what: string, onProgress?: (ms: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const hit = find();
    if (hit !== undefined) return resolve(hit);
    const started = Date.now();
    const check = () => {
      const h = find();
      if (h !== undefined) {
        cleanup();
        resolve(h);
      }
    };
    const prog = onProgress ? setInterval(() => onProgress(Date.now() - started), 1000) : undefined;
    const to = setTimeout(() => {
      cleanup();
      reject(new SipTimeoutError(`no ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = () => {
      ag.waiters.delete(check);
      clearTimeout(to);
      if (prog) clearInterval(prog);
    };
    ag.waiters.add(check);
  });
}

/** an INVITE whose Request-URI or To user is `to` (any number form); any INVITE without `to` */
export function inviteFor(to: string | undefined): (i: InboundInvite) => boolean {
  const want = to ? (toE164(to) ?? to) : undefined;
  return (i) => {
    if (!want) return true;
    const cands = [parseUri(i.requestUri)?.user, numberOfUri(i.to)].map((u) => (u ? (toE164(u) ?? u) : u));
    return cands.includes(want);
  };
}
