// A node:test reporter for npm test (scripts/selftest.ts): how long each self-test file ran — the sum of its top-level
// tests — as one JSON object { "selftest/…test.ts": seconds }. npm test starts the longest files first next time.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

module.exports = async function* durations(source) {
  const perFile = {};
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { nesting, file, details } = event.data;
    if (nesting !== 0 || !file) continue;
    const key = path.relative(ROOT, file).split(path.sep).join('/');
    perFile[key] = (perFile[key] ?? 0) + (details?.duration_ms ?? 0) / 1000;
  }
  const rounded = Object.fromEntries(Object.entries(perFile).map(([k, v]) => [k, Math.round(v * 10) / 10]));
  yield `${JSON.stringify(rounded, null, 2)}\n`;
};
