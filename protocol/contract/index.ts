/**
 * protocol/contract — the project's single validator (see docs/ARCHITECTURE.md § protocol/contract).
 *
 *   loadDocument(), listOperations(), findOperation(method, urlPath), getOperation(opKey)
 *   validateRequest(opKey, body, query?), validateResponse(opKey, status, body, contentType?)
 *   validateWebhook(kind, body), validateCdr(kind, record)
 *   named conformance checks: ./checks
 */
export type { Finding, OperationInfo, QueryParam, WebhookKind, CdrKind } from './types';
export {
  loadDocument,
  listOperations,
  findOperation,
  getOperation,
  resetContract,
  schemasDir,
  jsonMedia,
  mediaExamples,
  deref,
  resolvePointer,
} from './document';
export {
  validateRequest,
  validateResponse,
  validateWebhook,
  validateCdr,
  checkSchema,
  checkStatus,
  checkContentType,
  responseKeyFor,
  renderActual,
  contractWarnings,
  compileAll,
} from './validate';
export * as checks from './checks';
export {
  schemaConformance,
  statusCodeConformance,
  contentTypeConformance,
  idPrefix,
  e164,
  E164_PATTERN,
  echoesRequest,
  authIgnored,
  unknownTokenRefused,
  wrongSecretRefused,
  scopeEnforced,
  scopeStatuses,
  useAfterDelete,
  retrievableAfterCreate,
} from './checks';
export * as semantics from './semantics';
export { SemanticObserver, type NumberState, type NumberStateStore } from './semantics';
