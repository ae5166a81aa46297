/**
 * The fleet page: many sign-offs (one per target × profile, from the nightly matrix) merged into one table —
 * verdict, failed and pending items, regressions — as fleet.html (self-contained), fleet.json and fleet.md.
 * A `target.json` beside a signoff.json ({ id, label } written by the nightly job) names the row.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FleetRow {
  id: string;
  label: string;
  target: string;
  profile: string;
  verdict: string;
  runId: string;
  startedAt: string;
  counts: Record<string, number>;
  failed: { id: string; reason?: string }[];
  pending: { id: string; reason?: string }[];
  regressions: string[];
  evidenceSha256: string;
  source: string;
}

interface SignoffLike {
  verdict?: string;
  runId?: string;
  target?: string;
  profile?: string;
  startedAt?: string;
  counts?: Record<string, number>;
  evidenceSha256?: string;
  items?: { id: string; status: string; reason?: string }[];
  regressions?: { line: string }[];
}

/**
 * Every signoff.json under the given arguments (a file, or a directory searched three levels down); a directory with
 * only a target.json (a nightly job that produced no sign-off) is listed by its target.json.
 */
export function findSignoffs(args: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    const direct = path.join(d, 'signoff.json');
    if (fs.existsSync(direct)) return void out.push(direct);
    if (fs.existsSync(path.join(d, 'target.json'))) return void out.push(path.join(d, 'target.json'));
    if (depth <= 0) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(path.join(d, e.name), depth - 1);
    }
  };
  for (const a of args) {
    if (!fs.existsSync(a)) continue;
    if (fs.statSync(a).isDirectory()) walk(a, 3);
    else out.push(a);
  }
  return [...new Set(out.map((f) => path.resolve(f)))];
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** One row from one signoff.json (and its target.json, when the nightly job wrote one). */
export function fleetRow(file: string): FleetRow | string {
  if (path.basename(file) === 'target.json') return noReportRow(file);
  const d = readJson<SignoffLike>(file);
  if (!d || !Array.isArray(d.items) || typeof d.runId !== 'string') return `${file}: not a sign-off`;
  const meta = readJson<{ id?: string; label?: string }>(path.join(path.dirname(file), 'target.json')) ?? {};
  const pick = (s: string) => d.items!.filter((i) => i.status === s).map((i) => ({ id: i.id, reason: i.reason }));
  const target = d.target ?? '?';
  return {
    id: meta.id ?? target,
    label: meta.label ?? meta.id ?? target,
    target,
    profile: d.profile ?? '?',
    verdict: d.verdict ?? '?',
    runId: d.runId,
    startedAt: d.startedAt ?? '',
    counts: d.counts ?? {},
    failed: pick('failed'),
    pending: pick('pending'),
    regressions: (d.regressions ?? []).map((r) => r.line),
    evidenceSha256: d.evidenceSha256 ?? '',
    source: file,
  };
}

/** A job that wrote no sign-off (preflight refused, setup failed, cancelled): a row all the same. */
function noReportRow(file: string): FleetRow | string {
  const m = readJson<{ id?: string; label?: string; profile?: string }>(file);
  if (!m?.id) return `${file}: not a target.json`;
  const reason = 'no sign-off written (configuration, preflight or setup failed — see the job log)';
  return {
    id: m.id,
    label: m.label ?? m.id,
    target: m.id,
    profile: m.profile ?? '?',
    verdict: 'NO REPORT',
    runId: '—',
    startedAt: '',
    counts: {},
    failed: [{ id: 'run', reason }],
    pending: [],
    regressions: [],
    evidenceSha256: '',
    source: file,
  };
}

const ORDER: Record<string, number> = { 'NO REPORT': -1, FAIL: 0, INCOMPLETE: 1, PENDING: 2, PASS: 3 };

export function buildFleet(files: string[]): { rows: FleetRow[]; problems: string[] } {
  const rows: FleetRow[] = [];
  const problems: string[] = [];
  for (const f of files) {
    const r = fleetRow(f);
    if (typeof r === 'string') problems.push(r);
    else rows.push(r);
  }
  rows.sort((a, b) => a.id.localeCompare(b.id) || a.profile.localeCompare(b.profile));
  return { rows, problems };
}

export function verdictTally(rows: FleetRow[]): string {
  const t = new Map<string, number>();
  for (const r of rows) t.set(r.verdict, (t.get(r.verdict) ?? 0) + 1);
  return (
    [...t.entries()]
      .sort((a, b) => (ORDER[a[0]] ?? 9) - (ORDER[b[0]] ?? 9))
      .map(([v, n]) => `${n} ${v}`)
      .join(', ') || 'no run'
  );
}
