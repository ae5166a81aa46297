import { HandlerMap } from './types';
import { bad, iso, opaqueToken, str, vendorExpiry } from '../util';
import { opTable, respond } from '../template';
import { ApiError } from '../util';
import { formatVendorDateTime } from '../../protocol/dates';
import { TokenRec } from '../core';

export const authHandlers: HandlerMap = {
  'POST /v1.0/oauth2/tokens': ({ sb, body }) => {
    const key = str(body.AccountKey);
    const secret = str(body.AccountSecret);
    if (!key) throw bad('AccountKey is required');
    if (!secret) throw bad('AccountSecret is required');
    // drift token-wrong-secret-accepted: only the AccountKey is looked up, the AccountSecret is never compared
    const secretOk = secret === sb.opts.accountSecret || sb.drift.isDrift('token-wrong-secret-accepted');
    if (key !== sb.opts.accountKey || !secretOk) throw new ApiError(401, 'Invalid AccountKey or AccountSecret');
    let scopePath: string | undefined;
    const ep = str(body.ApiEndpoint);
    if (ep) {
      // R-token-scope: compare the path only (case-insensitive), ignore scheme/host so a proxy works
      let p: string;
      try {
        p = new URL(ep).pathname;
      } catch {
        if (!ep.startsWith('/')) throw bad('ApiEndpoint must be an absolute URL (e.g. https://api.telegent.com/v1.0/numbers/provision)');
        p = ep.split('?')[0];
      }
      scopePath = p.replace(/\/+$/, '').toLowerCase();
      // a token can only be scoped to an endpoint of the API (README: "scoped to one endpoint URL")
      if (!isEndpoint(scopePath)) throw bad(`ApiEndpoint ${p} is not an endpoint of the API`);
    }
    const now = sb.now();
    const storm = sb.faults.stormToken();
    const rec: TokenRec = { token: opaqueToken(), dist: sb.distributorId, scopePath, expiresAt: storm ? now - 1000 : now + sb.opts.tokenTtlSeconds * 1000 };
    // drift token-one-per-account: the gateway keeps one session per AccountKey — a new token revokes every earlier one
    if (sb.drift.isDrift('token-one-per-account')) for (const [k, v] of sb.tokens) if (v.dist === rec.dist) sb.tokens.delete(k);
    sb.tokens.set(rec.token, rec);
    if (sb.tokens.size > 50_000) for (const [k, v] of sb.tokens) if (v.expiresAt < now) sb.tokens.delete(k);
    const out: Record<string, unknown> = respond('POST /v1.0/oauth2/tokens', {
      token: rec.token,
      successful: true,
      tokenExpiry: sb.drift.isDrift('token-expiry-iso')
        ? iso(rec.expiresAt)
        : // benign token-expiry-utc: the documented format, its wall clock in UTC (the zone is not documented)
          sb.drift.isDrift('token-expiry-utc')
          ? formatVendorDateTime(rec.expiresAt, 'UTC')
          : vendorExpiry(rec.expiresAt),
    });
    if (sb.drift.isDrift('token-field-renamed')) {
      out.access_token = out.token;
      delete out.token;
    }
    return out;
  },
};

let endpoints: Set<string> | undefined;
function isEndpoint(path: string): boolean {
  endpoints ??= new Set([...opTable().values()].map((m) => m.path.toLowerCase()));
  return endpoints.has(path);
}
