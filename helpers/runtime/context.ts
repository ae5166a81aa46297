/**
 * The current test's evidence collector and the worker's semantic observer, kept on Playwright's own test info (no
 * module-global "current" pointer): free check functions called from steps find them through `test.info()`.
 */
import { test } from '@playwright/test';
import type { TestInfo } from '@playwright/test';
import type { Evidence } from '../evidence';
import type { SemanticObserver } from '../../protocol/contract';

const SLOT = Symbol.for('telegent-cert.test-context');

export interface TestContext {
  evidence: Evidence;
  observer?: SemanticObserver;
}

export function bindTestContext(info: TestInfo, ctx: TestContext): void {
  (info as unknown as Record<symbol, TestContext>)[SLOT] = ctx;
}

export function unbindTestContext(info: TestInfo): void {
  delete (info as unknown as Record<symbol, TestContext | undefined>)[SLOT];
}

/** The running test's context; undefined outside a test (worker set-up, teardown). */
export function testContext(): TestContext | undefined {
  try {
    return (test.info() as unknown as Record<symbol, TestContext | undefined>)[SLOT];
  } catch {
    return undefined;
  }
}
