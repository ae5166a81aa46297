/**
 * Fifth hunt: realistic platform defects the certification did not catch before this hunt — request checks the
 * vendor's documents call for and the platform skips (an enum value outside its list, a URL without a scheme, a
 * required field left out, an ID that names nothing), each now caught by a named refusal in its item's spec.
 * Implementations: sandbox/unchecked-fields.ts (one field of one operation left unchecked), sandbox/routes/*.ts.
 */
import type { DriftMode } from './types';

export const HUNT5_DRIFTS: DriftMode[] = [
  {
    name: 'product-unknown-id-200',
    area: 'products',
    item: '2',
    description:
      'GET /v1.0/products with a ProductId the catalogue does not hold answers 200 with the latest Product instead of 404: a partner reconciling its SKUs reads a typo as an existing Product (and bills its Cost).',
  },
  {
    name: 'product-cost-optional',
    area: 'products',
    item: '2',
    description:
      'POST /v1.0/products accepts a Product without its Cost (required in the vendor request schema; seed 003 §6.1 "Wholesale cost to you"): the Product bills nothing and the invoice is wrong.',
  },
  {
    name: 'package-unknown-product-accepted',
    area: 'packages',
    item: '3',
    description:
      'POST /v1.0/packages stores PackageItems whose ProductId names no Product (a dangling reference): the Package sells an item that bills nothing, found only on the first invoice.',
  },
  {
    name: 'message-route-method-unchecked',
    area: 'routes',
    item: '4',
    description:
      'POST /v1.0/message/routes keeps a MessageUrlMethod outside GET | POST (vendor enum) as sent: the inbound sender later uses an HTTP method the partner webhook does not accept and inbound SMS are lost.',
  },
  {
    name: 'message-route-callback-auth-unchecked',
    area: 'routes',
    item: '4',
    description:
      'POST /v1.0/message/routes keeps a CallbackMessageAuthenticationType outside None | Basic | Bearer (vendor enum): the delivery reports then go out unauthenticated and the partner receiver refuses them.',
  },
  {
    name: 'message-route-url-unchecked',
    area: 'routes',
    item: '4',
    description:
      'POST /v1.0/message/routes keeps a MessageUrl without its scheme (vendor format uri; seed 003 §4.2 "Use HTTPS endpoints"): the route is saved, numbers are provisioned on it, and no inbound message is ever delivered.',
  },
  {
    name: 'voice-route-type-unchecked',
    area: 'routes',
    item: '5',
    description:
      'POST /v1.0/voice/routes keeps a RouteType outside Trunk | URL | Forward (vendor enum; seed 003 §4.2 "three RouteType values"): the route exists but no call is ever routed on it.',
  },
  {
    name: 'voice-route-transport-unchecked',
    area: 'routes',
    item: '5',
    description:
      'POST /v1.0/voice/routes keeps a TrunkTransport1 outside UDP | TCP | TLS (vendor enum): the SBC cannot reach the trunk and inbound calls to its numbers fail.',
  },
  {
    name: 'subscriber-email-format-unchecked',
    area: 'subscribers',
    item: '6',
    description:
      "POST /v1.0/subscribers/create keeps an Email that is no e-mail address (vendor format email; the address is the subscriber's login and the platform's uniqueness key): the subscriber never receives the first-login reset.",
  },
  {
    name: 'subscriber-unknown-account-accepted',
    area: 'subscribers',
    item: '6',
    description:
      "POST /v1.0/subscribers/create files a Subscriber whose AccountId names no Account under the distributor's default account instead of refusing it (404, seed 003 §11): the subscriber is billed to the wrong account.",
  },
  {
    name: 'eligibility-number-optional',
    area: 'porting',
    item: '8a',
    description:
      'numbers/portin/eligibility without the required PhoneNumber answers 200 Eligible false ("Number not found") instead of 400: a partner bug sending no number reads as a verdict, and the customer is told the number cannot be ported.',
  },
  {
    name: 'subscription-unknown-package-accepted',
    area: 'subscriptions',
    item: '9',
    description:
      'POST /v1.0/subscriptions stores a PackageId that names no Package (unresolved): the Subscription is Active but billing finds no price plan, so the line runs unbilled.',
  },
  {
    name: 'subscription-type-optional',
    area: 'subscriptions',
    item: '9',
    description:
      'POST /v1.0/subscriptions accepts a Subscription without the required Type (vendor request schema; seed 003 §7 "must match the kind of number"): the billing relationship has no product class and rates as the wrong kind of line.',
  },
  {
    name: 'package-item-add-unknown-product-accepted',
    area: 'packages',
    item: '3',
    description: 'POST /v1.0/packages/items/add stores an item whose ProductId names no Product (a dangling reference): the add-on is sold and never billed.',
  },
  {
    name: 'message-route-unknown-id-200',
    area: 'routes',
    item: '4',
    description:
      "GET /v1.0/message/routes with a MessageRouteId that names no route answers 200 with the account's latest route instead of 404: a partner checking a mistyped MRID sees another route's webhook URLs as its own.",
  },
  {
    name: 'voice-route-unknown-id-200',
    area: 'routes',
    item: '5',
    description:
      "GET /v1.0/voice/routes with a CallRouteID that names no route answers 200 with the account's latest route instead of 404: a partner's route audit reads a route that does not exist as configured.",
  },
  {
    name: 'subscription-type-mismatch-accepted',
    area: 'subscriptions',
    item: '9',
    description:
      'POST /v1.0/subscriptions keeps a Type that does not match the kind of number it is on (seed 003 §7 "must match the kind of number the Subscription is on"): the line is rated as another product class.',
  },
  {
    name: 'subscriber-phones-unchecked',
    area: 'subscribers',
    item: '6',
    description:
      'POST /v1.0/subscribers/create keeps PhoneNumbers that are not E.164 (seed 003 §3 "E.164 format"; R-e164-request-form: calls that create keep requiring the refusal): the subscriber lists a line no number lookup ever matches.',
  },
  {
    name: 'package-item-add-unknown-package-accepted',
    area: 'packages',
    item: '3',
    description:
      'POST /v1.0/packages/items/add with a PackageId that names no Package answers 200 and keeps an orphan item (404 per seed 003 §11): the partner believes the add-on is on sale while no Package carries it.',
  },
  {
    name: 'subscription-unknown-tnid-accepted',
    area: 'subscriptions',
    item: '9',
    description:
      'POST /v1.0/subscriptions stores a TNID that names no number (unresolved) instead of 404: the Subscription bills a line that does not exist, and the real number stays unbilled.',
  },
  {
    name: 'voice-route-callback-method-unchecked',
    area: 'routes',
    item: '5',
    description:
      'POST /v1.0/voice/routes keeps a CallbackVoiceUrlMethod outside GET | POST (vendor enum): the voice events are later sent with a method the partner endpoint refuses, and call events are lost.',
  },
  {
    name: 'subscriber-password-optional',
    area: 'subscribers',
    item: '6',
    description:
      'POST /v1.0/subscribers/create accepts a Subscriber without the Password required at create (vendor request schema; seed 003 §3 "Required at create"): the login exists with no credential set, open to whoever claims it first.',
  },
];
