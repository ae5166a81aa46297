/**
 * Shared steps of the Phase 7 add-on items (specs/p7-*.spec.ts). Each one is a thin wrapper over a named check that
 * already exists (protocol/contract semantics.readbackMismatch, helpers/steps ok) — no second copy of a check.
 */
import { expect, expectConformant } from '../helpers/fixtures';
import { semantics } from '../protocol/contract';
import type { ApiClient } from '../helpers/client';
import { ok, type Json } from '../helpers/steps';

/** Seed 003 §10: AI Guardian is per subscriber; the basis every guardian check names. */
export const GUARDIAN_BASIS = 'seed 003 §10 (AI Guardian: guardian features, call filter, message filter) + vendor OpenAPI subscribers/* fields';

/**
 * `read` (what the platform answers now about `identity`) says what was written: the read-back equality check of the
 * semantic family (`readback.mismatch`). A written list must be found entry by entry in the read one.
 */
export function expectReadBack(identity: string, writeOp: string, written: Json, read: unknown, where: string): void {
  const obj = read && typeof read === 'object' && !Array.isArray(read) ? (read as Json) : undefined;
  expect(obj, `${where} answers an object for ${identity}`).toBeTruthy();
  expectConformant(semantics.readbackMismatch({ op: writeOp, fields: written, identity }, obj!, where), `${where} reads back what ${writeOp} wrote`);
}

/** A GET of a list (allowed / blocked numbers or contacts): the bare array of E.164 strings it answers. */
export async function readList(api: ApiClient, op: string, query: Record<string, string>): Promise<string[]> {
  const body = (await ok(api, op, { query })) as unknown;
  const list = Array.isArray(body)
    ? body
    : Array.isArray((body as Json)?.Numbers)
      ? (body as Json).Numbers
      : Array.isArray((body as Json)?.Contacts)
        ? (body as Json).Contacts
        : undefined;
  expect(Array.isArray(list), `${op} answers a list of phone numbers: ${JSON.stringify(body).slice(0, 200)}`).toBe(true);
  return list as string[];
}

/** Entries removed with …/remove are gone from the list read back (vendor OpenAPI: "Remove phone numbers from the … list"). */
export function expectNotListed(list: unknown[], removed: string[], where: string, basis: string): void {
  const still = removed.filter((r) => list.includes(r));
  expect(still, `${where}: removed entries still listed (basis: ${basis})`).toEqual([]);
}

/** The one filter of `list` (GET …/call-filter or …/message-filter answers an array) with FilterId `id`. */
export function filterById(list: unknown, id: string, where: string): Json {
  const arr = Array.isArray(list) ? (list as Json[]) : [];
  const f = arr.find((x) => x && (x.FilterId === id || x.CallFilterId === id || x.MessageFilterId === id));
  expect(f, `${where} lists the filter ${id}`).toBeTruthy();
  return f!;
}
