/**
 * The trends page as one self-contained HTML file: styles, the data as JSON, and Chart.js's UMD build inlined from
 * node_modules (no network, opens from disk).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { esc, groupHtml, groupTrends, latencySeries, loadHistory, type TrendGroup } from './trends';

/** Chart.js's UMD build (its `exports` map hides dist/, so resolve the package entry and look beside it). */
export function chartJsUmd(): { code: string; version: string } {
  const dist = path.dirname(require.resolve('chart.js'));
  const code = fs.readFileSync(path.join(dist, 'chart.umd.min.js'), 'utf8');
  let version = '?';
  try {
    version = (JSON.parse(fs.readFileSync(path.join(dist, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    /* version only labels the page */
  }
  return { code, version };
}

/** Inline-safe JSON: every `<` escaped (still valid JSON), so nothing in it can close the <script> element. */
function jsonSafe(s: string): string {
  return s.replace(/</g, '\\u003c');
}

/** Inline-safe library code: a literal `</script` (none in Chart.js today) cannot close the element. */
function scriptSafe(s: string): string {
  return s.replace(/<\/(script)/gi, '<\\/$1');
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{margin:0 0 4px}h2{margin:28px 0 4px}.profile{font-weight:normal;color:#666;font-size:.8em}
.meta{color:#666;margin:2px 0 10px}table.grid{border-collapse:collapse;font-size:12px}table.grid th,table.grid td{border:1px solid #fff;padding:2px 6px;text-align:center}
th.item{text-align:right;background:#f3f3f3}th.run{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal;color:#555;height:72px}
td.cell,td.verdict{width:72px;min-width:72px;max-width:72px}td.cell{color:#fff;font-weight:600}td.ok{background:#2e9d4f}td.bad{background:#d33b2c}td.wait{background:#f0a81c;color:#222}td.off{background:#b8b8b8}
td.verdict{font-size:10px;color:#333}.v-PASS{color:#2e7d32!important}.v-FAIL{color:#c62828!important}.legend span{display:inline-block;padding:1px 8px;margin-right:6px;color:#fff}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{margin:0;width:560px}.chart figcaption{font-size:12px;color:#555}`;

const BOOT = `(function(){var data=JSON.parse(document.getElementById('trend-data').textContent);
data.forEach(function(g,gi){g.series.forEach(function(s,ci){var el=document.getElementById('lat-'+gi+'-'+ci);if(!el)return;
new Chart(el,{type:'line',data:{labels:s.labels,datasets:[{label:'p50 (ms)',data:s.p50,borderColor:'#1f77b4',backgroundColor:'#1f77b4',spanGaps:true},
{label:'p95 (ms)',data:s.p95,borderColor:'#d62728',backgroundColor:'#d62728',spanGaps:true}]},
options:{animation:false,responsive:false,scales:{y:{beginAtZero:true,title:{display:true,text:'ms'}}},plugins:{legend:{position:'bottom'}}}});});});})();`;

/** The whole page for these groups. */
export function renderTrendsHtml(groups: TrendGroup[], generatedAt = new Date()): string {
  const chart = chartJsUmd();
  const data = groups.map((g) => ({ key: g.key, series: latencySeries(g) }));
  const body = groups.length ? groups.map((g, gi) => groupHtml(g, gi)).join('\n') : '<p>No history yet: reports/history/ is empty.</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Certification trends</title><style>${STYLE}</style></head><body>
<h1>Certification trends</h1>
<p class="meta">Generated ${esc(generatedAt.toISOString())} from the run history · ${groups.length} target/profile group(s) · charts: Chart.js ${esc(chart.version)} (inlined)</p>
<p class="legend"><span class="" style="background:#2e9d4f">passed</span><span style="background:#d33b2c">failed</span><span style="background:#f0a81c;color:#222">pending / manual</span><span style="background:#b8b8b8">blocked / N/A / not run</span></p>
${body}
<script id="trend-data" type="application/json">${jsonSafe(JSON.stringify(data))}</script>
<script>${scriptSafe(chart.code)}</script>
<script>${BOOT}</script>
</body></html>
`;
}

/** Reads the history, writes the page; returns what it wrote. */
export function writeTrends(historyDirs: string[], outFile: string, last: number): { file: string; groups: TrendGroup[]; runs: number } {
  const entries = loadHistory(historyDirs);
  const groups = groupTrends(entries, last);
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  fs.writeFileSync(outFile, renderTrendsHtml(groups));
  return { file: outFile, groups, runs: entries.length };
}
