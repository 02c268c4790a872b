export { anthropicProvider } from './anthropic-provider.js';
export { anthropicPlugin } from './anthropic-plugin.js';
export {
  ANTHROPIC_DEFAULT_BASE_URL,
  ANTHROPIC_DEFAULT_MAX_OUTPUT_TOKENS,
  ANTHROPIC_DEFAULT_MODEL,
  anthropicOptionsSchema,
  type AnthropicSettings,
} from './anthropic-settings.js';
export { MAX_CACHE_BREAKPOINTS, REPLY_TOOL_DESCRIPTION } from './convert-to-anthropic-request.js';

import { anthropicPlugin } from './anthropic-plugin.js';

export default anthropicPlugin;
