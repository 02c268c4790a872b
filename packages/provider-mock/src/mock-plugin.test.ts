import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import plugin, { mockPlugin, mockProvider, PROVIDER_MOCK_PACKAGE_VERSION } from './index.js';

describe('mockPlugin', () => {
  it('is the default export and contributes the mock provider', () => {
    expect(plugin).toBe(mockPlugin);
    expect(mockPlugin).toEqual({ specificationVersion: 'v1', meta: { name: 'quorum-provider-mock', version: '0.1.0' }, providers: [mockProvider] });
  });

  it('carries the version of package.json', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(PROVIDER_MOCK_PACKAGE_VERSION).toBe(manifest.version);
  });
});
