/**
 * Drift modes of the Telegent SBC (sandbox/sip/): consulted per SIP message, caught by the SIP items 14 and 16.
 */
import type { DriftMode } from './types';

export const SIP_DRIFTS: DriftMode[] = [
  { name: 'sip-options-ignored', area: 'sip', item: '14', description: 'The Telegent SBC never answers SIP OPTIONS (keepalive partner → Telegent fails).' },
  {
    name: 'sip-keepalive-never',
    area: 'sip',
    item: '14',
    description:
      "The Telegent SBC answers the partner's OPTIONS but never sends its own keepalive to the trunk: a partner SBC that marks a silent peer down stops routing calls to Telegent (seed 001 item 14: keepalive confirmed both directions).",
  },
  {
    name: 'sip-wrong-request-uri',
    area: 'sip',
    item: '16',
    description: 'Inbound INVITEs carry the Request-URI in the other format (national digits instead of the agreed +1… ;user=phone, or vice versa).',
  },
  { name: 'sip-missing-agreed-header', area: 'sip', item: '16', description: 'Inbound INVITEs omit the agreed custom SIP headers (e.g. X-Telegent-Hairpin).' },
];
