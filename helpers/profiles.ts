/**
 * Scope profiles: the Discovery phase's use cases (MVNO / IoT / SIP / API only) plus add-ons decide
 * which checklist items apply. Items whose scope tags are not all enabled are `not-applicable`.
 */
export type ScopeTag =
  | 'core' // items every partner runs (products, packages, routes, subscribers, numbers, messaging, CDRs, sign-off)
  | 'child-accounts' // item 1: "Skip if operating under a single account"
  | 'voice' // items 5, 13, 15, 16
  | 'sip' // item 14 and the SIP verification of 15/16
  | 'porting' // 8a–8e
  | 'port-out' // 8f
  | 'mms' // item 12
  | 'data' // item 17
  | 'a2p' // A2P (10DLC) add-on — no checklist item of its own
  | 'guardian' // Phase 7 add-on items P7-10.1…P7-10.3 (seed 003 §10 AI Guardian); in no profile: CERT_ADDONS=guardian
  | 'data-limits'; // Phase 7 add-on item P7-9 (seed 003 §9 data usage thresholds); in no profile: CERT_ADDONS=data-limits

export const ALL_TAGS: ScopeTag[] = ['core', 'child-accounts', 'voice', 'sip', 'porting', 'port-out', 'mms', 'data', 'a2p', 'guardian', 'data-limits'];

/** Add-on scope tags that select the MVNO guide's Phase 7 items (never part of a profile: only CERT_ADDONS adds them). */
export const PHASE7_ADDON_TAGS: ScopeTag[] = ['guardian', 'data-limits'];

export const PROFILES: Record<string, { description: string; tags: ScopeTag[] }> = {
  'mvno-full': {
    description: 'MVNO with SIP voice, porting in and out, MMS and data (the default certification profile)',
    tags: ['core', 'child-accounts', 'voice', 'sip', 'porting', 'port-out', 'mms', 'data'],
  },
  mvno: { description: 'MVNO: messaging and data, no voice, no porting', tags: ['core', 'child-accounts', 'data'] },
  iot: { description: 'IoT: data and p2p SMS (APN iot.joonto)', tags: ['core', 'child-accounts', 'data'] },
  sip: { description: 'SIP interconnect: voice over the partner SBC and messaging', tags: ['core', 'child-accounts', 'voice', 'sip'] },
  'api-only': { description: 'API only: provisioning and messaging', tags: ['core', 'child-accounts'] },
};

/** `addons`: comma list of tags to add (e.g. "porting,mms"); `without`: comma list to remove (e.g. "child-accounts"). */
export function resolveScope(profile: string, addons?: string, without?: string): Set<ScopeTag> {
  const p = PROFILES[profile];
  if (!p) throw new Error(`unknown profile ${profile}`);
  const tags = new Set<ScopeTag>(p.tags);
  const parse = (list: string | undefined, name: string) =>
    (list ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        if (!ALL_TAGS.includes(s as ScopeTag)) throw new Error(`${name}: unknown scope tag "${s}"; one of: ${ALL_TAGS.join(', ')}`);
        return s as ScopeTag;
      });
  for (const t of parse(addons, 'CERT_ADDONS')) tags.add(t);
  for (const t of parse(without, 'CERT_WITHOUT')) tags.delete(t);
  return tags;
}

/** The APN a data session must attach on, per the checklist item 17. */
export function expectedApn(profile: string): string {
  return profile === 'iot' ? 'iot.joonto' : 'wireless.mobi';
}
