/**
 * npm run certify [-- --resume] [-- --profile NAME] [-- any Playwright args]
 * Runs the certification (specs/ in checklist order) against TELEGENT_BASE_URL, or against the embedded
 * sandbox when none is set, writes reports/ and prints the wall time, boot included.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { loadConfig, ConfigError } from '../helpers/config';

const started = Date.now();
const args = process.argv.slice(2);
const pwArgs: string[] = [];
const env = { ...process.env };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--resume') env.CERT_RESUME = '1';
  else if (a === '--profile') env.CERT_PROFILE = args[++i];
  else if (a.startsWith('--profile=')) env.CERT_PROFILE = a.slice('--profile='.length);
  else if (a === '--help' || a === '-h') {
    process.stdout.write(
      'usage: npm run certify [-- --resume] [-- --profile mvno-full|mvno|iot|sip|api-only] [-- <playwright test args>]\n' +
        'Target: TELEGENT_BASE_URL (unset → embedded sandbox). See .env.example for every variable.\n',
    );
    process.exit(0);
  } else pwArgs.push(a);
}

try {
  loadConfig(env); // one clear error before any call
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  throw e;
}

const cli = require.resolve('@playwright/test/cli');
const child = spawn(process.execPath, [cli, 'test', '-c', path.resolve(__dirname, '../playwright.config.ts'), ...pwArgs], {
  stdio: 'inherit',
  env,
});
const forward = (sig: NodeJS.Signals) => child.kill(sig);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => {
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const dir = path.resolve(env.CERT_REPORT_DIR || 'reports');
  let verdict = '';
  try {
    verdict = JSON.parse(fs.readFileSync(path.join(dir, 'signoff.json'), 'utf8')).verdict;
  } catch {
    /* no report */
  }
  process.stdout.write(`\ncertification wall time: ${secs} s (boot included)${verdict ? `; verdict ${verdict}` : ''}; reports in ${dir}\n`);
  process.exit(signal ? 1 : code ?? 1);
});
