/**
 * signoff.pdf from signoff.html with Debian's chromium (headless, no network, throwaway profile).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export function chromiumPath(): string {
  return process.env.CERT_CHROMIUM || '/usr/bin/chromium';
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
