/**
 * signoff.pdf from signoff.html with Debian's chromium-headless-shell or chromium (headless, no network, throwaway profile).
 * Two ways: `renderPdf` starts chromium for one print (`--print-to-pdf`); `warmPdfRenderer` starts it once, early
 * (the reporter does so when the run begins), so the print at the end of a run costs only the print — it falls back to
 * `renderPdf` when the browser could not be started.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Debian's chromium-headless-shell (the old headless mode: same print pipeline, a third of chromium's start-up cost), else chromium */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];

export function chromiumPath(): string {
  return process.env.CERT_CHROMIUM || CHROMIUM_CANDIDATES.find((f) => fs.existsSync(f)) || CHROMIUM_CANDIDATES[CHROMIUM_CANDIDATES.length - 1];
}

export function renderPdf(
  htmlFile: string,
  pdfFile: string,
  chromium = chromiumPath(),
  timeoutMs = 90_000,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'signoff-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-proxy-server', // a local file: no network (a partner's HTTPS_PROXY must not carry Chromium's own traffic)
    '--disable-dev-shm-usage',
    `--user-data-dir=${profile}`,
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdfFile}`,
    pathToFileURL(path.resolve(htmlFile)).toString(),
  ];
  try {
    fs.rmSync(pdfFile, { force: true });
  } catch {
    /* ignore */
  }
  return new Promise((resolve) => {
    execFile(chromium, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err) => {
      try {
        fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        /* a leftover temp profile is harmless */
      }
      let size = 0;
      try {
        size = fs.statSync(pdfFile).size;
      } catch {
        /* not written */
      }
      if (size > 0) resolve({ ok: true });
      else resolve({ ok: false, error: `chromium did not produce a PDF${err ? ` (${(err.message || '').split('\n')[0].slice(0, 200)})` : ''}` });
    });
  });
}

export interface PdfRenderer {
  render(htmlFile: string, pdfFile: string): Promise<{ ok: true } | { ok: false; error: string }>;
  close(): Promise<void>;
}

type Browser = import('@playwright/test').Browser;
type Page = import('@playwright/test').Page;

/**
 * Starts chromium now (in the background: the promise is not awaited by the caller until the print), with the
 * switches of `renderPdf`'s command line. A browser that could not start, or a print that failed, falls back to
 * `renderPdf`.
 */
export function warmPdfRenderer(chromium = chromiumPath()): PdfRenderer {
  const started: Promise<{ browser: Browser; page: Page } | undefined> = (async () => {
    try {
      const { chromium: launcher } = require('@playwright/test') as typeof import('@playwright/test');
      const browser = await launcher.launch({
        executablePath: chromium,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-dev-shm-usage',
          '--no-proxy-server',
        ],
        timeout: 60_000,
      });
      return { browser, page: await browser.newPage() };
    } catch {
      return undefined; // the command line is tried at print time
    }
  })();
  return {
    async render(htmlFile, pdfFile) {
      const warm = await started;
      if (!warm) return renderPdf(htmlFile, pdfFile, chromium);
      const { page } = warm;
      try {
        await page.goto(pathToFileURL(path.resolve(htmlFile)).toString(), { waitUntil: 'load', timeout: 60_000 });
        fs.rmSync(pdfFile, { force: true });
        await page.pdf({ path: pdfFile, preferCSSPageSize: true, displayHeaderFooter: false, printBackground: false });
        return fs.statSync(pdfFile).size > 0 ? { ok: true } : { ok: false, error: 'chromium wrote an empty PDF' };
      } catch {
        return renderPdf(htmlFile, pdfFile, chromium);
      }
    },
    async close() {
      await (await started)?.browser.close().catch(() => undefined);
    },
  };
}
