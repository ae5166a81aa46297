/**
 * Drift modes of the CDR service (sandbox/cdr/): applied to each delivered batch, caught by item 18.
 * (The CDR cross-channel modes cdr-voice-numbers-swapped, cdr-voice-direction-swapped, cdr-sms-to-wrong are
 * semantic drifts: SEMANTIC_DRIFTS in catalogue.ts.)
 */
import type { DriftMode } from './types';

export const CDR_DRIFTS: DriftMode[] = [
  { name: 'cdr-drop-sms', area: 'cdr', item: '18', description: 'One SMS record of each CDR batch is never delivered.' },
  { name: 'cdr-dup-voice', area: 'cdr', item: '18', description: 'One voice (call leg) record of each CDR batch is delivered twice.' },
  { name: 'cdr-merged-file', area: 'cdr', item: '18', description: 'Voice and SMS records are delivered merged into one file instead of separate files.' },
  {
    name: 'cdr-time-mountain-no-offset',
    area: 'cdr',
    item: '18',
    description: 'CDR times are written without an offset in Mountain time (UTC-7): seven hours from the UTC the layout declares (mapping.json timeZone).',
  },
];
