/**
 * CDR format library (protocol layer, shared by suite and sandbox): the streaming parser driven by
 * schemas/cdr/mapping.json, the hand-tuned CSV reader, schema validation, the record types.
 */
export * from './types';
export { parseCdrStream, parseCdrBatches, parseCdr, parseCdrFiles, type CdrFile, type CdrInput, type CdrStreamItem } from './parse';
export { loadCdrMapping, validateCdrRecord, makeDateParser, type CdrMapping, type LoadedMapping } from './mapping';
export { webhookToCdrFile } from './files';
