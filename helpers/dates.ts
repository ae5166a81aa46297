/** A date in the vendor's request format MM/DD/YYYY (UTC), e.g. EffectiveDate, PortInDate. Leaf module. */
export function mmddyyyy(d: Date = new Date()): string {
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`;
}
