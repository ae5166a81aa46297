/**
 * Which targets are the vendor's production API (billable steps need an explicit allow there; the gate judges a
 * cutover). Used by the runtime's billable guard, the reporter and the gate.
 */

/** Hosts that are the vendor's production API. Extend with `CERT_PRODUCTION_HOSTS` (comma list). */
export const PRODUCTION_HOSTS: readonly string[] = ['api.telegent.com'];

export function productionHosts(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.CERT_PRODUCTION_HOSTS ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return [...PRODUCTION_HOSTS, ...extra];
}

/** True when `CERT_ENV=production` or the base URL's host is a production host. */
export function isProductionTarget(baseUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env.CERT_ENV ?? '').toLowerCase() === 'production') return true;
  if (!baseUrl) return false;
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase().replace(/\.$/, ''); // "api.telegent.com." is the same host
  } catch {
    return false;
  }
  return productionHosts(env).includes(host);
}
