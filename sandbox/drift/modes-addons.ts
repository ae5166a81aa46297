/**
 * Drift modes on the Phase 7 add-on operations (seed 003 §9 data usage thresholds, §10 AI Guardian), each caught by
 * its add-on item (specs/p7-*) when the run's scope includes the add-on (CERT_ADDONS=guardian,data-limits).
 * Implemented where the behaviour lives: sandbox/routes/catalog.ts (thresholds), sandbox/routes/guardian.ts (guardian).
 * Out of the add-on scope the items are not-applicable, so these modes change nothing (selftest/addons).
 */
import type { DriftMode } from './types';

export const ADDON_DRIFTS: DriftMode[] = [
  {
    name: 'threshold-unit-readback',
    area: 'data-limits',
    item: 'P7-9',
    family: 'readback',
    description:
      'GET /v1.0/subscriptions/thresholds reads a Data threshold back in GB with the amount written in MB (unit mapping bug: 500 MB reads as 500 GB).',
  },
  {
    name: 'data-limit-default-ignored',
    area: 'data-limits',
    item: 'P7-9',
    description:
      'POST /v1.0/numbers/data-usage sent without LimitValue is accepted but no limit is set (LimitValue null): the documented 20 MB default is not applied.',
  },
  {
    name: 'guardian-feature-stays-on',
    area: 'guardian',
    item: 'P7-10.1',
    family: 'readback',
    description: 'guardian-features answers EnableIntelligentGuardianCalls false when it is turned off, but the flag is not saved: GET reads it back true.',
  },
  {
    name: 'call-filter-block-list-loses-entry',
    area: 'guardian',
    item: 'P7-10.2',
    family: 'readback',
    description:
      'call-filter/blocked-numbers/add answers the full list but stores it without its oldest entry: GET blocked-numbers misses a number that was blocked.',
  },
  {
    name: 'message-filter-drops-contact',
    area: 'guardian',
    item: 'P7-10.3',
    family: 'readback',
    description: 'message-filter/allowed-contacts/add answers the contact added, but GET allowed-contacts (and the filter) read the list without it.',
  },
];
