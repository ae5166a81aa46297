/**
 * ID prefixes the suite accepts per kind of ID. Where the vendor's documents disagree, every documented
 * spelling is accepted and the ruling that says so is named (schemas/rulings.json).
 */
export type IdKind =
  | 'account'
  | 'product'
  | 'package'
  | 'packageItem'
  | 'messageRoute'
  | 'callRoute'
  | 'subscriber'
  | 'number'
  | 'order'
  | 'subscription'
  | 'message'
  | 'callFilter'
  | 'messageFilter'
  | 'webhook';

export const ID_PREFIXES: Record<IdKind, string[]> = {
  account: ['AID-'],
  product: ['PRID-', 'PID-'], // R-id-product: PRID- in responses, PID- in the guide
  package: ['PKID-', 'PID-'], // R-id-package: PKID- in the guide, PID- in the spec's responses
  packageItem: ['PIID-'],
  messageRoute: ['MRID-'],
  callRoute: ['CRID-'],
  subscriber: ['TSUID-', 'SID-'], // R-id-subscriber: SID- in examples, TSUID- in field docs
  number: ['NID-', 'TNID-'], // R-id-number
  order: ['JNUOID-', 'JNOID-', 'TNOID-'], // R-id-order
  subscription: ['SUB-'],
  message: ['TMID-', 'MSG-'], // R-id-message: TMID- everywhere, MSG- in the vendor's message/filter example (an outbound message)
  callFilter: ['CFID-'],
  messageFilter: ['MFID-'],
  webhook: ['WID-', 'WHID-'], // R-id-webhook
};

const ROTATE = ['0123456789', 'abcdef', 'ABCDEF', 'ghijklmnopqrstuvwxyz', 'GHIJKLMNOPQRSTUVWXYZ'];

/**
 * An ID in the form the platform issues — the prefix and shape of `issued`, an ID it gave this run — that names
 * nothing: the last four letters / digits after the prefix each moved to another of the same class (digit, hex
 * letter, other letter; case kept). A negative test asking for an unknown resource sends it: the platform cannot read
 * it as an invalid value (400, seed 003 §11 — as a made-up ID in another documented prefix may be, R-id-package) and
 * must answer that the resource does not exist (404).
 */
export function unknownIdLike(issued: string): string {
  const chars = [...issued];
  const start = issued.indexOf('-') + 1;
  for (let i = chars.length - 1, moved = 0; i >= start && moved < 4; i--) {
    const set = ROTATE.find((s) => s.includes(chars[i]));
    if (!set) continue;
    chars[i] = set[(set.indexOf(chars[i]) + Math.ceil(set.length / 2)) % set.length];
    moved++;
  }
  return chars.join('');
}
