import { ConfigError } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import { parseOllamaHost } from './ollama-host.js';

describe('parseOllamaHost', () => {
  it.each([
    ['127.0.0.1:11434', 'http://127.0.0.1:11434'],
    ['127.0.0.1', 'http://127.0.0.1:11434'],
    ['gpu-box', 'http://gpu-box:11434'],
    ['gpu-box:8080', 'http://gpu-box:8080'],
    [':11500', 'http://127.0.0.1:11500'],
    ['', 'http://127.0.0.1:11434'],
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['0.0.0.0:11434', 'http://127.0.0.1:11434'],
    ['http://gpu-box:11434', 'http://gpu-box:11434'],
    ['http://gpu-box', 'http://gpu-box:80'],
    ['https://ollama.example.com', 'https://ollama.example.com:443'],
    ['HTTPS://ollama.example.com/', 'https://ollama.example.com:443'],
    ['https://proxy.example.com:8443/ollama/', 'https://proxy.example.com:8443/ollama'],
    ['[::1]:11434', 'http://[::1]:11434'],
    ['[::1]', 'http://[::1]:11434'],
    ['::1', 'http://[::1]:11434'],
    ['[::]:11434', 'http://[::1]:11434'],
    ['  "127.0.0.1:11434"  ', 'http://127.0.0.1:11434'],
    ["'gpu-box'", 'http://gpu-box:11434'],
    ['gpu-box:', 'http://gpu-box:11434'],
  ])('reads %j as %s, as Ollama does', (value, url) => {
    expect(parseOllamaHost(value, 'OLLAMA_HOST')).toEqual({ url, authorization: undefined });
  });

  it('moves a user name and password out of the URL into a Basic authorization header', () => {
    const host = parseOllamaHost('https://rob:s%3Acanary-secret@proxy.example.com', 'OLLAMA_HOST');
    expect(host.url).toBe('https://proxy.example.com:443');
    expect(host.url).not.toContain('canary');
    expect(host.authorization).toBe(`Basic ${Buffer.from('rob:s:canary-secret').toString('base64')}`);
  });

  it('rejects a scheme other than http(s), naming where the value came from', () => {
    expect(() => parseOllamaHost('ftp://gpu-box', 'providers.ollama.host')).toThrow(
      new ConfigError('providers.ollama.host uses the scheme "ftp"; use http:// or https:// (or none)'),
    );
  });

  it.each(['gpu-box:abc', 'gpu-box:70000', 'gpu-box:0'])('rejects the bad port in %j without echoing the rest of the value', (value) => {
    let thrown: unknown;
    try {
      parseOllamaHost(value, 'OLLAMA_HOST');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toMatch(/^OLLAMA_HOST has the port "\w+"; use a number from 1 to 65535$/);
  });
});
