/**
 * allure-playwright, writing its results without an fsync per file.
 *
 * Reporters run in the Playwright runner process, which also hosts the embedded sandbox: allure-js-commons'
 * FileSystemWriter fsyncs every result and attachment it writes (≈ 0.8 s of blocked event loop per certification,
 * measured with --cpu-prof), so the sandbox stalls while Allure flushes. Results are report files, not a ledger —
 * what a crash leaves half-written is the run's own report — so this writer keeps the same files, names and contents,
 * each written to a temporary file and renamed into place (no reader sees a partial file), without the fsync.
 * Everything else is allure-playwright's own behaviour; if its internals change (no `allureRuntime.writer`), its
 * default writer stays in place.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import AllureReporter from 'allure-playwright';

type ReporterConfig = ConstructorParameters<typeof AllureReporter>[0];

interface AllureWriter {
  writeResult(result: { uuid: string }): void;
  writeGroup(result: { uuid: string }): void;
  writeAttachment(distFileName: string, content: Buffer | string): void;
  writeAttachmentFromPath(distFileName: string, from: string): void;
}

function publish(file: string, write: (tmp: string) => void): void {
  const tmp = path.join(path.dirname(file), `.allure-write-${crypto.randomUUID()}.tmp`);
  try {
    write(tmp);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** the hot paths of the writer, unsynced; every other method is the original writer's */
export function unsyncedWriter<W extends AllureWriter>(original: W, resultsDir: string): W {
  const at = (name: string) => {
    fs.mkdirSync(resultsDir, { recursive: true });
    return path.join(resultsDir, name);
  };
  const own: AllureWriter = {
    writeResult: (r) => publish(at(`${r.uuid}-result.json`), (tmp) => fs.writeFileSync(tmp, JSON.stringify(r), 'utf-8')),
    writeGroup: (r) => publish(at(`${r.uuid}-container.json`), (tmp) => fs.writeFileSync(tmp, JSON.stringify(r), 'utf-8')),
    writeAttachment: (name, content) => publish(at(name), (tmp) => fs.writeFileSync(tmp, content)),
    writeAttachmentFromPath: (name, from) => publish(at(name), (tmp) => fs.copyFileSync(from, tmp)),
  };
  return new Proxy(original, {
    get: (target, prop, receiver) => (prop in own ? own[prop as keyof AllureWriter] : Reflect.get(target, prop, receiver)),
  });
}

export default class Allure extends AllureReporter {
  private readonly resultsDir: string;
  constructor(config: ReporterConfig = {}) {
    super(config);
    this.resultsDir = path.resolve(config.resultsDir ?? './allure-results');
  }

  override onBegin(...args: Parameters<AllureReporter['onBegin']>): void {
    super.onBegin(...args);
    const runtime = (this as unknown as { allureRuntime?: { writer?: AllureWriter } }).allureRuntime;
    if (runtime?.writer && typeof runtime.writer.writeResult === 'function') runtime.writer = unsyncedWriter(runtime.writer, this.resultsDir);
  }
}
