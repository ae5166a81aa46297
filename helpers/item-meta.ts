/**
 * The shape of an item's metadata block (the test262-style `defineItem({...})` every spec opens with). A leaf module:
 * the registry (helpers/spec-registry.ts), the item rules (helpers/item.ts) and the reporter all read this type.
 */
import type { ScopeTag } from './profiles';

export type ItemOwner = 'Partner' | 'Joint';

export interface ItemMeta {
  /** Checklist number: '1'…'19', '8a'…'8f'; add-on items (the MVNO guide's Phase 7): 'P7-9', 'P7-10.1'…'P7-10.3'. */
  id: string;
  /** The task as the checklist words it. */
  title: string;
  owner: ItemOwner;
  /** Every tag must be in the profile's scope for the item to apply. */
  scope: ScopeTag[];
  /** IDs the checklist says to save (ledger names). */
  saves: string[];
  /** Items that must have passed first. Out-of-scope prerequisites are ignored. */
  dependsOn: string[];
  /** What the item proves, for the sign-off document. */
  description: string;
  /**
   * The documented waits the item may spend (config: CERT_*_WAIT_MS / _TIMEOUT_MS). Its test timeout is derived
   * from them, so the runner's clock never cuts a wait short: a wait that runs out ends the item `pending`.
   */
  waits?: WaitKind[];
  /**
   * An add-on item (ADDON_ORDER): not in the Phase 3 checklist (seed 001) but in the MVNO guide's Phase 7 (seed 003
   * §9–§10). Its scope carries an add-on tag no profile includes, so it is `not-applicable` unless CERT_ADDONS selects it.
   */
  addon?: boolean;
  /** The sign-off section an add-on item is listed under ('Phase 7 add-on'); e.g. 'Intelligent Port-In'; the sign-off groups and the docs' item table use it. */
  section?: string;
}

export type WaitKind = 'webhook' | 'portIn' | 'cdr' | 'propagation' | 'tokenExpiry' | 'device' | 'order' | 'keepalive';
