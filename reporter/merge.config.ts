/**
 * Config for `npx playwright merge-reports --config reporter/merge.config.ts reports/blob` (sharded CI runs):
 * the shards write `blob` reports; the merge job replays them through the same reporters as a local run.
 * No global setup runs at merge time: the target/profile come from the job's env (TELEGENT_BASE_URL, CERT_PROFILE).
 */
import * as path from 'node:path';
import { defineConfig } from '@playwright/test';

const reportDir = path.resolve(process.env.CERT_REPORT_DIR || 'reports');

export default defineConfig({
  testDir: '../specs',
  reporter: [['list'], ['./signoff-reporter.ts', { outputDir: reportDir }], ['junit', { outputFile: path.join(reportDir, 'junit.xml') }]],
});
