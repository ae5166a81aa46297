/**
 * protocol/contract/semantics — checks of what responses MEAN (issue 12), four families, each a set of small named
 * checks returning Finding[] (`check` = family.kind, message naming the family and the fields, `basis` given):
 *   readback.mismatch      read-back equality (./readback)
 *   status.failure         status semantics; status.vocabulary (warning) (./status)
 *   lifecycle.order        documented state machines as sequences (./lifecycle)
 *   crosschannel.mismatch  API vs webhook / SIP / CDR about the same event (./crosschannel)
 * The SemanticObserver (./observer) applies them to everything a run meets.
 */
export * from './normalise';
export { readbackMismatch, writtenResources, ownIdentity, objectsIn, isWrite, numberIdentity, ALIASES, READBACK_BASIS } from './readback';
export {
  statusFailure,
  statusFailures,
  portInChecklistStatus,
  PORTIN_SPELLING_RULING,
  FAILURE_VALUE,
  STATUS_VOCABULARY,
  STATUS_BASIS,
  type Allowance,
} from './status';
export {
  lifecycleOrder,
  numberLifecycle,
  requestedNumberState,
  serviceKeptForPortOut,
  LIFECYCLE_BASIS,
  NUMBER_BASIS,
  type Observation,
  type OrderKind,
} from './lifecycle';
export {
  messageChannels,
  portCompletion,
  cdrChannels,
  CROSS_BASIS,
  PORT_BASIS,
  PORT_CLASSIFICATION_BASIS,
  CDR_BASIS,
  type MessageChannels,
} from './crosschannel';
export { SemanticObserver, type ObservedCall, type ObserverOptions, type NumberState, type NumberStateStore } from './observer';
