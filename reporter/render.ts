/**
 * Markdown and self-contained HTML renderings of the (already redacted) sign-off document.
 */
import type { SignoffDocument } from './types';
import { isWarning, type EvidenceRecord, type FindingRecord, type ItemReport } from './model';

export function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function idsText(ids: Record<string, string>): string {
  const e = Object.entries(ids);
  return e.length ? e.map(([k, v]) => `${k}=${v}`).join(', ') : '—';
}

function json(v: unknown, max = 4000): string {
  let s: string;
  try {
    s = typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  } catch {
    s = String(v);
  }
  if (s === undefined) return '';
  return s.length > max ? `${s.slice(0, max)}\n… (${s.length - max} more characters)` : s;
}

const STATUS_LABEL: Record<string, string> = {
  passed: 'PASSED',
  failed: 'FAILED',
  blocked: 'BLOCKED',
  'not-applicable': 'N/A',
  pending: 'PENDING',
  manual: 'MANUAL',
};

function headerRows(d: SignoffDocument): [string, string][] {
  return [
    ['Verdict', d.verdictLabel ?? d.verdict],
    ['Environment', d.environment ?? (d.rehearsal ? 'sandbox' : 'dev')],
    ['Target', d.target],
    ['Profile', d.profile],
    ['Suite version', d.suiteVersion],
    ['OpenAPI document SHA-256', d.openapiSha256 ?? 'schemas/telegent.openapi.json not found'],
    ['Started', d.startedAt],
    ['Ended', d.endedAt],
    ['Duration', fmtMs(d.durationMs)],
    ['Operator', d.operator],
    ['Run id', d.runId + (d.ledgerRunId ? ` (ledger ${d.ledgerRunId})` : '')],
    [
      'Playwright',
      `${d.playwright.version}, run status ${d.playwright.status}, ${d.playwright.workers} worker(s)${d.playwright.shard ? `, shard ${d.playwright.shard}` : ''}`,
    ],
    ['Evidence bundle SHA-256', d.evidenceSha256],
    ['PDF', d.pdf.note],
  ];
}

/** Printed on every page of a run against the Telegent sandbox (embedded or standalone). */
export const REHEARSAL_MARK = 'Rehearsal on the Telegent sandbox — not a certification';

function regressionSummary(d: SignoffDocument): string {
  if (!d.previousRunId) return 'No previous run of this target and profile in reports/history/: nothing to compare.';
  if (!d.regressions.length) return `No regressions against the previous run ${d.previousRunId}.`;
  return `${d.regressions.length} regression(s) against the previous run ${d.previousRunId}:`;
}

function evidenceSummary(e: EvidenceRecord): string {
  const o = e as Record<string, unknown>;
  switch (e.kind) {
    case 'http':
      return `${o.method ?? ''} ${o.url ?? o.op ?? ''} → ${o.status ?? '?'} (${fmtMs(o.durationMs as number)}${o.attempts && Number(o.attempts) > 1 ? `, ${o.attempts} attempts` : ''})`;
    case 'latency': {
      const samples = Array.isArray(o.samplesMs) ? (o.samplesMs as number[]) : [];
      return `${o.what ?? 'message latency'}: p95 ${fmtMs(o.p95Ms as number)}${samples.length ? ` over ${samples.length} sample(s), min ${fmtMs(Math.min(...samples))}, max ${fmtMs(Math.max(...samples))}` : ''}`;
    }
    case 'port-status':
      return `order ${o.orderId ?? '?'}: ${o.status ?? '?'} at ${o.at ?? '?'}${o.message ? ` — ${o.message}` : ''}`;
    case 'sip':
      return `SIP ${o.what ?? 'exchange'}${Array.isArray(o.exchange) ? ` (${(o.exchange as unknown[]).length} message(s))` : ''}${o.metrics ? ` ${json(o.metrics, 400).replace(/\s+/g, ' ')}` : ''}`;
    case 'cdr':
      return 'CDR reconciliation';
    case 'webhook':
      return `${o.what ?? 'webhook'} received: ${o.method ?? 'POST'} ${o.path ?? ''} at ${o.receivedAt ?? '?'}`;
    case 'note':
      return `${o.text ?? ''}${o.ruling ? ` (ruling ${o.ruling})` : ''}`;
    case 'finding': {
      const f = (o.finding ?? o) as FindingRecord;
      return `schema finding ${f.pointer ?? ''}: expected ${f.expected ?? '?'}, actual ${f.actual ?? '?'}`;
    }
    default:
      return e.kind;
  }
}

/** The body worth showing below the one-line summary (undefined when the summary says it all). */
function evidenceBody(e: EvidenceRecord): unknown {
  const o = e as Record<string, unknown>;
  switch (e.kind) {
    case 'http': {
      const body: Record<string, unknown> = {};
      if (o.request !== undefined) body.request = o.request;
      if (o.response !== undefined) body.response = o.response;
      return Object.keys(body).length ? body : undefined;
    }
    case 'latency':
    case 'port-status':
    case 'note':
    case 'finding':
      return undefined;
    case 'sip':
      return o.exchange;
    case 'webhook':
      return { headers: o.headers, body: o.body };
    case 'cdr':
      return o.reconciliation ?? o;
    default: {
      const { kind: _k, test: _t, ...rest } = o;
      return rest;
    }
  }
}

// ---------------------------------------------------------------- Markdown

function mdCell(s: string | undefined): string {
  return (s ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function mdFence(s: string): string {
  const fence = s.includes('```') ? '~~~~' : '```';
  return `${fence}\n${s}\n${fence}`;
}

export function renderMarkdown(d: SignoffDocument): string {
  const L: string[] = [];
  L.push('# Telegent mPaaS certification — sign-off report', '');
  if (d.rehearsal) L.push(`> **${REHEARSAL_MARK}**`, '');
  L.push(
    `**Verdict: ${d.verdictLabel ?? d.verdict}** — ${Object.entries(d.counts)
      .filter(([, n]) => n)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ')}`,
    '',
  );
  L.push('| | |', '| --- | --- |');
  for (const [k, v] of headerRows(d)) L.push(`| ${k} | ${mdCell(v)} |`);
  if (d.runErrors?.length) L.push('', '## Run errors', '', mdFence(d.runErrors.join('\n\n')));
  L.push('', '## Regressions', '', regressionSummary(d));
  for (const r of d.regressions) L.push(`- ${r.line}`);
  L.push('', '## Checklist', '', '| # | Item | Owner | Status | IDs saved | Duration | Notes |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const i of d.items)
    L.push(
      `| ${i.id} | ${mdCell(i.title)} | ${i.owner} | ${STATUS_LABEL[i.status]} | ${mdCell(idsText(i.ids))} | ${fmtMs(i.durationMs)} | ${mdCell(i.reason)} |`,
    );
  L.push('', '## Findings', '');
  const failed = d.items.filter((i) => i.findings.some((f) => !isWarning(f)));
  if (!failed.length) L.push('None: no check failed.');
  for (const i of failed) {
    for (const f of i.findings.filter((x) => !isWarning(x))) {
      L.push(
        `- **Item ${i.id}** — ${mdCell(f.message || f.check)}${f.op ? ` (\`${mdCell(f.op)}${f.pointer && f.pointer !== '/' ? ` ${mdCell(f.pointer)}` : ''}\`)` : ''}: expected ${mdCell(f.expected ?? '—')}, actual ${mdCell(f.actual ?? '—')}; where documented: ${mdCell(basisOf(f) || 'not named')}`,
      );
    }
  }
  const waiting = d.items.filter((i) => i.status === 'pending' || i.status === 'manual');
  L.push('', '## Pending items and how to resume', '');
  if (!waiting.length) L.push('None.');
  for (const i of waiting) L.push(`- **Item ${i.id}** ${STATUS_LABEL[i.status]} — ${mdCell(i.reason)}`);
  L.push('', '## Warnings (assumptions that did not hold — never a failure)', '');
  const warns = warningsOf(d);
  if (!warns.length) L.push('None.');
  else {
    L.push('| Item | Check | Expected | Actual | Message | Basis |', '| --- | --- | --- | --- | --- | --- |');
    for (const [id, f] of warns)
      L.push(
        `| ${id} | ${mdCell(f.check)} ${mdCell(f.op)} \`${mdCell(f.pointer) || '/'}\` | ${mdCell(f.expected)} | ${mdCell(f.actual)} | ${mdCell(f.message)} | ${mdCell(basisOf(f))} |`,
      );
  }
  L.push('', '## Evidence per item', '');
  const detailed = d.items.filter((i) => i.tests.length);
  const noSpec = d.items.filter((i) => !i.tests.length).map((i) => i.id);
  if (noSpec.length) L.push(`Items without a spec in this run: ${noSpec.join(', ')}.`, '');
  for (const i of detailed) L.push(...mdItem(i));
  L.push('## Rulings applied', '');
  if (!d.rulings.length) L.push("No ruling of the register was referenced by this run's evidence.", '');
  for (const r of d.rulings) {
    const { id, ...rest } = r;
    const title = (rest.title ?? rest.topic ?? rest.summary ?? rest.question ?? '') as string;
    L.push(`### ${id}${title ? ` — ${mdCell(String(title))}` : ''}`, '', mdFence(json(rest, 3000)), '');
  }
  L.push('## Sign-off (joint items)', '');
  L.push(`Attestation: ${d.signoff.attestationNote}`, '');
  for (const s of d.signoff.items) L.push(`- Item ${s.id} — ${s.title} — status **${STATUS_LABEL[s.status]}**`);
  L.push('');
  L.push('| Party | Name | Role | Date | Signature |', '| --- | --- | --- | --- | --- |');
  for (const team of ['partner', 'telegent'] as const) {
    const a = d.signoff.signatures?.find((x) => x.team === team);
    L.push(
      `| ${team === 'partner' ? 'Partner' : 'Telegent'} | ${mdCell(a?.name) || '____________'} | ${mdCell(a?.role) || '____________'} | ${mdCell(a?.date?.slice(0, 10)) || '__________'} | ${a ? 'attested' : '____________________'} |`,
    );
  }
  L.push('', '## Evidence digest', '', `SHA-256 \`${d.evidenceSha256}\` — ${d.evidenceDigestOf}.`, '');
  const notes = d.notes.filter((n) => !n.startsWith('run error: '));
  if (notes.length) L.push('## Notes', '', ...notes.map((n) => `- ${mdCell(n)}`), '');
  L.push(`Redaction: ${d.redaction.helper}; ${d.redaction.envValuesScrubbed} secret value(s) from the environment scrubbed.`, '');
  return L.join('\n');
}

/** Every warning of the run, with its item, de-duplicated (the same assumption met twice is one line). */
function warningsOf(d: SignoffDocument): [string, FindingRecord][] {
  const seen = new Set<string>();
  const out: [string, FindingRecord][] = [];
  for (const i of d.items) {
    for (const f of i.findings.filter(isWarning)) {
      const k = `${i.id}|${f.check}|${f.op}|${f.pointer}|${f.message}`;
      if (!seen.has(k)) out.push([i.id, f]);
      seen.add(k);
    }
  }
  return out;
}

function basisOf(f: FindingRecord): string {
  return f.basis ?? f.ruling ?? '';
}

/** A test's own title, without the item's describe title in front ("item 2: … › creates a Product" → "creates a Product"). */
function shortTitle(title: string): string {
  const i = title.lastIndexOf(' › ');
  return i >= 0 ? title.slice(i + 3) : title;
}

/** "http ×12, port-status ×3" */
function evidenceKinds(ev: EvidenceRecord[]): string {
  const n = new Map<string, number>();
  for (const e of ev) n.set(String(e.kind), (n.get(String(e.kind)) ?? 0) + 1);
  return [...n].map(([k, c]) => `${k} ×${c}`).join(', ');
}

function mdItem(i: ItemReport): string[] {
  const L: string[] = [`### ${i.id} — ${mdCell(i.title)}`, ''];
  L.push(
    `Status **${STATUS_LABEL[i.status]}**${i.reason ? ` — ${mdCell(i.reason)}` : ''}${i.observedStatus ? ` (tests alone: ${i.observedStatus})` : ''}. Owner ${i.owner}. Duration ${fmtMs(i.durationMs)}.${i.latencyP95Ms !== undefined ? ` Message latency p95 ${fmtMs(i.latencyP95Ms)}.` : ''}`,
    '',
  );
  if (i.description) L.push(`_${mdCell(i.description)}_`, '');
  L.push('Tests:', '');
  for (const t of i.tests) L.push(`- ${STATUS_LABEL[t.status]} ${mdCell(t.title)} (${fmtMs(t.durationMs)})${t.reason ? ` — ${mdCell(t.reason)}` : ''}`);
  L.push('');
  const errs = i.findings.filter((f) => !isWarning(f));
  if (errs.length) {
    L.push(
      'Findings:',
      '',
      '| Severity | Check | Operation | JSON pointer | Expected | Actual | Message | Basis |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const f of errs)
      L.push(
        `| ${mdCell(f.severity)} | ${mdCell(f.check)} | ${mdCell(f.op)} | \`${mdCell(f.pointer) || '/'}\` | ${mdCell(f.expected)} | ${mdCell(f.actual)} | ${mdCell(f.message)} | ${mdCell(basisOf(f))} |`,
      );
    L.push('');
  }
  const errors = i.tests.flatMap((t) => t.errors.map((e) => `${t.title}: ${e}`));
  if (errors.length) L.push('Errors:', '', mdFence(errors.join('\n\n').slice(0, 6000)), '');
  const ev = i.evidence.filter((e) => e.kind !== 'finding');
  if (ev.length) {
    L.push('Evidence:', '');
    for (const e of ev) {
      L.push(`- **${e.kind}** ${mdCell(evidenceSummary(e))}`);
      const b = evidenceBody(e);
      if (b !== undefined)
        L.push(
          '',
          mdFence(json(b))
            .split('\n')
            .map((l) => `  ${l}`)
            .join('\n'),
          '',
        );
    }
    L.push('');
  }
  return L;
}

// ---------------------------------------------------------------- HTML

export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"DejaVu Sans",sans-serif;color:#1d2330;margin:0;background:#f4f6f9}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:24px;margin:0 0 12px}
h2{font-size:19px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid #d9dee7}
h3{font-size:15px;margin:22px 0 6px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid #d4d9e2;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f6;font-weight:600}
tr:nth-child(even) td{background:#fafbfd}
code,pre{font:12px/1.4 "DejaVu Sans Mono",Menlo,Consolas,monospace}
pre{background:#f5f7fa;border:1px solid #e1e5ec;padding:8px;white-space:pre-wrap;word-break:break-all;margin:4px 0 10px}
.verdict{display:flex;align-items:center;gap:16px;padding:14px 18px;border-radius:6px;margin:8px 0 16px;font-size:16px;border:2px solid}
.verdict strong{font-size:26px;letter-spacing:.04em}
.v-PASS{background:#e7f6ec;border-color:#2f8f4e;color:#1d5e33}
.v-FAIL{background:#fdeaea;border-color:#c62828;color:#8e1c1c}
.rehearsal{position:fixed;top:0;left:0;right:0;z-index:9;background:#5b2a86;color:#fff;font-weight:700;text-align:center;padding:3px 0;font-size:12px;letter-spacing:.03em}
body.is-rehearsal main{padding-top:34px}
details>summary{cursor:pointer;font-weight:600;margin:6px 0}
.v-INCOMPLETE,.v-PENDING{background:#fff6e0;border-color:#c98a00;color:#6e4d00}
.badge{display:inline-block;min-width:74px;text-align:center;padding:1px 6px;border-radius:3px;font-size:12px;font-weight:700;border:1px solid}
.s-passed{background:#e7f6ec;color:#1d5e33;border-color:#2f8f4e}
.s-failed{background:#fdeaea;color:#8e1c1c;border-color:#c62828}
.s-blocked{background:#f3e8fd;color:#5b2a86;border-color:#7b3fb0}
.s-not-applicable{background:#eef0f3;color:#4a5260;border-color:#9aa3b1}
.s-pending{background:#fff6e0;color:#6e4d00;border-color:#c98a00}
.s-manual{background:#e6f0fb;color:#174a80;border-color:#2f6db5}
.kv th{width:230px}
.meta{color:#5a6272;font-size:13px}
.regressions li{color:#8e1c1c;font-weight:600}
.item{border:1px solid #dfe3ea;border-radius:6px;padding:4px 14px 8px;margin:14px 0;page-break-inside:auto}
.item h3{margin-top:10px}
.ev{margin:6px 0}
.ev .kind{display:inline-block;font-weight:700;font-size:12px;text-transform:uppercase;color:#3b4456;min-width:92px}
.sig td{height:34px}
.sigline{border-bottom:1px solid #1d2330;min-width:200px;display:inline-block}
td.id{white-space:nowrap;font-weight:700}
td.dur{white-space:nowrap}
.cover-head{display:flex;align-items:baseline;justify-content:space-between;gap:12px;margin:0 0 6px}
.cover-head h1{font-size:20px;margin:0}
.cover{display:grid;grid-template-columns:minmax(0,1fr) 330px;gap:14px;align-items:start}
.cover h2{font-size:15px;margin:10px 0 4px;padding-bottom:2px}
table.items{table-layout:fixed;font-size:12px;margin:0}
table.items th,table.items td{padding:2px 5px;line-height:1.25}
table.items th:nth-child(1){width:30px}table.items th:nth-child(2){width:38%}table.items th:nth-child(3){width:54px}table.items th:nth-child(4){width:82px}table.items th:nth-child(5){width:22%}
td.cut{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:0}
table.items .badge{min-width:0;width:100%;font-size:11px;padding:0 3px}
.cover-side .verdict{flex-wrap:wrap;gap:4px 12px;padding:10px 12px;margin:0 0 8px;font-size:13px}
.cover-side .verdict strong{font-size:21px}
.counts-line{margin:0 0 8px;font-size:13px}
.cover-side table.kv{font-size:12px;margin:0 0 6px}.cover-side table.kv th{width:128px}.cover-side th,.cover-side td{padding:2px 6px}
.attestation table.sig{font-size:12px}.attestation .sig td{height:26px}.attestation .sigline{min-width:70px}
.finding{border-left:4px solid #c62828;padding:2px 10px;margin:6px 0;background:#fdf6f6}
.finding .what{font-weight:600;margin:4px 0}
.finding dl{display:grid;grid-template-columns:150px 1fr;gap:2px 10px;margin:2px 0 6px}.finding dt{color:#5a6272}.finding dd{margin:0}
.proof pre{max-height:340px;overflow:auto}
@page{size:A4;margin:16mm 12mm 14mm}
.print-only{display:none}
@media print{.cover{display:block}.cover-side{margin-top:8px;display:grid;grid-template-columns:1fr 1fr;gap:0 12px}.cover-side .verdict,.cover-side .counts-line{grid-column:1/3}table.items{font-size:10px}table.items th,table.items td{padding:1px 4px}#cover{break-after:page}.item table.tests{display:none}.print-only{display:block}body{background:#fff;font-size:12px;line-height:1.35}th,td{padding:3px 6px}h2{margin:20px 0 8px}.item{margin:10px 0}main{padding:0;max-width:none}body.is-rehearsal main{padding-top:0}.rehearsal{display:none}.item{break-inside:auto}h2,h3{break-after:avoid}tr{break-inside:avoid}}
`;

/** Escaped text with `backticks` rendered as code (checklist titles use them). */
function escCode(s: unknown): string {
  return esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function badge(status: string): string {
  return `<span class="badge s-${esc(status)}">${esc(STATUS_LABEL[status] ?? status)}</span>`;
}

export function renderHtml(d: SignoffDocument): string {
  const H: string[] = [];
  H.push('<!doctype html>', '<html lang="en"><head><meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">');
  const label = d.verdictLabel ?? d.verdict;
  H.push(`<title>Sign-off — ${esc(label)} — ${esc(d.target)}</title>`, `<style>${CSS}</style></head><body${d.rehearsal ? ' class="is-rehearsal"' : ''}>`);
  // position:fixed on screen, an @page margin box in print: a rehearsal can never be mistaken for a certification
  if (d.rehearsal)
    H.push(
      `<div class="rehearsal" id="rehearsal">${esc(REHEARSAL_MARK)}</div>`,
      `<style>@page{@top-center{content:"${REHEARSAL_MARK}";color:#5b2a86;font:700 11px sans-serif}}</style>`,
    );
  H.push('<main>', ...coverPage(d));
  if (d.runErrors?.length) H.push(`<section id="run-errors"><h2>Run errors</h2><pre>${esc(d.runErrors.join('\n\n'))}</pre></section>`);
  H.push(...findingsSection(d), ...warningsSection(d), ...pendingSection(d));
  H.push('<h2>Regressions</h2>', `<section id="regressions"><p>${esc(regressionSummary(d))}</p>`);
  if (d.regressions.length) H.push(`<ul class="regressions">${d.regressions.map((r) => `<li data-item="${esc(r.item)}">${esc(r.line)}</li>`).join('')}</ul>`);
  H.push('</section>', ...rulingsSection(d), ...runDetails(d));
  H.push(
    '<h2>Appendix — evidence per item</h2>',
    `<p class="meta">Collapsed here and summarised in the PDF; the full bundle is <code>evidence.json</code> (SHA-256 below).</p>`,
  );
  const noSpec = d.items.filter((i) => !i.tests.length).map((i) => i.id);
  if (noSpec.length) H.push(`<p class="meta">Items without a spec in this run: ${esc(noSpec.join(', '))}.</p>`);
  for (const i of d.items.filter((x) => x.tests.length)) H.push(htmlItem(i));
  H.push(
    '<h2>Evidence digest</h2>',
    `<p id="evidence-digest">SHA-256 <code>${esc(d.evidenceSha256)}</code></p><p class="meta">${esc(d.evidenceDigestOf)}.</p>`,
  );
  const notes = d.notes.filter((n) => !n.startsWith('run error: '));
  if (notes.length) H.push('<h2>Notes</h2>', `<ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  H.push(
    `<p class="meta">Redaction: ${esc(d.redaction.helper)}; ${d.redaction.envValuesScrubbed} secret value(s) from the environment scrubbed. Generated ${esc(d.endedAt)}.</p>`,
  );
  H.push('</main></body></html>');
  return H.join('\n');
}

/** Open findings (errors) and warnings of the run, for page 1. */
function findingCounts(d: SignoffDocument): { findings: number; warnings: number } {
  return { findings: d.items.reduce((n, i) => n + i.findings.filter((f) => !isWarning(f)).length, 0), warnings: warningsOf(d).length };
}

function short(v: string | null | undefined): string {
  return v ? `${v.slice(0, 16)}…` : '—';
}

/** Page 1, the page both teams sign: verdict, environment, the item table, counts and the attestation block. */
function coverPage(d: SignoffDocument): string[] {
  const label = d.verdictLabel ?? d.verdict;
  const c = findingCounts(d);
  const counts = Object.entries(d.counts)
    .filter(([, n]) => n)
    .map(([s, n]) => `${n} ${esc(s)}`)
    .join(' · ');
  const H = [
    `<header class="cover-head"><h1>Telegent mPaaS certification — sign-off</h1><span class="meta">run <code>${esc(d.runId)}</code> · ${esc(d.startedAt.slice(0, 16).replace('T', ' '))} UTC</span></header>`,
  ];
  H.push('<section id="cover" class="cover"><div class="cover-items">');
  H.push(
    '<table id="checklist" class="items"><thead><tr><th>#</th><th>Item</th><th>Owner</th><th>Status</th><th>IDs saved</th><th>Outcome</th></tr></thead><tbody>',
  );
  for (const i of d.items) {
    const link = i.tests.length ? `<a href="#item-${esc(i.id)}">${escCode(i.title)}</a>` : escCode(i.title);
    const ids = idsText(i.ids);
    const outcome = i.reason ?? (i.status === 'passed' ? `${i.tests.length} test(s) passed` : '');
    H.push(
      `<tr data-item="${esc(i.id)}" data-status="${esc(i.status)}"><td class="id">${esc(i.id)}</td><td class="cut" title="${esc(i.title)}">${link}</td><td>${esc(i.owner)}</td><td>${badge(i.status)}</td><td class="cut"><code title="${esc(ids)}">${esc(ids)}</code></td><td class="cut" title="${esc(outcome)}">${esc(outcome)}</td></tr>`,
    );
  }
  H.push('</tbody></table></div><aside class="cover-side">');
  H.push(
    `<div id="verdict" class="verdict v-${esc(d.verdict)}" data-verdict="${esc(d.verdict)}"><span>Verdict</span><strong>${esc(label)}</strong><span class="counts">${counts}</span></div>`,
  );
  H.push(
    `<p id="finding-counts" class="counts-line"><b>${c.findings}</b> open finding(s) · <b>${c.warnings}</b> warning(s) · <b>${d.regressions.length}</b> regression(s) · <b>${d.counts.pending}</b> pending</p>`,
  );
  const env: [string, string][] = [
    ['Environment', `${d.environment ?? (d.rehearsal ? 'sandbox' : 'dev')}${d.rehearsal ? ' (rehearsal)' : ''}`],
    ['Target', d.targetHost ?? d.target],
    ['Profile', d.profile],
    ['Suite', d.suiteVersion],
    ['OpenAPI SHA-256', short(d.openapiSha256)],
    ['Evidence SHA-256', short(d.evidenceSha256)],
    ['Duration', `${fmtMs(d.durationMs)} · operator ${d.operator}`],
  ];
  H.push(`<table class="kv" id="run-header"><tbody>${env.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`);
  H.push(...attestationBlock(d), '</aside></section>');
  return H;
}

function attestationBlock(d: SignoffDocument): string[] {
  const H = ['<section id="signoff" class="attestation"><h2>Attestation</h2>'];
  H.push(`<p class="meta">${escCode(d.signoff.attestationNote)}</p>`);
  H.push('<table class="sig"><thead><tr><th>Party</th><th>Name</th><th>Role</th><th>Date</th><th>Signature</th></tr></thead><tbody>');
  for (const team of ['partner', 'telegent'] as const) {
    const s = d.signoff.signatures?.find((x) => x.team === team);
    H.push(
      `<tr data-team="${team}"><th>${team === 'partner' ? 'Partner' : 'Telegent'}</th><td>${esc(s?.name ?? '')}</td><td>${esc(s?.role ?? '')}</td><td>${esc(s?.date?.slice(0, 10) ?? '')}</td><td><span class="sigline">${s ? 'attested ✓' : '&nbsp;'}</span></td></tr>`,
    );
  }
  H.push('</tbody></table>');
  H.push(`<p class="meta">Joint items: ${d.signoff.items.map((s) => `${esc(s.id)} ${badge(s.status)}`).join(' ')}</p></section>`);
  return H;
}

/** Findings of the failed items, in plain words: what was expected, what came, where it is documented, the evidence. */
function findingsSection(d: SignoffDocument): string[] {
  const H = ['<h2>Findings</h2>', '<section id="findings">'];
  const withErrors = d.items.filter((i) => i.findings.some((f) => !isWarning(f)) || i.status === 'failed');
  if (!withErrors.length) H.push('<p class="meta">None: no check failed.</p>');
  for (const i of withErrors) {
    H.push(`<div class="finding-item" data-item="${esc(i.id)}"><h3>Item ${esc(i.id)} — ${escCode(i.title)} ${badge(i.status)}</h3>`);
    const errs = i.findings.filter((f) => !isWarning(f));
    if (!errs.length && i.reason) H.push(`<p>${esc(i.reason)}</p>`);
    for (const f of errs) H.push(findingCard(f));
    H.push(...proofOf(i), '</div>');
  }
  H.push('</section>');
  return H;
}

function findingCard(f: FindingRecord): string {
  const what = f.message || `${f.check ?? 'check'} ${f.op ?? ''} ${f.pointer ?? ''}`.trim();
  const where = [f.op, f.pointer && f.pointer !== '/' ? `at ${f.pointer}` : ''].filter(Boolean).join(' ');
  return `<div class="finding" data-check="${esc(f.check)}"><p class="what">${esc(what)}${where ? ` <code>${esc(where)}</code>` : ''}</p><dl><dt>Expected</dt><dd>${esc(f.expected ?? '—')}</dd><dt>Actual</dt><dd>${esc(f.actual ?? '—')}</dd><dt>Where documented</dt><dd>${esc(basisOf(f) || 'not named')}</dd></dl></div>`;
}

/** The evidence that shows a failed item's findings: the webhooks it received, and the HTTP exchanges that carry a finding. */
function proofOf(i: ItemReport): string[] {
  const ops = new Set(
    i.findings
      .filter((f) => !isWarning(f))
      .map((f) => f.op)
      .filter(Boolean),
  );
  const hooks = i.evidence.filter((e) => e.kind === 'webhook');
  const http = i.evidence
    .filter(
      (e) =>
        e.kind === 'http' &&
        (ops.has(String((e as Record<string, unknown>).op)) ||
          (Array.isArray((e as Record<string, unknown>).findings) && ((e as Record<string, unknown>).findings as unknown[]).length)),
    )
    .slice(-3);
  const proof = [...hooks, ...http];
  if (!proof.length || i.status !== 'failed') return [];
  return [
    `<div class="proof"><p class="meta">Evidence (credentials redacted):</p>${proof.map((e) => `<div class="ev ev-${esc(e.kind)}"><span class="kind">${esc(e.kind)}</span> ${esc(evidenceSummary(e))}<pre>${esc(json(evidenceBody(e), 2500))}</pre></div>`).join('')}</div>`,
  ];
}

function warningsSection(d: SignoffDocument): string[] {
  const warns = warningsOf(d);
  const H = [`<h2>Warnings <span class="meta">(assumptions that did not hold — never a failure)</span></h2>`, '<section id="warnings">'];
  if (!warns.length) H.push('<p class="meta">None.</p>');
  else {
    H.push('<table class="findings"><thead><tr><th>Item</th><th>What</th><th>Expected</th><th>Actual</th><th>Where documented</th></tr></thead><tbody>');
    for (const [id, f] of warns)
      H.push(
        `<tr><td class="id">${esc(id)}</td><td>${esc(f.message)} <code>${esc(f.op)} ${esc(f.pointer || '/')}</code></td><td>${esc(f.expected)}</td><td>${esc(f.actual)}</td><td>${esc(basisOf(f))}</td></tr>`,
      );
    H.push('</tbody></table>');
  }
  H.push('</section>');
  return H;
}

function pendingSection(d: SignoffDocument): string[] {
  const pending = d.items.filter((i) => i.status === 'pending' || i.status === 'manual');
  const H = ['<h2>Pending items and how to resume</h2>', '<section id="pending">'];
  if (!pending.length) H.push('<p class="meta">None.</p>');
  else {
    H.push('<ul>');
    for (const i of pending) {
      const how =
        i.attestation === 'awaiting'
          ? 'both teams attest this report (npm run attest), then npm run verify'
          : i.status === 'manual'
            ? 'an operator does what the note says, then npm run certify -- --resume'
            : 'npm run certify -- --resume once the outside world has answered';
      H.push(`<li data-item="${esc(i.id)}"><b>${esc(i.id)}</b> ${badge(i.status)} ${esc(i.reason ?? '')} — <i>${esc(how)}</i></li>`);
    }
    H.push('</ul>');
  }
  H.push('</section>');
  return H;
}

function rulingsSection(d: SignoffDocument): string[] {
  const H = ['<h2>Rulings applied</h2>'];
  if (!d.rulings.length) return [...H, '<p class="meta">No ruling of the register was referenced by this run\'s evidence.</p>'];
  H.push('<table id="rulings"><thead><tr><th>Ruling</th><th>Entry (schemas/rulings.json)</th></tr></thead><tbody>');
  for (const r of d.rulings) {
    const { id, ...rest } = r;
    const topic = String((rest as Record<string, unknown>).topic ?? (rest as Record<string, unknown>).title ?? '');
    H.push(`<tr><td class="id">${esc(id)}</td><td><details><summary>${esc(topic || 'entry')}</summary><pre>${esc(json(rest, 3000))}</pre></details></td></tr>`);
  }
  H.push('</tbody></table>');
  return H;
}

/** The run's full header (every field), after the signed page. */
function runDetails(d: SignoffDocument): string[] {
  const rows = headerRows(d).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${k.includes('SHA') || k === 'Run id' ? `<code>${esc(v)}</code>` : esc(v)}</td></tr>`);
  return ['<h2>Run details</h2>', `<table class="kv" id="run-details"><tbody>${rows.join('')}</tbody></table>`];
}

function htmlItem(i: ItemReport): string {
  const H: string[] = [`<section class="item" id="item-${esc(i.id)}" data-status="${esc(i.status)}">`];
  H.push(`<h3>${esc(i.id)} — ${escCode(i.title)}</h3>`);
  H.push(
    `<p>${badge(i.status)} ${esc(i.reason ?? '')}${i.observedStatus ? ` <span class="meta">(tests alone: ${esc(i.observedStatus)})</span>` : ''}<br><span class="meta">Owner ${esc(i.owner)} · duration ${esc(fmtMs(i.durationMs))}${i.latencyP95Ms !== undefined ? ` · message latency p95 ${esc(fmtMs(i.latencyP95Ms))}` : ''}${i.dependsOn.length ? ` · depends on ${esc(i.dependsOn.join(', '))}` : ''}${i.rulings.length ? ` · rulings ${esc(i.rulings.join(', '))}` : ''}</span></p>`,
  );
  if (i.description) H.push(`<p class="meta">${esc(i.description)}</p>`);
  H.push('<table class="tests"><thead><tr><th>Test</th><th>Status</th><th>Duration</th><th>Reason</th></tr></thead><tbody>');
  for (const t of i.tests)
    H.push(
      `<tr><td>${esc(shortTitle(t.title))}</td><td>${badge(t.status)}</td><td class="dur">${esc(fmtMs(t.durationMs))}</td><td>${esc(t.reason ?? '')}</td></tr>`,
    );
  H.push('</tbody></table>');
  H.push(`<p class="print-only meta">Tests: ${i.tests.map((t) => `${esc(shortTitle(t.title))} — ${esc(STATUS_LABEL[t.status] ?? t.status)}`).join(' · ')}</p>`);
  const errs = i.findings.filter((f) => !isWarning(f));
  if (errs.length) {
    H.push(
      '<table class="findings"><thead><tr><th>Severity</th><th>Check</th><th>Operation</th><th>JSON pointer</th><th>Expected</th><th>Actual</th><th>Message</th><th>Basis</th></tr></thead><tbody>',
    );
    for (const f of errs)
      H.push(
        `<tr><td>${esc(f.severity)}</td><td>${esc(f.check)}</td><td><code>${esc(f.op)}</code></td><td><code>${esc(f.pointer || '/')}</code></td><td>${esc(f.expected)}</td><td>${esc(f.actual)}</td><td>${esc(f.message)}</td><td>${esc(basisOf(f))}</td></tr>`,
      );
    H.push('</tbody></table>');
  }
  const errors = i.tests.flatMap((t) => t.errors.map((e) => `${t.title}: ${e}`));
  if (errors.length) H.push(`<div class="ev"><span class="kind">errors</span><pre>${esc(errors.join('\n\n').slice(0, 6000))}</pre></div>`);
  const ev = i.evidence.filter((x) => x.kind !== 'finding');
  // the raw evidence is an appendix: collapsed on screen, summarised (one line) in the PDF; the full bundle is evidence.json
  if (ev.length) H.push(`<details class="evidence"><summary>Evidence: ${ev.length} record(s) — ${esc(evidenceKinds(ev))}</summary>`);
  for (const e of ev) {
    const b = evidenceBody(e);
    H.push(
      `<div class="ev ev-${esc(e.kind)}"><span class="kind">${esc(e.kind)}</span> ${esc(evidenceSummary(e))}${b !== undefined ? `<pre>${esc(json(b))}</pre>` : ''}</div>`,
    );
  }
  if (ev.length) H.push('</details>');
  H.push('</section>');
  return H.join('\n');
}
