import { ConfigError } from '@quorum/core';

/** The port Ollama listens on when `OLLAMA_HOST` names none. */
export const OLLAMA_DEFAULT_PORT = 11434;

/** Where an Ollama server is, read from a host setting or `OLLAMA_HOST`. */
export interface OllamaHost {
  /** `http(s)://host:port[/path]`, without user name or password: what the client is given. */
  readonly url: string;
  /**
   * `Basic …` when the host carried a user name and password (`http://user:pass@host`).
   * `fetch` refuses URLs with credentials, so they travel in this header instead.
   */
  readonly authorization: string | undefined;
}

/**
 * Reads a host the way Ollama reads `OLLAMA_HOST`: `127.0.0.1:11434`, `http://host:port`,
 * `https://host/path`, `host` alone (port 11434), `:11434` (the loopback address), `[::1]:11434`,
 * with surrounding spaces or quotes. Without a scheme the port defaults to 11434; with
 * `http://` or `https://` to 80 or 443, as in Ollama. The unspecified addresses a server binds
 * to (`0.0.0.0`, `::`) are reached on the loopback address.
 *
 * @param value the setting or environment value
 * @param origin names the value in error messages (`OLLAMA_HOST`, `providers.ollama.host`)
 * @throws ConfigError when the scheme is not http(s) or the port is not a number from 1 to 65535
 */
export function parseOllamaHost(value: string, origin: string): OllamaHost {
  const text = value.trim().replace(/^(["'])(.*)\1$/s, '$2').trim();
  let scheme = 'http';
  let rest = text;
  let defaultPort = OLLAMA_DEFAULT_PORT;
  const separator = text.indexOf('://');
  if (separator !== -1) {
    scheme = text.slice(0, separator).toLowerCase();
    rest = text.slice(separator + 3);
    if (scheme === 'http') defaultPort = 80;
    else if (scheme === 'https') defaultPort = 443;
    else throw new ConfigError(`${origin} uses the scheme "${scheme}"; use http:// or https:// (or none)`);
  }

  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash).replace(/\/+$/, '');
  const at = authority.lastIndexOf('@');
  const userInfo = at === -1 ? undefined : authority.slice(0, at);
  const hostPort = at === -1 ? authority : authority.slice(at + 1);

  const { hostname, port: portText } = splitHostPort(hostPort);
  let port = defaultPort;
  if (portText !== undefined && portText !== '') {
    const parsed = /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
    if (!(parsed >= 1 && parsed <= 65535)) {
      throw new ConfigError(`${origin} has the port "${portText}"; use a number from 1 to 65535`);
    }
    port = parsed;
  }

  const host = loopbackFor(hostname === '' ? '127.0.0.1' : hostname);
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${scheme}://${bracketed}:${port}${path}`,
    authorization: userInfo === undefined ? undefined : basicAuthorization(userInfo),
  };
}

/** Splits `host:port`, `[v6]:port`, `[v6]`, a bare IPv6 address or `host` (no port). */
function splitHostPort(hostPort: string): { hostname: string; port: string | undefined } {
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close !== -1) {
      const after = hostPort.slice(close + 1);
      return { hostname: hostPort.slice(1, close), port: after.startsWith(':') ? after.slice(1) : undefined };
    }
  }
  const colons = hostPort.split(':').length - 1;
  if (colons === 1) {
    const colon = hostPort.indexOf(':');
    return { hostname: hostPort.slice(0, colon), port: hostPort.slice(colon + 1) };
  }
  // No colon: a name alone. More than one: a bare IPv6 address, which has no port.
  return { hostname: hostPort, port: undefined };
}

function loopbackFor(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '0:0:0:0:0:0:0:0') return '::1';
  return host;
}

function basicAuthorization(userInfo: string): string {
  const colon = userInfo.indexOf(':');
  const user = colon === -1 ? userInfo : userInfo.slice(0, colon);
  const password = colon === -1 ? '' : userInfo.slice(colon + 1);
  return `Basic ${Buffer.from(`${safeDecode(user)}:${safeDecode(password)}`).toString('base64')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
