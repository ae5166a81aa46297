/**
 * The account's number inventory, read whole (GET /v1.0/numbers/inventory pages): used by the number steps and by
 * cleanup's search for a number whose provision answer was lost. No Playwright import: scripts use it too.
 */
import type { ApiClient } from './client';

type Json = Record<string, any>;

/** The account's inventory as read: every number listed, and whether that is all of it. */
export interface InventoryRead {
  numbers: Json[];
  /** true only when every page was read (TotalResults reached, or an empty page with no TotalResults to say otherwise) */
  complete: boolean;
  /** why the read is not complete (a page's HTTP status, the page cap) */
  problem?: string;
}

/** Inventory paging (vendor OpenAPI GET /v1.0/numbers/inventory: PageNumber from 1, TotalNumbersRequested, TotalResults). */
export const INVENTORY_PAGING = { pageSize: 500, maxPages: 50 };

const OP_INVENTORY = 'GET /v1.0/numbers/inventory';

/**
 * Read GET /v1.0/numbers/inventory ("a paginated list", seed 004) page by page: PageNumber 1…n with
 * TotalNumbersRequested, until TotalResults numbers were read or a page comes back empty, at most `maxPages` pages.
 * The platform may serve fewer a page than asked (its own page size): a short page is not the end. A non-200 page or
 * the cap leaves the read incomplete (`complete: false`): what is not listed there is then unknown, never "absent".
 */
export async function readInventory(api: ApiClient, paging = INVENTORY_PAGING): Promise<InventoryRead> {
  const seen = new Map<string, Json>();
  for (let page = 1; page <= paging.maxPages; page++) {
    const res = await api.call(OP_INVENTORY, { query: { PageNumber: String(page), TotalNumbersRequested: String(paging.pageSize) } });
    if (res.status !== 200) return { numbers: [...seen.values()], complete: false, problem: `${OP_INVENTORY} page ${page} answered HTTP ${res.status}` };
    const b: any = res.body;
    const list: Json[] = (Array.isArray(b) ? b : Array.isArray(b?.PhoneNumbers) ? b.PhoneNumbers : []).filter((n: unknown) => n && typeof n === 'object');
    for (const n of list) seen.set(String(n.Number ?? n.Tnid ?? JSON.stringify(n)), n);
    const total = Number(Array.isArray(b) ? NaN : b?.TotalResults);
    if (Number.isFinite(total) && seen.size >= total) return { numbers: [...seen.values()], complete: true };
    if (!list.length) {
      const short = Number.isFinite(total) && seen.size < total;
      return { numbers: [...seen.values()], complete: !short, ...(short ? { problem: `${OP_INVENTORY}: ${seen.size} of TotalResults ${total} listed` } : {}) };
    }
  }
  return { numbers: [...seen.values()], complete: false, problem: `${OP_INVENTORY}: more than ${paging.maxPages} pages of ${paging.pageSize}` };
}
