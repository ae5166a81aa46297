/**
 * A partner behind a corporate proxy: HTTPS_PROXY / HTTP_PROXY (and NO_PROXY), as curl reads them. When one is set,
 * undici's EnvHttpProxyAgent becomes this process's global dispatcher, so every call to the target — preflight,
 * client, cleanup, Node's fetch — goes through it; loopback addresses (the suite's own receivers, a sandbox on this
 * machine) never do. SIP (UDP) and the SMTP receiver are not HTTP: a proxy does not carry them.
 */
import { EnvHttpProxyAgent, setGlobalDispatcher } from 'undici';
import { registerSecret } from '../../protocol/redact';

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];
const LOOPBACK = ['localhost', '127.0.0.1', '127.0.1.1', '0.0.0.0', '::1', '[::1]'];

let installed: string | undefined;

/** The proxy variable in force (the dispatcher installed once per process), or undefined when none is set. */
export function useProxyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const name = PROXY_VARS.find((k) => env[k]);
  if (!name || installed) return installed ?? undefined;
  const exempt = (env.NO_PROXY ?? env.no_proxy ?? '').trim();
  if (exempt === '*') return undefined; // NO_PROXY=* turns every proxy off
  const noProxy = [exempt, ...LOOPBACK].filter(Boolean).join(',');
  registerProxyCredentials(env);
  setGlobalDispatcher(
    new EnvHttpProxyAgent({
      httpProxy: env.HTTP_PROXY ?? env.http_proxy,
      httpsProxy: env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy,
      noProxy,
    }),
  );
  installed = name;
  return name;
}

/** The proxy variable in force for calls to the target (undefined when none or NO_PROXY=*): its name, never its URL. */
export function proxyVariableName(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if ((env.NO_PROXY ?? env.no_proxy ?? '').trim() === '*') return undefined;
  return PROXY_VARS.find((k) => env[k]);
}

/**
 * The credentials a proxy URL carries (http://user:password@proxy:3128) are secrets: registered for redaction, as
 * written and percent-decoded, so that no error or report quoting the URL shows them.
 */
export function registerProxyCredentials(env: NodeJS.ProcessEnv = process.env): void {
  for (const k of PROXY_VARS) {
    let url: URL;
    try {
      url = new URL(String(env[k] ?? ''));
    } catch {
      continue; // unset, or not a URL: nothing to register
    }
    for (const part of [url.password, url.username]) {
      registerSecret(part);
      registerSecret(safeDecode(part));
    }
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
