/**
 * How `npm run NAME` starts its script, read from package.json: the node arguments to spawn with process.execPath, so a
 * self-test starts a command exactly as a partner does — module loader included (`npm run certify` runs under
 * node --require tsx/cjs, where an import('./…') of a project file fails: a self-test started otherwise would not see it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = path.resolve(__dirname, '..');

function packageScripts(): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts ?? {};
}

/** `node [flags] file.ts` or `tsx file.ts` → the arguments after the node binary, every path absolute. */
export function npmScriptArgs(name: string): string[] {
  const script = packageScripts()[name];
  if (typeof script !== 'string') throw new Error(`package.json has no script "${name}"`);
  const [cmd, ...args] = script.trim().split(/\s+/);
  const resolved = args.map((a, i) => {
    if (/\.[cm]?ts$/.test(a)) return path.join(ROOT, a);
    if (args[i - 1] === '--require') return require.resolve(a, { paths: [ROOT] });
    if (args[i - 1] === '--import') return pathToFileURL(require.resolve(a, { paths: [ROOT] })).href;
    return a;
  });
  if (cmd === 'node') return resolved;
  if (cmd === 'tsx') return [require.resolve('tsx/cli', { paths: [ROOT] }), ...resolved];
  throw new Error(`package.json script "${name}" starts with neither node nor tsx: ${script}`);
}

/** A project file with no npm script of its own (scripts/nightly-plan.ts, …), started the way the npm scripts start theirs. */
export function tsFileArgs(file: string): string[] {
  return ['--require', require.resolve('tsx/cjs', { paths: [ROOT] }), path.resolve(ROOT, file)];
}

/** `npm run NAME`'s command when package.json has one, else scripts/NAME.ts started the same way. */
export function scriptArgs(name: string): string[] {
  return name in packageScripts() ? npmScriptArgs(name) : tsFileArgs(path.join('scripts', `${name}.ts`));
}
