/**
 * The Phase 3 checklist (seed 001) as the sign-off report lists it: 25 items in checklist order,
 * plus the production-cutover scope the gate uses by default against a production target.
 * Pure data: no Playwright import (the gate and the lead's profiles may import it).
 */

export type Owner = 'Partner' | 'Joint';

export interface ChecklistEntry {
  id: string;
  section: string;
  title: string;
  owner: Owner;
  /** Fallback prerequisites, used only when a spec does not declare `dependsOn` in its item metadata. */
  dependsOn: string[];
  /** An add-on item (ADDON_CHECKLIST): the MVNO guide's Phase 7, not a row of the Phase 3 checklist. */
  addon?: boolean;
}

export const CHECKLIST: readonly ChecklistEntry[] = [
  { id: '1', section: 'Intelligent Accounts', owner: 'Partner', dependsOn: [], title: 'Partner creates a child Account under their Distributor via the API.' },
  { id: '2', section: 'Intelligent Products', owner: 'Partner', dependsOn: [], title: 'Partner creates one or more Products via `POST /v1.0/products`.' },
  { id: '3', section: 'Intelligent Packages', owner: 'Partner', dependsOn: ['2'], title: 'Partner creates a Package bundling one or more Products via `POST /v1.0/packages`.' },
  { id: '4', section: 'Intelligent Routes', owner: 'Partner', dependsOn: [], title: 'Partner creates a Message Route (MRID) via API. First-time setup can be a joint call.' },
  { id: '5', section: 'Intelligent Routes', owner: 'Partner', dependsOn: [], title: "Partner creates a Voice Route (CRID) via API. For SIP partners, this is a SIP-enabled route pointing to the partner's SBC. First-time setup can be a joint call." },
  { id: '6', section: 'Intelligent Subscribers', owner: 'Partner', dependsOn: [], title: 'Partner creates a Subscriber via `POST /v1.0/subscribers`.' },
  { id: '7', section: 'Intelligent Mobile Numbers', owner: 'Partner', dependsOn: ['4', '6'], title: 'Partner provisions a test number via `POST /v1.0/numbers/provision`.' },
  { id: '8', section: 'Intelligent Mobile Numbers', owner: 'Partner', dependsOn: ['7'], title: 'Partner tests number status changes (suspend / restore / deactivate / reactivate) via `/v1.0/numbers/status`.' },
  { id: '8a', section: 'Intelligent Port-In', owner: 'Partner', dependsOn: [], title: 'Eligibility checked via `POST /v1.0/numbers/portin/eligibility` before collecting any subscriber details.' },
  { id: '8b', section: 'Intelligent Port-In', owner: 'Partner', dependsOn: ['8a'], title: 'Port-in submitted via `POST /v1.0/numbers/portin` after LOA signed and current-carrier details confirmed.' },
  { id: '8c', section: 'Intelligent Port-In', owner: 'Partner', dependsOn: ['8b'], title: 'Port-in update tested via `POST /v1.0/numbers/portin/update` using the `OrderId` — simulate a carrier rejection correction.' },
  { id: '8d', section: 'Intelligent Port-In', owner: 'Partner', dependsOn: ['8b'], title: 'Port-in cancel tested via `POST /v1.0/numbers/portin/cancel` using the `OrderId`.' },
  { id: '8e', section: 'Intelligent Port-In', owner: 'Partner', dependsOn: ['8b'], title: 'Order status monitored via `GET /v1.0/numbers/order?OrderId=…` and partner can read all statuses (`Submitted`, `Pending Carrier Approval`, `Scheduled`, `Completed`, `Rejected`, `Cancelled`).' },
  { id: '8f', section: 'Intelligent Port-Out', owner: 'Partner', dependsOn: ['7'], title: 'Port-out PIN issued via `POST /v1.0/numbers/portout` for a test number.' },
  { id: '9', section: 'Intelligent Subscriptions', owner: 'Partner', dependsOn: ['3', '6', '7'], title: 'Partner creates a Subscription via `POST /v1.0/subscriptions` referencing `SubscriberId`, `TNID`, `ICCID`, and `PackageId`.' },
  { id: '10', section: 'Intelligent Messaging', owner: 'Partner', dependsOn: ['9'], title: 'Outbound SMS sent via `/v1.0/message/outbound` and DLR received on partner webhook.' },
  { id: '11', section: 'Intelligent Messaging', owner: 'Partner', dependsOn: ['9'], title: 'Inbound SMS received on partner webhook with correct JSON schema.' },
  { id: '12', section: 'Intelligent Messaging', owner: 'Partner', dependsOn: ['10', '11'], title: 'Outbound and inbound MMS tested with `MMS_Media_URL` populated. (If MMS in scope.)' },
  { id: '13', section: 'Intelligent Voice', owner: 'Partner', dependsOn: ['5', '7'], title: 'Partner numbers assigned to the correct Voice Route via API (SIP-enabled route for SIP partners). Allow up to 10 minutes for propagation.' },
  { id: '14', section: 'Intelligent Voice', owner: 'Joint', dependsOn: ['5'], title: 'OPTIONS keepalive confirmed both directions. (SIP partners only.)' },
  { id: '15', section: 'Intelligent Voice', owner: 'Partner', dependsOn: ['13'], title: 'Outbound call placed from the test number and connected. SIP partners verify it lands on their SBC.' },
  { id: '16', section: 'Intelligent Voice', owner: 'Partner', dependsOn: ['13'], title: 'Inbound call received on the test number. SIP partners verify the Request-URI and headers match the agreed format.' },
  { id: '17', section: 'Intelligent Data', owner: 'Partner', dependsOn: ['9'], title: 'Data session attached on the assigned APN (e.g., `iot.joonto` for IoT, `wireless.mobi` for MVNO).' },
  { id: '18', section: 'CDRs', owner: 'Partner', dependsOn: ['10'], title: 'Sample CDR delivered (via configured method: webhook / email) and parsed by the partner.' },
  { id: '19', section: 'Sign-off', owner: 'Joint', dependsOn: [], title: 'End-to-end happy path signed off by both teams.' },
];

export const ITEM_IDS: readonly string[] = CHECKLIST.map((c) => c.id);

/**
 * Add-on items (issue 17): the MVNO guide's Phase 7 (seed 003 §9, §10) in the checklist's style, appended AFTER the 25
 * checklist rows (which stay exactly as they are — CHECKLIST above). Selected only by the add-on scope tags
 * (CERT_ADDONS=guardian,data-limits); out of scope they are not-applicable and never change a verdict. The sign-off
 * lists them only when they ran in scope (FULL_CHECKLIST is the registry for that; helpers/item.ts ADDON_ORDER agrees).
 */
export const ADDON_SECTION = 'Phase 7 add-on';
export const ADDON_CHECKLIST: readonly ChecklistEntry[] = [
  { id: 'P7-9', section: ADDON_SECTION, owner: 'Partner', addon: true, dependsOn: ['7', '9'], title: 'Data usage thresholds (Notify / Throttle / Limit) set and read back for a number (MVNO guide Phase 7, seed 003 §9).' },
  { id: 'P7-10.1', section: ADDON_SECTION, owner: 'Partner', addon: true, dependsOn: ['6'], title: 'AI Guardian features turned on and off for a subscriber and read back (seed 003 §10.1).' },
  { id: 'P7-10.2', section: ADDON_SECTION, owner: 'Partner', addon: true, dependsOn: ['6', '7'], title: 'Call filter with allow / block lists managed incrementally; voice filter levels refused or ignored as documented (seed 003 §10.2).' },
  { id: 'P7-10.3', section: ADDON_SECTION, owner: 'Partner', addon: true, dependsOn: ['6', '7'], title: 'Message filter with a filter level and incremental allowed / blocked contacts (seed 003 §10.3).' },
];
export const ADDON_ITEM_IDS: readonly string[] = ADDON_CHECKLIST.map((c) => c.id);

/** The checklist then the add-on items: the registry for anything that must know every item a spec can define. */
export const FULL_CHECKLIST: readonly ChecklistEntry[] = [...CHECKLIST, ...ADDON_CHECKLIST];

export function checklistEntry(id: string): ChecklistEntry | undefined {
  return FULL_CHECKLIST.find((c) => c.id === id);
}

/**
 * Phase 4 (production cutover) first-number flow: production account/routes, Product → Package →
 * Subscriber → Number → Subscription, first production SMS out and in. The gate's default scope
 * against a production target; the lead can turn it into a `CERT_PROFILE`.
 */
export const PHASE4_FIRST_NUMBER_ITEMS: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '9', '10', '11'];

/** Hosts that are the vendor's production API. Extend with `CERT_PRODUCTION_HOSTS` (comma list). */
export const PRODUCTION_HOSTS: readonly string[] = ['api.telegent.com'];

export function productionHosts(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.CERT_PRODUCTION_HOSTS ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  return [...PRODUCTION_HOSTS, ...extra];
}

/** True when `CERT_ENV=production` or the base URL's host is a production host. */
export function isProductionTarget(baseUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env.CERT_ENV ?? '').toLowerCase() === 'production') return true;
  if (!baseUrl) return false;
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  return productionHosts(env).includes(host);
}
