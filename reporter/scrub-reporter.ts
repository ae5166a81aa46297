/**
 * Scrub reporter: list it LAST in `reporter: [...]`. After every other reporter has finished (onExit),
 * it re-reads the text files other tools wrote under the report directory — JUnit XML, allure-results,
 * Playwright's test-results (error-context.md…) — and redacts them in place with the same layers as the
 * sign-off reporter (protocol/redact.ts + env secrets + secret-looking keys / bearer tokens).
 * JSON files are parsed and deep-redacted; other text files get the string layer. Binary files are left alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Reporter } from '@playwright/test/reporter';
import { createRedactor } from './redaction';

export interface ScrubReporterOptions {
  /** Directory to scrub (default: env CERT_REPORT_DIR or `reports`). */
  outputDir?: string;
}

const TEXT_EXT = new Set(['.xml', '.json', '.txt', '.md', '.log', '.html', '.csv', '.yaml', '.yml', '.eml']);
const SKIP_DIRS = new Set(['history', 'blob', 'allure-report']);
const MAX_BYTES = 20 * 1024 * 1024;

export function scrubDirectory(dir: string): { files: number; changed: number } {
  const r = createRedactor();
  let files = 0;
  let changed = 0;
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p);
        continue;
      }
      if (
        !e.isFile() ||
        !TEXT_EXT.has(path.extname(e.name).toLowerCase()) ||
        /^signoff\./.test(e.name) ||
        e.name === 'run-state.json' ||
        e.name === 'evidence.json'
      )
        continue; // evidence.json: redacted when written, and its bytes are the digest
      let text: string;
      try {
        if (fs.statSync(p).size > MAX_BYTES) continue;
        text = fs.readFileSync(p, 'utf8');
      } catch {
        continue;
      }
      files++;
      let out: string;
      if (e.name.endsWith('.json')) {
        try {
          const parsed = JSON.parse(text);
          const red = r.value(parsed);
          // Rewrite only when a value was actually redacted (keeps other tools' formatting otherwise).
          out = JSON.stringify(red) === JSON.stringify(parsed) ? r.literal(text) : r.literal(JSON.stringify(red, null, text.includes('\n') ? 2 : undefined));
        } catch {
          out = r.text(text);
        }
      } else out = r.text(text);
      if (out !== text) {
        fs.writeFileSync(p, out);
        changed++;
      }
    }
  };
  walk(dir);
  return { files, changed };
}

export default class ScrubReporter implements Reporter {
  constructor(private readonly opts: ScrubReporterOptions = {}) {}

  printsToStdio(): boolean {
    return false;
  }

  async onExit(): Promise<void> {
    const dir = path.resolve(process.env.CERT_REPORT_DIR || this.opts.outputDir || 'reports');
    scrubDirectory(dir);
  }
}

/** CLI: `tsx reporter/scrub-reporter.ts [DIR…]` (default: CERT_REPORT_DIR or reports). */
if (require.main === module) {
  const dirs = process.argv.slice(2);
  for (const d of dirs.length ? dirs : [process.env.CERT_REPORT_DIR || 'reports']) {
    const r = scrubDirectory(path.resolve(d));
    console.log(`scrub: ${d}: ${r.files} text file(s) checked, ${r.changed} rewritten`);
  }
}
