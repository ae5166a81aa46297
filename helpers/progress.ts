/**
 * Visible progress on long waits: a countdown line at most every few seconds (every 30 s for long waits),
 * so an operator sees the suite is alive while a webhook, a port-in or a route propagation is awaited.
 */
export function progress(label: string, totalMs: number) {
  const started = Date.now();
  const every = totalMs > 120_000 ? 30_000 : totalMs > 15_000 ? 5_000 : 2_000;
  let last = started;
  let printed = false;
  return {
    tick(leftMs: number, detail?: string) {
      const now = Date.now();
      if (now - last < every) return;
      last = now;
      printed = true;
      const secs = Math.max(0, Math.ceil(leftMs / 1000));
      const mm = Math.floor(secs / 60);
      const ss = String(secs % 60).padStart(2, '0');
      process.stdout.write(`  … waiting for ${label}: ${mm}:${ss} left${detail ? ` (${detail})` : ''}\n`);
    },
    done() {
      if (printed) process.stdout.write(`  … ${label}: done after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}

/** Polls `fn` until it returns a value (not undefined) or the deadline passes; shows a countdown. */
export async function pollUntil<T>(
  fn: () => Promise<T | undefined>,
  opts: { timeoutMs: number; intervalMs: number; label: string; detail?: () => string },
): Promise<T | undefined> {
  const deadline = Date.now() + opts.timeoutMs;
  const bar = progress(opts.label, opts.timeoutMs);
  try {
    while (true) {
      const v = await fn();
      if (v !== undefined) return v;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      bar.tick(left, opts.detail?.());
      await new Promise((r) => setTimeout(r, Math.min(opts.intervalMs, left)));
    }
  } finally {
    bar.done();
  }
}
