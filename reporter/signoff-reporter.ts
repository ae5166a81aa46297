/**
 * Sign-off reporter (Playwright custom reporter). Writes, under the output directory (default `reports/`,
 * overridden by env CERT_REPORT_DIR): signoff.json, signoff.md, signoff.html (self-contained), signoff.pdf
 * (Debian chromium, when present), evidence.json (the bundle `evidenceSha256` is the digest of) and history/<runId>.json. Every string is redacted before it is written.
 *
 *   reporter: [['./reporter/signoff-reporter.ts', { outputDir: 'reports' }]]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { buildSignoff } from './build';
import type { SignoffDocument } from './types';
import { renderHtml, renderMarkdown } from './render';
import { chromiumPath, renderPdf, warmPdfRenderer, type PdfRenderer } from './pdf';
import { EVIDENCE_FILE, evidenceText } from './evidence-file';
import type { Redactor } from './redaction';

export interface SignoffReporterOptions {
  /** Where the files go (default `reports`; env CERT_REPORT_DIR wins). Relative to the working directory. */
  outputDir?: string;
  /** Render signoff.pdf (default true; env CERT_REPORT_PDF=0 turns it off). */
  pdf?: boolean;
  /** Chromium binary (default env CERT_CHROMIUM, else /usr/bin/chromium-headless-shell or /usr/bin/chromium: reporter/pdf.ts). */
  chromium?: string;
  /** Run ledger (default `<outputDir>/run-state.json`, env CERT_RUN_STATE). */
  runStateFile?: string;
  /** History directory (default `<outputDir>/history`). */
  historyDir?: string;
  /** No console summary. */
  quiet?: boolean;
}

export interface SignoffFiles {
  json: string;
  md: string;
  html: string;
  pdf: string | null;
  history: string;
  /** The evidence bundle whose SHA-256 is `evidenceSha256` (its exact canonical bytes). */
  evidence: string;
}

/** onEnd's sign-off, handed to onExit with the PDF print under way */
interface Printing {
  out: string;
  doc: SignoffDocument;
  files: SignoffFiles;
  redactor: Redactor;
  writeAll: (d: SignoffDocument) => void;
  reportStarted: number;
  reportMs: number;
  pdfStarted: number;
  pdf?: { file: string; result: Promise<{ ok: true } | { ok: false; error: string }> };
}

function writeAtomic(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

export default class SignoffReporter implements Reporter {
  private config?: FullConfig;
  private suite?: Suite;
  private startedAt = new Date();
  private readonly opts: SignoffReporterOptions;
  private readonly seen = new Set<TestCase>();
  private readonly runErrors: string[] = [];
  /** chromium, started early in the run (after its first test) so the PDF at its end costs only the print */
  private pdfRenderer?: PdfRenderer;
  private pdfWarmTried = false;
  /** what onEnd wrote, the PDF print under way: finished (and the console lines printed) in onExit */
  private printing?: Printing;

  constructor(options: SignoffReporterOptions = {}) {
    this.opts = options;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.suite = suite;
    this.startedAt = new Date();
  }

  private get pdfWanted(): boolean {
    return this.opts.pdf ?? process.env.CERT_REPORT_PDF !== '0';
  }

  private get chromium(): string {
    return this.opts.chromium ?? chromiumPath();
  }

  onTestEnd(test: TestCase, _result: TestResult): void {
    this.seen.add(test);
    // chromium starts once the first test is over (the worker is up by then: its start is the run's critical path)
    if (this.pdfWarmTried) return;
    this.pdfWarmTried = true;
    if (this.pdfWanted && fs.existsSync(this.chromium)) this.pdfRenderer = warmPdfRenderer(this.chromium);
  }

  /** Errors outside any test (global setup, config, worker crash): listed in the report, redacted. */
  onError(error: TestError): void {
    const msg = (error.message ?? error.value ?? 'unknown error').replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
    const where = error.location ? ` (${path.relative(process.cwd(), error.location.file)}:${error.location.line})` : '';
    this.runErrors.push(`${msg.split('\n').slice(0, 6).join('\n')}${where}`.slice(0, 2000));
  }

  get outputDir(): string {
    return path.resolve(process.env.CERT_REPORT_DIR || this.opts.outputDir || 'reports');
  }

  /**
   * The sign-off files are written here; the PDF print is started and finished in onExit, so chromium prints while
   * the reporters after this one (JUnit, Allure) write theirs.
   */
  async onEnd(result: FullResult): Promise<void> {
    try {
      this.printing = await this.write(result);
    } catch (e) {
      await this.pdfRenderer?.close();
      // Never print a raw stack that might carry evidence; the message is enough to debug.
      console.error(`signoff-reporter: failed to write the sign-off report: ${(e as Error).message}`);
      throw e;
    }
  }

  async onExit(): Promise<void> {
    const p = this.printing;
    this.printing = undefined;
    try {
      if (p) await this.finish(p);
    } finally {
      await this.pdfRenderer?.close();
    }
  }

  private async write(result: FullResult): Promise<Printing> {
    const out = this.outputDir;
    fs.mkdirSync(out, { recursive: true });
    const reportStarted = Date.now();
    const tests = this.suite ? this.suite.allTests() : [...this.seen];
    const pdfWanted = this.pdfWanted;
    const chromium = this.chromium;
    const pdfNote = !pdfWanted
      ? { rendered: false, note: 'not rendered (disabled by option or CERT_REPORT_PDF=0)' }
      : fs.existsSync(chromium)
        ? { rendered: true, note: `signoff.pdf, rendered from signoff.html by ${chromium} (headless)` }
        : { rendered: false, note: `not rendered: ${chromium} not found (apt-get install chromium)` };
    const historyDir = this.opts.historyDir ? path.resolve(this.opts.historyDir) : path.join(out, 'history');
    const { doc, redactor, history } = buildSignoff(tests, {
      outputDir: out,
      startedAt: this.startedAt,
      endedAt: new Date(),
      runStatus: result.status,
      playwrightVersion: this.config?.version ?? 'unknown',
      shard: this.config?.shard ? `${this.config.shard.current}/${this.config.shard.total}` : null,
      workers: this.config?.workers ?? 0,
      runStateFile: this.opts.runStateFile ?? process.env.CERT_RUN_STATE,
      historyDir,
      pdfNote,
      runErrors: this.runErrors,
    });

    const files: SignoffFiles = {
      json: path.join(out, 'signoff.json'),
      md: path.join(out, 'signoff.md'),
      html: path.join(out, 'signoff.html'),
      pdf: null,
      history: path.join(historyDir, `${doc.runId}.json`),
      evidence: path.join(out, EVIDENCE_FILE),
    };
    const writeAll = (d: SignoffDocument) => {
      writeAtomic(files.json, redactor.literal(JSON.stringify(d, null, 2)) + '\n');
      writeAtomic(files.md, finalScrub(redactor, renderMarkdown(d)));
      writeAtomic(files.html, finalScrub(redactor, renderHtml(d)));
    };
    writeAll(doc);
    // Exactly the bytes hashed into evidenceSha256 (the doc is already redacted; the literal pass is the last defence).
    writeAtomic(files.evidence, redactor.literal(evidenceText(doc.items)));
    writeAtomic(files.history, redactor.literal(JSON.stringify(history, null, 2)) + '\n');

    const reportMs = Date.now() - reportStarted;
    const pdfStarted = Date.now();
    let pdf: Printing['pdf'];
    if (pdfNote.rendered) {
      const pdfFile = path.join(out, 'signoff.pdf');
      pdf = { file: pdfFile, result: this.pdfRenderer ? this.pdfRenderer.render(files.html, pdfFile) : renderPdf(files.html, pdfFile, chromium) };
    }
    return { out, doc, files, redactor, writeAll, reportStarted, reportMs, pdfStarted, pdf };
  }

  /** the PDF printed (or its failure written into the sign-off), the timings, the console lines */
  private async finish(p: Printing): Promise<void> {
    const { doc, files, redactor } = p;
    if (p.pdf) {
      const r = await p.pdf.result.catch((e: Error) => ({ ok: false as const, error: e.message }));
      if (r.ok) files.pdf = p.pdf.file;
      else {
        doc.pdf = { rendered: false, note: `not rendered: ${redactor.text(r.error)}` };
        p.writeAll(doc);
      }
    }
    writeTimings(p.out, {
      testsEndedAt: p.reportStarted,
      reportMs: p.reportMs,
      pdfMs: p.pdf ? Date.now() - p.pdfStarted : 0,
      items: doc.items.map((it) => ({ id: it.id, ms: it.durationMs })),
    });
    if (!this.opts.quiet) {
      const lines = [
        `signoff: ${doc.verdictLabel} — ${Object.entries(doc.counts)
          .filter(([, n]) => n)
          .map(([s, n]) => `${n} ${s}`)
          .join(', ')}`,
        ...doc.items.filter((i) => i.status === 'failed').map((i) => `signoff: item ${i.id} failed — ${i.reason ?? ''}`.slice(0, 300)),
        ...doc.regressions.map((r) => `signoff: ${r.line}`),
        ...doc.latencyNotes.map((l) => `signoff: ${l}`),
        `signoff: ${path.relative(process.cwd(), files.html) || files.html} (+ .json, .md${files.pdf ? ', .pdf' : ''}); PDF ${doc.pdf.note}`,
      ];
      for (const l of lines) console.log(finalScrub(redactor, l));
    }
  }
}

/** Adds the reporter's part to timings.json (the global setup wrote its own); no timings.json → nothing to add to. */
function writeTimings(dir: string, part: Record<string, unknown>): void {
  const file = path.join(dir, 'timings.json');
  try {
    const t = JSON.parse(fs.readFileSync(file, 'utf8'));
    writeAtomic(file, JSON.stringify({ ...t, ...part, reportEndedAt: Date.now() }));
  } catch {
    /* a run without the global setup (fixture projects) */
  }
}

/** Last line of defence on rendered text: literal secrets only (the structured pass already ran). */
function finalScrub(r: Redactor, s: string): string {
  return r.text(s);
}
