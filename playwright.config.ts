/**
 * The certification run: one spec file per checklist item, in checklist order, one worker.
 * `npm run certify` is the entry point (it adds --resume handling and the wall-time line).
 */
import { defineConfig } from '@playwright/test';
import * as path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { PHASE7_ADDON_TAGS, type ScopeTag } from './helpers/profiles';

// .env as the run reads it (helpers/config.ts): CERT_ADDONS may be set there
if (!process.env.CERT_NO_DOTENV) loadDotenv({ path: path.resolve(process.cwd(), '.env'), quiet: true } as never);

const reportDir = path.resolve(process.env.CERT_REPORT_DIR || 'reports');
const signoffOnly = process.env.CERT_REPORTERS === 'signoff';
// `--list` runs nothing: no report is written (it would replace the last run's sign-off, JUnit and history with "all blocked")
const listing = process.argv.includes('--list');
// the Phase 7 add-on items are in no profile: their specs are collected only when CERT_ADDONS selects one of their tags
// (out of scope they are not-applicable either way, and the sign-off lists add-on items only when they ran in scope)
const addonsSelected = (process.env.CERT_ADDONS ?? '').split(',').some((t) => PHASE7_ADDON_TAGS.includes(t.trim() as ScopeTag));

export default defineConfig({
  testDir: './specs',
  // checklist items NN[a-f]-…, then the Phase 7 add-on items p7-… (sorted after 19-signoff; selected by CERT_ADDONS)
  testMatch: [/(^|[\\/])\d\d[a-f]?-[^\\/]*\.spec\.ts$/, ...(addonsSelected ? [/(^|[\\/])p7-[\d.]+-[^\\/]*\.spec\.ts$/] : [])],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: Number(process.env.CERT_TEST_TIMEOUT_MS || 120_000),
  outputDir: path.join(reportDir, 'test-results'),
  globalSetup: require.resolve('./helpers/global-setup'),
  // CERT_REPORTERS=signoff: the sign-off files only (the matrix's runs, judged on signoff.json: no console list, JUnit, Allure)
  reporter: listing
    ? [['list']]
    : [
        ...(signoffOnly ? [] : ([['list']] as const)),
        ['./reporter/signoff-reporter.ts', { outputDir: reportDir }],
        ...(signoffOnly
          ? []
          : ([
              ['junit', { outputFile: path.join(reportDir, 'junit.xml') }],
              ['./reporter/allure.ts', { resultsDir: path.join(reportDir, 'allure-results'), detail: false }],
            ] as const)),
        ['./reporter/scrub-reporter.ts', { outputDir: reportDir }], // last: redacts what the others wrote
      ],
  use: { trace: 'off' },
});
