/**
 * What the global setup published for this run (helpers/global-setup.ts): the target's URL (the embedded sandbox's
 * port), the receiver's worker-side URL, the public webhook URL, the SIP agent's port, the sandbox control URL and the
 * billable allowance. Read once, here; specs and steps get it as the worker-scoped `run` fixture.
 */
import type { SuiteConfig } from '../config';

export interface RunContext {
  /** the Telegent API base URL the run talks to */
  targetUrl: string;
  /** the webhook receiver's worker-side view */
  inboxUrl: string;
  /** where Telegent posts webhooks (through the partner's public URL) */
  webhookPublicUrl: string;
  /** the partner-SBC SIP agent's port */
  sipAgentPort: number;
  /** the sandbox's partner-side controls (beside the API, or behind a proxy) */
  controlUrl: string;
  /** billable operations allowed against production (npm run gate -- --allow-billable) */
  allowBillable: boolean;
  /** when this invocation's global setup began (ms; a --resume is a new invocation of the same ledger) */
  startedAt: number;
}

export function runContext(config: SuiteConfig, env: NodeJS.ProcessEnv = process.env): RunContext {
  const targetUrl = env.CERT_TARGET_URL ?? config.baseUrl;
  if (!targetUrl) throw new Error('CERT_TARGET_URL was not published by the global setup');
  const inboxUrl = env.CERT_INBOX_URL;
  if (!inboxUrl) throw new Error('CERT_INBOX_URL was not published by the global setup');
  return {
    targetUrl,
    inboxUrl,
    webhookPublicUrl: env.CERT_WEBHOOK_PUBLIC_URL ?? config.webhookPublicUrl ?? '',
    sipAgentPort: Number(env.CERT_SIP_AGENT_PORT ?? config.sipAgentPort),
    controlUrl: env.CERT_SANDBOX_CONTROL_URL?.replace(/\/+$/, '') || targetUrl,
    allowBillable: env.CERT_ALLOW_BILLABLE === '1',
    startedAt: Number(env.CERT_RUN_STARTED) || Date.now(),
  };
}
