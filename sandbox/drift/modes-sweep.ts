/**
 * Drift modes on operations no checklist item calls (workgroups, schedules, services, webhooks, transfers…):
 * `caughtBy: 'sweep'` — the stateful sweep (`npm run sweep`) must report a finding on the operation.
 */
import type { DriftMode } from './types';

const sweep = { caughtBy: 'sweep', area: 'beyond-checklist', item: 'sweep' } as const;

export const SWEEP_DRIFTS: DriftMode[] = [
  {
    name: 'workgroup-name-readback',
    ...sweep,
    description: 'GET /v1.0/workgroups serves Name cut to its first word (the workgroup reads back with another name than it was created with).',
  },
  { name: 'workgroup-activity-id-prefix', ...sweep, description: 'POST /v1.0/workgroups/activity issues WorkgroupActivityId as WACT-… instead of WAID-….' },
  {
    name: 'webhook-url-dropped',
    ...sweep,
    description: 'POST /v1.0/webhook/create stores and answers the registration without its WebhookUrl (the URL is dropped).',
  },
  {
    name: 'webhook-delete-not-applied',
    ...sweep,
    description: 'POST /v1.0/webhook/delete answers Deleted but the webhook stays registered (GET /v1.0/webhook still serves it).',
  },
  {
    name: 'distributor-name-readback',
    ...sweep,
    description: 'GET /v1.0/distributor serves DistributorName cut to 8 characters (not the name distributor/create wrote).',
  },
];
