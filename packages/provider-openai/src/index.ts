export { openaiProvider } from './openai-provider.js';
export { openaiPlugin } from './openai-plugin.js';
export {
  OPENAI_DEFAULT_BASE_URL,
  OPENAI_DEFAULT_MODEL,
  OPENAI_PLACEHOLDER_KEY,
  openaiOptionsSchema,
  type OpenAISettings,
} from './openai-settings.js';

import { openaiPlugin } from './openai-plugin.js';

export default openaiPlugin;
