import { ConfigError, definePlugin } from '@quorum/core';
import { createCompatibleProviderFactory, DEFAULT_PROVIDER_NAME } from './compatible-provider.js';

export * from './compatible-provider.js';
export * from './compatible-settings.js';

/**
 * Contributes one provider, `openai-compatible` by default. The plugin option `name` registers
 * it under another name (`[quorum-plugin-openai-compatible, { name: vllm }]` gives `vllm:<model>`
 * and `providers.vllm`).
 */
export const openaiCompatiblePlugin = definePlugin({
  specificationVersion: 'v1',
  meta: { name: 'quorum-plugin-openai-compatible', version: '1.0.0' },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: {
        type: 'string',
        pattern: '^[a-z0-9][a-z0-9-]*$',
        default: DEFAULT_PROVIDER_NAME,
        description: 'The provider name used in model ids (name:model) and under providers.<name> in config.',
      },
    },
  },
  setup(options) {
    const name = options['name'];
    if (typeof name !== 'string') throw new ConfigError('quorum-plugin-openai-compatible: the name option must be a string');
    return { providers: [createCompatibleProviderFactory(name)] };
  },
});

export default openaiCompatiblePlugin;
