/**
 * (b) Nightly trends page: five synthetic history entries for one target + profile, the middle run drifted (item 7
 * failed, 8 blocked, item 10's latency up), plus a second target. `npm run trends` writes the page; headless chromium
 * opens it from disk with every non-file request refused: item 7 is red on one run and green on the other four, the
 * latency chart (Chart.js, inlined) has five points per series; screenshot in /tmp/trends-selftest.png.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { CHECKLIST } from '../../reporter/checklist';
import { CHROMIUM, runScript, tempDir } from './run-fixture';

const TARGET = 'https://partner-a.example.test';
const P50 = [410, 420, 980, 415, 405];
const P95 = [820, 860, 2600, 830, 810];
let root: string;
let histDir: string;
let page: string;

function entry(n: number, target: string, drifted: boolean): Record<string, unknown> {
  const items = CHECKLIST.map((c) => {
    let status = c.id === '17' ? 'manual' : c.id === '18' && n === 4 ? 'pending' : c.id === '16' ? 'not-applicable' : 'passed';
    if (drifted && c.id === '7') status = 'failed';
    if (drifted && c.id === '8') status = 'blocked';
    const lat = c.id === '10' && target === TARGET ? { latencyP50Ms: P50[n], latencyP95Ms: P95[n] } : {};
    return { id: c.id, status, reason: status === 'failed' ? 'schema: /TN is not E.164' : undefined, ...lat };
  });
  const startedAt = `2026-11-${String(20 + n).padStart(2, '0')}T02:17:00.000Z`;
  return {
    schemaVersion: 1,
    runId: `2026112${n}T021700Z-${target.includes('partner-a') ? 'a' : 'b'}${n}`,
    verdict: drifted ? 'FAIL' : 'INCOMPLETE',
    target,
    profile: 'mvno-full',
    startedAt,
    complete: true,
    items,
  };
}

before(() => {
  root = tempDir('trends');
  histDir = path.join(root, 'history');
  fs.mkdirSync(histDir, { recursive: true });
  for (let n = 0; n < 5; n++) {
    const e = entry(n, TARGET, n === 2);
    fs.writeFileSync(path.join(histDir, `${e.runId}.json`), JSON.stringify(e));
  }
  for (let n = 0; n < 2; n++) {
    const e = entry(n, 'https://partner-b.example.test', false);
    fs.writeFileSync(path.join(histDir, `${e.runId}.json`), JSON.stringify(e));
  }
  fs.writeFileSync(path.join(histDir, 'broken.json'), '{ not json');
  page = path.join(root, 'trends.html');
});

after(() => {
  if (!process.env.KEEP_SELFTEST_OUTPUT) fs.rmSync(root, { recursive: true, force: true });
});

test(
  '(b) npm run trends builds the page; item 7 red once, green four times; latency chart with five points',
  { skip: !fs.existsSync(CHROMIUM) && 'no /usr/bin/chromium' },
  async () => {
    const r = await runScript('trends', ['--history', histDir, '--out', page, '--last', '10']);
    assert.equal(r.code, 0, r.stderr);
    console.log(r.stdout.trim());
    assert.match(r.stdout, /partner-a\.example\.test · mvno-full: 5 run\(s\), latency charts for item\(s\) 10/);
    const html = fs.readFileSync(page, 'utf8');
    assert.doesNotMatch(html, /<script[^>]+src=/, 'no external script');
    const browser = await chromium.launch({ executablePath: CHROMIUM });
    try {
      const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const p = await ctx.newPage();
      const remote: string[] = [];
      await p.route(/^(?!file:|data:|about:)/, (route) => {
        remote.push(route.request().url());
        return route.abort();
      });
      await p.goto(pathToFileURL(page).toString());
      const group = p.locator('section.group[data-key^="https://partner-a"]');
      const cells = group.locator('td.cell[data-item="7"]');
      assert.deepEqual(await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))), ['passed', 'passed', 'failed', 'passed', 'passed']);
      const colours = await cells.evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
      assert.equal(colours.filter((c) => c === 'rgb(211, 59, 44)').length, 1, `one red cell: ${colours}`);
      assert.equal(colours.filter((c) => c === 'rgb(46, 157, 79)').length, 4, `four green cells: ${colours}`);
      assert.equal(await group.locator('td.cell[data-item="17"].wait').count(), 5, 'manual is amber');
      assert.equal(await group.locator('td.cell[data-item="16"].off').count(), 5, 'N/A is grey');
      const series = await group.locator('canvas[data-item="10"]').evaluate((el) => {
        const c = (window as any).Chart.getChart(el);
        return c.data.datasets.map((d: any) => d.data);
      });
      assert.deepEqual(series, [P50, P95], 'p50 and p95, five points each');
      assert.equal(await p.locator('section.group').count(), 2, 'one section per target + profile');
      await p.screenshot({ path: '/tmp/trends-selftest.png', fullPage: true });
      assert.deepEqual(remote, [], 'no network request');
    } finally {
      await browser.close();
    }
  },
);

test('(b) trends --help does nothing else', async () => {
  const out = path.join(root, 'help.html');
  const h = await runScript('trends', ['--help', '--out', out]);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /npm run trends/);
  assert.equal(fs.existsSync(out), false);
});
