/**
 * Catalog checks (items 2–3): what the platform must refuse about Products and Packages. No Playwright import.
 */
import type { Finding } from '../protocol/contract';
import type { CallResult } from './client';

const OP_DELETE = 'POST /v1.0/products/delete';
const IN_USE_BASIS =
  'vendor OpenAPI POST /v1.0/products/delete ("Products included in active packages cannot be deleted — remove them from all packages first")';

/** the Product still reads back as there: GET /v1.0/products answered it, not deleted nor inactive */
function stillThere(prid: string, read: CallResult): boolean {
  const b = read.body as Record<string, unknown> | undefined;
  if (read.status !== 200 || !b || typeof b !== 'object') return false;
  const id = String(b.ProductId ?? '').toLowerCase();
  return id === prid.toLowerCase() && !/^deleted$/i.test(String(b.ProductStatus ?? b.Status ?? '')) && b.Active !== false;
}

/** an answer saying the Product was deleted: a 2xx whose status field (if any) is not another word than Deleted */
function claimsDeleted(answer: CallResult): boolean {
  if (answer.status < 200 || answer.status > 299) return false;
  const b = (answer.body ?? {}) as Record<string, unknown>;
  const word = b.ProductStatus ?? b.Status;
  return word === undefined || /^deleted$/i.test(String(word));
}

/**
 * Check `catalog.product-in-use-deleted`: products/delete of a Product that an active Package bundles must leave it in
 * place (an error when it is gone, or the answer says it was deleted); the refusal is a 400 — the one 4xx the
 * operation documents for a request it will not carry out (another refusal is a warning: ruling R-product-in-use).
 * `answer`: the delete's result; `read`: GET /v1.0/products?ProductId= after it.
 */
export function productInUseFindings(prid: string, answer: CallResult, read: CallResult): Finding[] {
  const base = { op: OP_DELETE, pointer: '/ProductId' };
  const answered = `HTTP ${answer.status} ${JSON.stringify(answer.body ?? '').slice(0, 160)}`;
  if (!stillThere(prid, read) || claimsDeleted(answer))
    return [
      {
        ...base,
        check: 'catalog.product-in-use-deleted',
        severity: 'error',
        expected: 'the delete refused and the Product kept while an active Package bundles it',
        actual: `${answered}; then GET /v1.0/products answered HTTP ${read.status} ${JSON.stringify(read.body ?? '').slice(0, 120)}`,
        message: `Product ${prid}, bundled in an active Package, was deleted (or reported deleted): the Package now bills a Product that no longer exists`,
        basis: IN_USE_BASIS,
      },
    ];
  if (answer.status === 400) return [];
  return [
    {
      ...base,
      check: 'catalog.product-in-use-refusal',
      severity: 'warning',
      expected: 'HTTP 400 (the refusal the operation documents)',
      actual: answered,
      message: `products/delete of Product ${prid} (in an active Package) kept it, but answered HTTP ${answer.status} rather than 400`,
      basis: 'R-product-in-use',
    },
  ];
}

/** a list read of the Product (helpers/list-settle readUntilListed): found, or the entries read */
export interface ProductListRead {
  op: string;
  found?: unknown;
  list: unknown[];
}

/**
 * Check `catalog.product-not-listed`: a Product just created is in the product lists — the Account's ("a list of all
 * products available in your account", vendor OpenAPI GET /v1.0/account/products) or, for a Product defined at
 * distributor level, the distributor's (GET /v1.0/distributor/products): which of the two a Product created with
 * POST /v1.0/products lands in is not documented, so either passes. `reads`: the lists read, in order.
 */
export function productListedFindings(prid: string, reads: ProductListRead[]): Finding[] {
  if (reads.some((r) => r.found)) return [];
  return [
    {
      check: 'catalog.product-not-listed',
      severity: 'error',
      op: reads[0]?.op,
      pointer: '/Results',
      expected: `Product ${prid} listed in ${reads.map((r) => r.op).join(' or ')}`,
      actual: reads.map((r) => `${r.op}: ${r.list.length} product(s), not it`).join('; '),
      message: `Product ${prid}, created and readable by its ID, is in no product list: a partner building Packages from the catalog never sees it`,
      basis:
        'vendor OpenAPI GET /v1.0/account/products ("a list of all products available in your account") + GET /v1.0/distributor/products; R-read-after-write (a late listing is a warning)',
    },
  ];
}
