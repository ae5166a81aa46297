/**
 * What a spec imports: the fixtures (helpers/runtime/test.ts), the item lifecycle and the outcome/check helpers.
 * Specs: `import { test, expect, itemDescribe } from './fixtures'`.
 */
export { expect } from '@playwright/test';
export { test, type RunHooks, type Target, type SandboxControls } from './runtime/test';
export type { RunContext } from './runtime/run';
export { itemDescribe } from './runtime/item-lifecycle';
export {
  needed,
  optionalData,
  skipCheck,
  saveId,
  markPending,
  markManual,
  warnUnless,
  expectConformant,
  expectOutcome,
  observeEvent,
  failureInWords,
} from './runtime/checks';
