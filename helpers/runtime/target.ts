/**
 * The target probe: what is on the other end — the Telegent sandbox (with its partner-side controls: a device
 * attaching, time passing, a CDR cycle) or a real Telegent. Reached only over HTTP, as a partner can.
 */
import { request } from 'undici';
import type { SuiteConfig } from '../config';
import type { RunContext } from './run';

export interface Target {
  kind: 'sandbox' | 'real';
  baseUrl: string;
  /** Partner-side controls of the sandbox (a device attaching, time passing). Undefined on a real target. */
  controls?: SandboxControls;
  /** The Telegent SBC, "host:port" (config TELEGENT_SBC, or what the sandbox reports). */
  sbc?: string;
}

export interface SandboxControls {
  attachDevice(body: { PhoneNumber?: string; ICCID?: string; Apn: string; Bytes?: number; Imei?: string }): Promise<{ status: number; body: any }>;
  flushCdrs(): Promise<{ status: number; body: any }>;
  /** Time passing on the platform's clock (e.g. a token's life running out). */
  advanceClock(ms: number): Promise<{ status: number; body: any }>;
  /** The gaining carrier presents a port-out PIN for a number (item 8f): 200 when the port-out completes. */
  requestPortOut(body: { PhoneNumber: string; PIN: string }): Promise<{ status: number; body: any }>;
  health(): Promise<any>;
}

/** The sandbox's partner-side controls live beside its API (or behind a proxy: run.controlUrl). */
export async function probeTarget(run: RunContext, config: SuiteConfig): Promise<Target> {
  const baseUrl = run.targetUrl;
  const controlBase = run.controlUrl;
  let kind: Target['kind'] = 'real';
  let sbc = config.telegentSbc;
  try {
    const res = await request(`${controlBase}/_sandbox/health`, { headersTimeout: 3000, bodyTimeout: 3000 });
    const body: any = await res.body.json().catch(() => undefined);
    if (res.statusCode === 200 && body?.sandbox === true) {
      kind = 'sandbox';
      if (!sbc && body.sipPort) sbc = `${body.sipHost ?? new URL(controlBase).hostname}:${body.sipPort}`;
    }
  } catch {
    kind = 'real';
  }
  const post = async (p: string, body: unknown) => {
    const res = await request(`${controlBase}/_sandbox/${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const text = await res.body.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* text */
    }
    return { status: res.statusCode, body: parsed as any };
  };
  const controls: SandboxControls | undefined =
    kind === 'sandbox'
      ? {
          attachDevice: (b) => post('devices/attach', b),
          flushCdrs: () => post('cdr/flush', {}),
          advanceClock: (ms) => post('clock/advance', { ms: Math.max(0, Math.round(ms)) }),
          requestPortOut: (b) => post('portout/request', b),
          health: async () => (await request(`${controlBase}/_sandbox/health`)).body.json(),
        }
      : undefined;
  return { kind, baseUrl, controls, sbc };
}
