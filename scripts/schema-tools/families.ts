/*
 * Resource families: operations that return the same resource representation. After inference, every member's
 * list of EXPECTED fields (shown in every sample; x-inferred.required after basis.ts, i.e. warnings only —
 * R-response-required) becomes the INTERSECTION over the family: a field absent from one
 * documented representation (e.g. the guide's voice-route create response has no trunk-2 fields) may be absent
 * from the others too, so the sandbox can serve one consistent representation for create, read, update and list.
 * Partial echoes (POST /v1.0/workgroups/update, /products/update, /subscribers/call-filter/update) and the workgroup create
 * response (a different shape from the workgroup read) are left out.
 */
export const FAMILIES: Record<string, Array<[string, string]>> = {
  voiceRoute: [
    ['POST /v1.0/voice/routes', ''],
    ['GET /v1.0/voice/routes', ''],
    ['POST /v1.0/voice/routes/update', ''],
    ['GET /v1.0/account/voice/routes', 'Results[]'],
  ],
  messageRoute: [
    ['POST /v1.0/message/routes', ''],
    ['GET /v1.0/message/routes', ''],
    ['POST /v1.0/message/routes/update', ''],
    ['GET /v1.0/account/message/routes', 'Results[]'],
  ],
  product: [
    ['POST /v1.0/products', ''],
    ['GET /v1.0/products', ''],
    ['GET /v1.0/account/products', 'Results[]'],
    ['GET /v1.0/distributor/products', 'Results[]'],
  ],
  package: [
    ['POST /v1.0/packages', ''],
    ['GET /v1.0/packages', ''],
    ['POST /v1.0/packages/update', ''],
    ['GET /v1.0/account/packages', 'Results[]'],
    ['GET /v1.0/distributor/packages', 'Results[]'],
  ],
  packageItem: [
    ['POST /v1.0/packages/items/add', ''],
    ['GET /v1.0/packages/items', '[]'],
    ['POST /v1.0/packages/items/update', ''],
  ],
  subscription: [
    ['POST /v1.0/subscriptions', ''],
    ['GET /v1.0/subscriptions', ''],
    ['POST /v1.0/subscriptions/update', ''],
    ['GET /v1.0/account/subscriptions', 'Results[]'],
    ['GET /v1.0/distributor/subscriptions', 'Results[]'],
    ['GET /v1.0/packages/subscriptions', 'Subscriptions[]'],
  ],
  account: [
    ['POST /v1.0/account/create', ''],
    ['GET /v1.0/account', ''],
    ['POST /v1.0/account/update', ''],
    ['GET /v1.0/distributor/accounts', ''],
  ],
  distributor: [
    ['POST /v1.0/distributor/create', ''],
    ['GET /v1.0/distributor', ''],
    ['POST /v1.0/distributor/update', ''],
  ],
  subscriber: [
    ['POST /v1.0/subscribers/create', ''],
    ['GET /v1.0/subscribers/get', ''],
    ['POST /v1.0/subscribers/update', ''],
    ['POST /v1.0/subscribers/transfer', ''],
    ['GET /v1.0/distributor/subscribers', 'Subscribers[]'],
  ],
  messageFilter: [
    ['POST /v1.0/subscribers/message-filter', ''],
    ['GET /v1.0/subscribers/message-filter', '[]'],
    ['POST /v1.0/subscribers/message-filter/update', ''],
  ],
  callFilter: [
    ['POST /v1.0/subscribers/call-filter', ''],
    ['GET /v1.0/subscribers/call-filter', '[]'],
  ],
  number: [
    ['GET /v1.0/numbers', ''],
    ['GET /v1.0/numbers/inventory', 'PhoneNumbers[]'],
  ],
  service: [
    ['POST /v1.0/services', ''],
    ['GET /v1.0/services', ''],
    ['POST /v1.0/services/update', ''],
    ['GET /v1.0/account/services', 'Results[]'],
  ],
  workgroupSummary: [
    ['GET /v1.0/workgroups', ''],
    ['GET /v1.0/account/workgroups', 'Workgroups[]'],
  ],
  threshold: [
    ['POST /v1.0/subscriptions/thresholds/add', ''],
    ['GET /v1.0/subscriptions/thresholds', ''],
    ['POST /v1.0/subscriptions/thresholds/update', ''],
  ],
  feature: [
    ['POST /v1.0/subscriptions/features/add', ''],
    ['GET /v1.0/subscriptions/features', ''],
    ['POST /v1.0/subscriptions/features/update', ''],
  ],
};
