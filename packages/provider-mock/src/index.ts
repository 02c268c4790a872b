export { CASSETTE_VERSION, type Cassette, type CassetteEntry, type CassetteReply } from './cassette.js';
export { CHARACTERS_PER_TOKEN, estimateUsage } from './estimate-usage.js';
export { FAULT_KINDS, MAXIMUM_CONSECUTIVE_FAULTS, type FaultKind, type FaultOptions } from './fault-plan.js';
export { mockPlugin, PROVIDER_MOCK_PACKAGE_VERSION } from './mock-plugin.js';
export { mockProvider } from './mock-provider.js';
export { MOCK_MODES, mockOptionsSchema, parseMockSettings, type MockMode, type MockSettings } from './mock-settings.js';
export { readCassette, validateCassette } from './read-cassette.js';
export { createRecorder, type Recorder, type RecorderOptions } from './recorder.js';
export { requestKey } from './request-key.js';
export { createScriptedProvider, SCRIPTED_MODEL, type ScriptedOptions } from './scripted-provider.js';
export {
  createSimulatedProvider,
  DEFAULT_FINAL_DESIGN_AFTER_ROUNDS,
  DEFAULT_RETRY_AFTER_MS,
  MOCK_PROVIDER_NAME,
  SIMULATED_MODEL,
  type SimulatedOptions,
} from './simulated-provider.js';
export { simulateReply, type SimulatedReply, type SimulatedReplyOptions } from './simulated-reply.js';
export { mockPlugin as default } from './mock-plugin.js';
