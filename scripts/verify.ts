/**
 * npm run verify [-- DIR|DIR/signoff.json] [-- --require-both]
 *
 * Checks that the sign-off in DIR (default $CERT_REPORT_DIR or reports/) is bound to its evidence and signatures:
 *   - DIR/evidence.json hashes (SHA-256 of its bytes, the canonical JSON) to signoff.json's evidenceSha256;
 *   - every DIR/attestations/<team>.json names signoff.json's runId and evidenceSha256 (and its own team).
 * Prints each check. Exit 0 when all hold (a team that has not attested yet is a note, or a failure with
 * --require-both); 1 on any mismatch, naming the file; 2 on a usage error.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import * as fs from 'node:fs';
import * as path from 'node:path';
import { verifyReport } from '../reporter/attestations';

const argv = process.argv.slice(2);
const requireAll = argv.includes('--require-both');
const dirs = argv.filter((a) => a !== '--require-both');
const bad = dirs.find((a) => a.startsWith('-'));
if (bad || dirs.length > 1) {
  process.stderr.write(`verify: ${bad ? `unknown option ${bad}` : 'one report directory at a time'}\nusage: npm run verify [-- DIR] [-- --require-both]\n`);
  process.exit(2);
}
let dir = dirs[0] || process.env.CERT_REPORT_DIR || 'reports';
if (dir.endsWith('.json') && fs.existsSync(dir) && fs.statSync(dir).isFile()) dir = path.dirname(dir); // reports/signoff.json → reports/
const r = verifyReport(dir, { requireAll });
for (const l of r.lines) process.stdout.write(`${l}\n`);
process.exit(r.ok ? 0 : 1);
