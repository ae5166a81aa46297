/**
 * npx tsx scripts/replay-evidence.ts [reports/signoff.json]
 * Replays the API calls a finished run recorded (its evidence) through the semantic checks
 * (protocol/contract/semantics: read-back, status, lifecycle, cross-channel) and prints what they find.
 * Excerpted (very large) bodies are skipped. Exit 1 when an error-severity finding is found.
 */
import { helpOnRequest } from './cli-help';
helpOnRequest(__filename);
import * as fs from 'node:fs';
import { SemanticObserver } from '../protocol/contract/semantics';

function main(): void {
  const file = process.argv[2] ?? 'reports/signoff.json';
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const obs = new SemanticObserver();
  let errors = 0;
  for (const item of doc.items ?? []) {
    for (const e of item.evidence ?? []) {
      if (e.kind !== 'http' || typeof e.response !== 'object' || !e.response) continue;
      for (const f of obs.observe({ op: e.op, status: e.status, request: e.request, response: e.response })) {
        if (f.severity === 'error') errors++;
        process.stdout.write(`item ${item.id} ${f.severity} ${f.check} ${f.op}: ${f.message} [${f.basis}]\n`);
      }
    }
  }
  process.stdout.write(`${errors} error finding(s)\n`);
  process.exit(errors ? 1 : 0);
}

main();
