export * from './conformance-check.js';
export * from './storage-conformance.js';
export * from './provider-conformance.js';
export {
  CALLOUT_PART,
  generateRequest,
  persona as requestPersona,
  replySchema,
  STABLE_PART,
  SYSTEM_PROMPT,
  turn as requestTurn,
} from './generate-request.js';
export * from './voting-strategy-conformance.js';
export * from './marker-set-conformance.js';
export * from './condition-conformance.js';
export * from './persona-source-conformance.js';
