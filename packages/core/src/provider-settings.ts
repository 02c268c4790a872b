import { ConfigError } from './errors.js';

/**
 * Reads a provider's settings (`providers.<name>` in config) with the types checked, for the
 * provider packages: every error names the setting and the type found, never the value (it
 * may be a key). Blank strings read as unset.
 */
export class ProviderSettingsReader {
  constructor(
    private readonly provider: string,
    private readonly settings: Readonly<Record<string, unknown>>,
  ) {}

  /** Refuses a setting the provider does not have. */
  onlyKnown(known: Iterable<string>): void {
    const names = [...known];
    for (const key of Object.keys(this.settings)) {
      if (!names.includes(key)) throw new ConfigError(`providers.${this.provider}.${key} is not a setting of the ${this.provider} provider; the settings are ${names.join(', ')}`);
    }
  }

  string(key: string): string | undefined {
    const value = this.settings[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new ConfigError(`providers.${this.provider}.${key} must be a string, not ${kindOf(value)}`);
    return nonEmptyText(value);
  }

  boolean(key: string): boolean | undefined {
    const value = this.settings[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw new ConfigError(`providers.${this.provider}.${key} must be true or false, not ${kindOf(value)}`);
    return value;
  }

  positiveInteger(key: string): number | undefined {
    const value = this.settings[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new ConfigError(`providers.${this.provider}.${key} must be a whole number of at least 1, not ${kindOf(value)}`);
    }
    return value;
  }

  /** A map of HTTP header names to values. */
  headers(key = 'headers'): Readonly<Record<string, string>> | undefined {
    const value = this.settings[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ConfigError(`providers.${this.provider}.${key} must be a map of header names to strings, not ${kindOf(value)}`);
    }
    for (const [name, header] of Object.entries(value)) {
      if (typeof header !== 'string') throw new ConfigError(`providers.${this.provider}.${key}.${name} must be a string, not ${kindOf(header)}`);
    }
    return value as Readonly<Record<string, string>>;
  }
}

/** Refuses a base URL that is not http(s); `example` shows the form expected. */
export function checkHttpURL(value: string, origin: string, example: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${origin} is not a URL; write it as ${example}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${origin} must be an http or https URL, not ${url.protocol.slice(0, -1)}`);
  }
}

/** The text trimmed, or undefined when there is none. */
export function nonEmptyText(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The type of a value in words, never the value itself (it may be a key). */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'the number ' + String(value) : 'a fractional number';
  return `a ${typeof value}`;
}
