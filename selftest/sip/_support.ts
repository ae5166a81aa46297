/** shared helpers for the SIP self-tests (not a test file) */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { ResolvedNumber, SbcDirectory, VoiceRouteView } from '../../sandbox/sip';

export const HOST = '127.0.0.1';
export const SCENARIOS = path.join(__dirname, 'scenarios');

export function sippPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v sipp'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** a free UDP port on 127.0.0.1 (bound then released: only for tools that need an explicit -p, i.e. sipp) */
export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, HOST, () => r()));
  const p = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

export function trunkRoute(id: string, accountId: string, port: number, extra: Partial<VoiceRouteView> = {}): VoiceRouteView {
  return {
    callRouteId: id,
    accountId,
    routeType: 'Trunk',
    enabled: true,
    trunks: [{ ip: HOST, port, transport: 'UDP', enabled: true, priority: 1, weight: 100 }],
    ipWhitelist: [],
    callbackVoiceUrl: `https://partner.example/voice-events/${id}`,
    ...extra,
  };
}

/** tiny in-memory directory: number → { accountId, numberId, routeId, effectiveAt } */
export class MemoryDirectory implements SbcDirectory {
  routes = new Map<string, VoiceRouteView>();
  numbers = new Map<string, { accountId: string; numberId: string; routeId?: string; effectiveAt: number }>();
  addRoute(r: VoiceRouteView) {
    this.routes.set(r.callRouteId, r);
    return this;
  }
  addNumber(e164: string, accountId: string, routeId?: string, effectiveAt = 0) {
    this.numbers.set(e164, { accountId, numberId: `NID-${e164.slice(-4)}`, routeId, effectiveAt });
    return this;
  }
  resolveNumber(e164: string): ResolvedNumber | undefined {
    const n = this.numbers.get(e164);
    if (!n) return undefined;
    return { accountId: n.accountId, numberId: n.numberId, voiceRoute: n.routeId ? this.routes.get(n.routeId) : undefined, effectiveAt: n.effectiveAt };
  }
  voiceRoutes(): VoiceRouteView[] {
    return [...this.routes.values()].filter((r) => r.enabled);
  }
}

export interface SippResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  messages: string;
}

/** run sipp with a hard bound; -trace_msg goes to a temp file returned as `messages` */
export function runSipp(args: string[], boundMs = 15_000): { done: Promise<SippResult>; kill: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipp-'));
  const msgFile = path.join(dir, 'messages.log');
  const started = Date.now();
  const child = spawn(
    sippPath() ?? 'sipp',
    [...args, '-nostdin', '-trace_msg', '-message_file', msgFile, '-trace_err', '-error_file', path.join(dir, 'err.log')],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const guard = setTimeout(() => child.kill('SIGKILL'), boundMs);
  const done = new Promise<SippResult>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(guard);
      const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
      const res = { code, stdout, stderr: stderr + read(path.join(dir, 'err.log')), ms: Date.now() - started, messages: read(msgFile) };
      fs.rmSync(dir, { recursive: true, force: true });
      resolve(res);
    });
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

/**
 * resolves once something (e.g. sipp) has bound UDP `port`: read from /proc/net/udp (non-invasive: a
 * probe bind could steal the port from sipp). Falls back to a short fixed grace where /proc is absent.
 */
export async function waitUdpBound(port: number, timeoutMs = 5000): Promise<boolean> {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let table: string;
    try {
      table = fs.readFileSync('/proc/net/udp', 'utf8');
    } catch {
      await new Promise((r) => setTimeout(r, 500));
      return true;
    }
    if (table.split('\n').some((l) => l.trim().split(/\s+/)[1]?.endsWith(hex))) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}
