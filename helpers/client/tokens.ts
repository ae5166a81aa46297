/** The token cache of one client: a token per scope, kept until shortly before its expiry; one fetch in flight per scope. */
import { redact } from '../../protocol/redact';
import { TokenError } from './errors';
import { parseTokenExpiry } from './policy';
import type { CallResult } from './types';

/** Lifetime assumed for a token whose `tokenExpiry` cannot be parsed (ruling need: R-token-expiry-format). */
export const DEFAULT_TOKEN_TTL_MS = 60_000;

interface CachedToken {
  token: string;
  expiresAt: number;
  refreshAt: number;
}

export interface TokenCache {
  /** a valid token for the scope (ApiEndpoint URL; '' = the unscoped token), cached */
  get(scope: string): Promise<string>;
  /** forget one scope's token, or all */
  invalidate(scope?: string): void;
}

export interface TokenCacheOptions {
  /** one raw token request for the scope ('' = unscoped) */
  request: (scope: string) => Promise<CallResult>;
  /** clock (epoch ms) */
  now: () => number;
  /** IANA zone tokenExpiry is written in */
  timeZone?: string;
  /** how far the platform's clock runs ahead of `now` (ms; R-platform-clock-skew): tokenExpiry is on its clock */
  platformOffsetMs?: () => number;
}

export function createTokenCache(o: TokenCacheOptions): TokenCache {
  const tokens = new Map<string, CachedToken>();
  const inflight = new Map<string, Promise<string>>();

  async function fetchToken(scope: string): Promise<string> {
    const res = await o.request(scope);
    const b = res.body as { token?: unknown; tokenExpiry?: unknown } | undefined;
    if (res.status !== 200 || typeof b?.token !== 'string' || !b.token) {
      throw new TokenError(res.status, scope || null, res.status === 200 ? '(no token in the response)' : JSON.stringify(redact(res.body) ?? '').slice(0, 200));
    }
    const issued = o.now();
    // an expiry already past (a zone or clock mismatch) or unreadable is not trusted: the token is used until refused;
    // a platform clock off ours moves the expiry onto our clock (R-platform-clock-skew)
    const announced = parseTokenExpiry(b.tokenExpiry, o.timeZone);
    const parsed = announced === undefined ? undefined : announced - (o.platformOffsetMs?.() ?? 0);
    const expiresAt = parsed !== undefined && parsed > issued ? parsed : issued + DEFAULT_TOKEN_TTL_MS;
    const life = Math.max(0, expiresAt - issued);
    const refreshAt = expiresAt - Math.min(5_000, life / 10);
    tokens.set(scope, { token: b.token, expiresAt, refreshAt });
    return b.token;
  }

  return {
    get(scope) {
      const c = tokens.get(scope);
      if (c && o.now() < c.refreshAt) return Promise.resolve(c.token);
      const pending = inflight.get(scope);
      if (pending) return pending;
      const p = fetchToken(scope).finally(() => inflight.delete(scope));
      inflight.set(scope, p);
      return p;
    },
    invalidate(scope) {
      if (scope === undefined) tokens.clear();
      else tokens.delete(scope);
    },
  };
}
