/**
 * Renderings of the fleet table: fleet.html (self-contained, no script), fleet.md (the job summary), fleet.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildFleet, findSignoffs, verdictTally, type FleetRow } from './fleet';
import { esc } from './trends';

const items = (l: { id: string; reason?: string }[]) => l.map((i) => `${i.id}${i.reason ? ` — ${i.reason}` : ''}`);

function cellList(l: string[]): string {
  return l.length ? `<ul>${l.map((x) => `<li>${esc(x.length > 200 ? `${x.slice(0, 199)}…` : x)}</li>`).join('')}</ul>` : '—';
}

function rowHtml(r: FleetRow): string {
  return `<tr data-target="${esc(r.id)}" data-profile="${esc(r.profile)}" data-verdict="${esc(r.verdict)}">
<td><b>${esc(r.label)}</b><br><small>${esc(r.target)}</small></td><td>${esc(r.profile)}</td>
<td class="verdict v-${esc(r.verdict.replace(/ /g, '-'))}">${esc(r.verdict)}</td>
<td>${cellList(items(r.failed))}</td><td>${cellList(items(r.pending))}</td><td>${cellList(r.regressions)}</td>
<td><small>${esc(r.runId)}<br>${esc(r.startedAt.slice(0, 16).replace('T', ' '))}<br>${r.evidenceSha256 ? `evidence ${esc(r.evidenceSha256.slice(0, 12))}…` : ''}</small></td></tr>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ddd;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#f3f3f3}ul{margin:0;padding-left:16px}.verdict{font-weight:700;text-align:center}.v-PASS{background:#d9f2df;color:#1b5e20}.v-FAIL{background:#fbdad7;color:#b71c1c}
.v-PENDING{background:#fdeccc;color:#7a4f00}.v-INCOMPLETE{background:#e8e8e8;color:#333}.v-NO-REPORT{background:#d33b2c;color:#fff}.meta{color:#666}`;

export function renderFleetHtml(rows: FleetRow[], generatedAt = new Date()): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Certification fleet</title><style>${STYLE}</style></head><body>
<h1>Certification fleet</h1>
<p class="meta">Generated ${esc(generatedAt.toISOString())} · ${rows.length} target/profile run(s): ${esc(verdictTally(rows))}</p>
<table id="fleet"><thead><tr><th>target</th><th>profile</th><th>verdict</th><th>failed items</th><th>pending items</th><th>regressions</th><th>run</th></tr></thead>
<tbody>
${rows.map(rowHtml).join('\n')}
</tbody></table>
</body></html>
`;
}

export function renderFleetMarkdown(rows: FleetRow[]): string {
  const cell = (l: string[]) => (l.length ? l.join('; ').replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 400) : '—');
  const lines = [
    `## Certification fleet — ${verdictTally(rows)}`,
    '',
    '| target | profile | verdict | failed | pending | regressions |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${cell([r.label])} | ${r.profile} | **${r.verdict}** | ${cell(items(r.failed))} | ${cell(r.pending.map((i) => i.id))} | ${cell(r.regressions)} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** Merges the sign-offs found under `inputs` and writes fleet.html, fleet.json, fleet.md into outDir. */
export function writeFleet(inputs: string[], outDir: string, files = findSignoffs(inputs)): { rows: FleetRow[]; problems: string[]; written: string[] } {
  const { rows, problems } = buildFleet(files);
  fs.mkdirSync(outDir, { recursive: true });
  const written = ['fleet.html', 'fleet.json', 'fleet.md'].map((f) => path.join(outDir, f));
  const now = new Date();
  fs.writeFileSync(written[0], renderFleetHtml(rows, now));
  fs.writeFileSync(written[1], `${JSON.stringify({ schemaVersion: 1, generatedAt: now.toISOString(), tally: verdictTally(rows), rows }, null, 2)}\n`);
  fs.writeFileSync(written[2], renderFleetMarkdown(rows));
  return { rows, problems, written };
}
