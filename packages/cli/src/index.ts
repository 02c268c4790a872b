export { main, createProgram, EXIT } from './main.js';
export type { CliIo } from './cli-io.js';
export { buildParseOutput, type ParseOutput } from './discussion-report.js';
