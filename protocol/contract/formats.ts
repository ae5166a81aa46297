/**
 * The format table every OpenAPI validator uses: ajv-formats' full formats, the E.164 spellings the documents use,
 * and the fast `date-time` / `uri` recognisers (same verdicts, see ../fast-formats.ts). One table: ajv is given it when
 * it compiles, and a validator loaded from the on-disk cache (./validator-cache.ts) is handed the very same entries.
 */
import type Ajv from 'ajv';
import type { Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import { isE164 } from '../e164';
import { fasterFormat, fastDateTime, fastUri } from '../fast-formats';

let table: Record<string, Format> | undefined;

export function formatTable(): Record<string, Format> {
  if (!table) {
    const t: Record<string, Format> = { ...(fullFormats as Record<string, Format>) };
    for (const name of ['e164', 'E164', 'e.164']) t[name] = isE164;
    t['date-time'] = fasterFormat(t['date-time'], fastDateTime);
    t.uri = fasterFormat(t.uri, fastUri);
    table = t;
  }
  return table;
}

/** register the table's entries (over ajv-formats' own, which addFormats put there for its keywords) */
export function useFormatTable(ajv: Ajv): void {
  for (const [name, f] of Object.entries(formatTable())) ajv.addFormat(name, f);
}
