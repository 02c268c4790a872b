export { main, createProgram, EXIT } from './main.js';
export { renderCliReference } from './cli-reference.js';
export { Project } from './project.js';
export type { CliIo } from './cli-io.js';
export { buildParseOutput, type ParseOutput } from './discussion-report.js';
