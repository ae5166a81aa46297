/**
 * Nightly trends page from `reports/history/*.json` (one entry per run): per target + profile, each item's status over
 * the last N runs (a grid: green passed, red failed, amber pending/manual, grey blocked/N/A) and each measured
 * latency's p50/p95 over time, drawn by Chart.js — its UMD build inlined, so the page works offline from disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECKLIST } from './checklist';

export interface HistoryItem {
  id: string;
  status: string;
  reason?: string;
  latencyP95Ms?: number;
  latencyP50Ms?: number;
}

export interface HistoryEntry {
  runId: string;
  startedAt?: string;
  verdict?: string;
  target?: string;
  profile?: string;
  complete?: boolean;
  items: HistoryItem[];
}

export interface TrendGroup {
  key: string;
  target: string;
  profile: string;
  runs: HistoryEntry[];
  /** Items with a latency figure in at least one run, in checklist order. */
  latencyItems: string[];
}

function readEntry(file: string): HistoryEntry | undefined {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as HistoryEntry;
    return h && typeof h.runId === 'string' && Array.isArray(h.items) ? h : undefined;
  } catch {
    return undefined;
  }
}

/** Every history entry under the given directories (one per run id; unreadable files skipped). */
export function loadHistory(dirs: string[]): HistoryEntry[] {
  const byRun = new Map<string, HistoryEntry>();
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs
      .readdirSync(dir)
      .filter((x) => x.endsWith('.json'))
      .sort()) {
      const h = readEntry(path.join(dir, f));
      if (h) byRun.set(h.runId, h);
    }
  }
  return [...byRun.values()];
}

/** The embedded sandbox listens on a new port each run: one group for all of its runs. */
export function trendTarget(target: string | undefined): string {
  if (!target) return '(unknown target)';
  return /^embedded sandbox\b/.test(target) ? 'embedded sandbox' : target;
}

/** Groups by target + profile, oldest run first, the last `last` runs of each. */
export function groupTrends(entries: HistoryEntry[], last = 30): TrendGroup[] {
  const groups = new Map<string, TrendGroup>();
  for (const h of entries) {
    const target = trendTarget(h.target);
    const profile = h.profile ?? 'mvno-full';
    const key = `${target} · ${profile}`;
    const g = groups.get(key) ?? { key, target, profile, runs: [], latencyItems: [] };
    g.runs.push(h);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    g.runs.sort((a, b) => (a.startedAt ?? a.runId).localeCompare(b.startedAt ?? b.runId));
    g.runs = g.runs.slice(-Math.max(1, last));
    const measured = new Set(
      g.runs.flatMap((r) => r.items.filter((i) => typeof i.latencyP95Ms === 'number' || typeof i.latencyP50Ms === 'number').map((i) => i.id)),
    );
    g.latencyItems = CHECKLIST.map((c) => c.id).filter((id) => measured.has(id));
  }
  return [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Colour class of a status: green passed, red failed, amber pending/manual, grey blocked / N/A / not run. */
export function statusClass(status: string | undefined): 'ok' | 'bad' | 'wait' | 'off' {
  if (status === 'passed') return 'ok';
  if (status === 'failed') return 'bad';
  if (status === 'pending' || status === 'manual') return 'wait';
  return 'off';
}

const LETTER: Record<string, string> = { passed: 'P', failed: 'F', blocked: 'B', 'not-applicable': '–', pending: '…', manual: 'M' };

export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Short column label of a run: its UTC date and time. */
export function runLabel(r: HistoryEntry): string {
  const t = r.startedAt ?? '';
  return t ? `${t.slice(5, 10)} ${t.slice(11, 16)}` : r.runId.slice(0, 13);
}

function gridHtml(g: TrendGroup, gi: number): string {
  const head = g.runs.map((r) => `<th class="run" title="${esc(r.runId)}">${esc(runLabel(r))}</th>`).join('');
  const verdicts = g.runs.map((r) => `<td class="verdict v-${esc(r.verdict ?? '')}" title="${esc(r.runId)}">${esc(r.verdict ?? '?')}</td>`).join('');
  const rows = CHECKLIST.map((c) => {
    const cells = g.runs.map((r) => {
      const it = r.items.find((i) => i.id === c.id);
      const st = it?.status ?? 'not run';
      const tip = `item ${c.id}, run ${r.runId}: ${st}${it?.reason ? ` — ${it.reason}` : ''}`;
      return `<td class="cell ${statusClass(it?.status)}" data-item="${esc(c.id)}" data-run="${esc(r.runId)}" data-status="${esc(st)}" title="${esc(tip)}">${esc(LETTER[st] ?? '·')}</td>`;
    });
    return `<tr><th class="item" title="${esc(c.title)}">${esc(c.id)}</th>${cells.join('')}</tr>`;
  });
  return `<table class="grid" id="grid-${gi}"><thead><tr><th>item</th>${head}</tr><tr><th>verdict</th>${verdicts}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

/** The chart data of one group: per latency item, the p50 / p95 series over its runs (null where not measured). */
export function latencySeries(g: TrendGroup): { item: string; labels: string[]; p50: (number | null)[]; p95: (number | null)[] }[] {
  return g.latencyItems.map((id) => {
    const at = (r: HistoryEntry) => r.items.find((i) => i.id === id);
    return {
      item: id,
      labels: g.runs.map(runLabel),
      p50: g.runs.map((r) => at(r)?.latencyP50Ms ?? null),
      p95: g.runs.map((r) => at(r)?.latencyP95Ms ?? null),
    };
  });
}

export function groupHtml(g: TrendGroup, gi: number): string {
  const charts = g.latencyItems
    .map(
      (id, ci) =>
        `<figure class="chart"><figcaption>item ${esc(id)} — message latency (ms), p50 and p95 per run</figcaption><canvas id="lat-${gi}-${ci}" data-item="${esc(id)}" width="560" height="240"></canvas></figure>`,
    )
    .join('\n');
  const first = g.runs[0]?.startedAt?.slice(0, 10) ?? '?';
  const lastRun = g.runs.at(-1)?.startedAt?.slice(0, 10) ?? '?';
  return `<section class="group" data-key="${esc(g.key)}">
<h2>${esc(g.target)} <span class="profile">profile ${esc(g.profile)}</span></h2>
<p class="meta">${g.runs.length} run(s), ${esc(first)} → ${esc(lastRun)}</p>
${gridHtml(g, gi)}
${charts ? `<h3>Latency</h3><div class="charts">${charts}</div>` : '<p class="meta">no latency measured in these runs</p>'}
</section>`;
}
