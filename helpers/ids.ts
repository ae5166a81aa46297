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
