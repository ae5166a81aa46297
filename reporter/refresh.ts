/**
 * Re-finalises a written sign-off after an attestation: applies the attestations of reportDir to signoff.json
 * (Joint items pending → passed once both teams attested this run), then re-renders signoff.md, signoff.html and,
 * when the run rendered one, signoff.pdf. The evidence bundle (evidence.json) is never touched: its digest is what
 * the attestations name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SignoffDocument } from './types';
import { applyAttestations } from './attestations';
import { renderHtml, renderMarkdown } from './render';
import { chromiumPath, renderPdf } from './pdf';
import { createRedactor } from './redaction';

function writeAtomic(file: string, data: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** Returns the refreshed document (undefined when there is no readable sign-off). */
export async function refreshSignoff(reportDir: string): Promise<SignoffDocument | undefined> {
  const file = path.join(reportDir, 'signoff.json');
  let doc: SignoffDocument;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8')) as SignoffDocument;
  } catch {
    return undefined;
  }
  applyAttestations(doc, reportDir);
  const red = createRedactor();
  writeAtomic(file, `${red.literal(JSON.stringify(doc, null, 2))}\n`);
  writeAtomic(path.join(reportDir, 'signoff.md'), red.text(renderMarkdown(doc)));
  const html = path.join(reportDir, 'signoff.html');
  writeAtomic(html, red.text(renderHtml(doc)));
  if (doc.pdf?.rendered && fs.existsSync(chromiumPath())) {
    const r = await renderPdf(html, path.join(reportDir, 'signoff.pdf'));
    if (!r.ok) doc.pdf = { rendered: false, note: `not re-rendered after the attestation: ${red.text(r.error)}` };
  }
  return doc;
}
