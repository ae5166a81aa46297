/**
 * The default certification's sign-off document (issue 14, first part): a run on the embedded sandbox is marked a
 * rehearsal — "Rehearsal on the Telegent sandbox — not a certification" on every PDF page (checked with pdftotext),
 * verdict read as REHEARSAL PASS — and its PDF stays short enough to be read and signed (≤ 12 pages: the raw evidence
 * is a collapsed appendix, the full bundle is evidence.json). Skipped where chromium or poppler is missing.
 */
import { chromium } from '@playwright/test';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { certify, tail } from './run';
import { REHEARSAL_MARK } from '../../reporter/render';

const tools = ['/usr/bin/chromium', '/usr/bin/pdfinfo', '/usr/bin/pdftotext'].every((f) => fs.existsSync(f));

function pdfPages(file: string): string[] {
  const n = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);
  return Array.from({ length: n }, (_, i) => execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }));
}

test(
  'the default run on the sandbox: REHEARSAL PASS, the marking on every PDF page, at most 12 pages',
  { timeout: 300_000, skip: !tools && 'chromium / poppler-utils not installed' },
  async () => {
    const run = await certify({ CERT_REPORT_PDF: '1' });
    assert.equal(run.signoff?.verdict, 'PASS', tail(run.stdout));
    assert.equal(run.signoff?.rehearsal, true);
    assert.equal(run.signoff?.verdictLabel, 'REHEARSAL PASS');
    const html = fs.readFileSync(path.join(run.reportDir, 'signoff.html'), 'utf8');
    assert.match(html, /REHEARSAL PASS/);
    const pages = pdfPages(path.join(run.reportDir, 'signoff.pdf'));
    console.log(`# signoff.pdf: ${pages.length} page(s)`);
    assert.ok(pages.length >= 1 && pages.length <= 12, `the PDF has ${pages.length} pages`);
    const unmarked = pages.map((t, i) => (t.includes(REHEARSAL_MARK) ? 0 : i + 1)).filter(Boolean);
    assert.deepEqual(unmarked, [], 'every page carries the rehearsal marking');
    assert.match(pages[0], /REHEARSAL PASS/, 'page 1 shows the verdict');
    assert.match(pages[0], /Attestation[\s\S]*Partner[\s\S]*Telegent/, 'page 1 of the PDF carries the attestation block');
    assert.match(pages[0], /End-to-end happy path/, 'page 1 of the PDF carries the whole item table');

    // page 1 on screen, 1280×900: the verdict, the whole item table and the attestation block without scrolling
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(path.join(run.reportDir, 'signoff.html')).toString());
      await page.screenshot({ path: path.join(run.reportDir, 'page1.png') });
      for (const sel of ['#verdict', '#checklist', '#checklist tbody tr[data-item="19"]', '#signoff', '#signoff tr[data-team="telegent"]', '#finding-counts']) {
        const box = await page.locator(sel).boundingBox();
        assert.ok(box, `${sel} is rendered`);
        assert.ok(box.y >= 0 && box.y + box.height <= 900 && box.x + box.width <= 1280, `${sel} fits in 1280×900 without scrolling: ${JSON.stringify(box)}`);
      }
      assert.equal(await page.locator('#checklist tbody tr').count(), 25);
      assert.match(await page.locator('#finding-counts').innerText(), /0 open finding\(s\) · \d+ warning\(s\)/);
      assert.match(await page.locator('#signoff').innerText(), /awaiting partner and telegent/);
    } finally {
      await browser.close();
    }
  },
);
