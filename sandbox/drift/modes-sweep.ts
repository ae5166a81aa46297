/**
 * Drift modes on operations no checklist item calls (workgroups, schedules, services, webhooks, transfers…):
 * `caughtBy: 'sweep'` — the stateful sweep (`npm run sweep`) must report a finding on the operation.
 */
import type { DriftMode } from './types';

export const SWEEP_DRIFTS: DriftMode[] = [];
