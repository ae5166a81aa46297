/**
 * Drift modes on the Phase 7 add-on operations (seed 003 §9 data usage thresholds, §10 AI Guardian), each caught by
 * its add-on item (specs/p7-*) when the run's scope includes the add-on (CERT_ADDONS=guardian,data-limits).
 */
import type { DriftMode } from './catalogue';

export const ADDON_DRIFTS: DriftMode[] = [];
