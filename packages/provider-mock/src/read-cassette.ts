import { readFile } from 'node:fs/promises';
import { didYouMean, InvalidInputError } from '@quorum/core';
import { CASSETTE_VERSION, type Cassette, type CassetteEntry, type CassetteReply } from './cassette.js';

const CASSETTE_KEYS = ['version', 'entries'];
const ENTRY_KEYS = ['persona', 'phase', 'round', 'provider', 'model', 'reply'];
const REPLY_KEYS = ['text', 'usage', 'model'];
const USAGE_KEYS = ['inputTokens', 'outputTokens', 'cachedInputTokens'];

/**
 * Reads and checks a cassette file. Every problem is an `InvalidInputError` naming the file
 * and the place in it (`cassette.json: entries[3].reply.text must be a string`); a file that
 * does not exist or is not JSON is reported the same way.
 */
export async function readCassette(file: string): Promise<Cassette> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail =
      code === 'ENOENT'
        ? 'the cassette file does not exist; record one with --record, or fix the path in providers.mock.cassette'
        : `the cassette file cannot be read (${code ?? String(error)}); check its permissions`;
    throw new InvalidInputError(detail, { file, cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError(`the cassette is not valid JSON (${message}); record it again with --record`, { file, ...jsonErrorPosition(source, message), cause: error });
  }
  return validateCassette(data, file);
}

/**
 * Checks that `data` is a cassette and returns it typed. `file` only names the source in
 * error messages. Unknown keys are errors (with "did you mean"), so a typo in a match field
 * cannot silently make an entry match everything.
 */
export function validateCassette(data: unknown, file?: string): Cassette {
  const fail = (detail: string): never => {
    throw new InvalidInputError(detail, { file });
  };
  if (!isRecord(data)) return fail('a cassette must be a JSON object with "version": 1 and an "entries" array');
  checkKeys(data, CASSETTE_KEYS, '', fail);
  if (data.version !== CASSETTE_VERSION) {
    return fail(`version must be ${CASSETTE_VERSION}, not ${JSON.stringify(data.version) ?? 'missing'}`);
  }
  if (!Array.isArray(data.entries)) return fail('entries must be an array');
  const entries = data.entries.map((entry: unknown, index: number): CassetteEntry => {
    const at = `entries[${index}]`;
    if (!isRecord(entry)) return fail(`${at} must be an object with a "reply"`);
    checkKeys(entry, ENTRY_KEYS, `${at}.`, fail);
    for (const key of ['persona', 'phase', 'provider', 'model'] as const) {
      if (entry[key] !== undefined && typeof entry[key] !== 'string') fail(`${at}.${key} must be a string`);
    }
    if (entry.round !== undefined && !(Number.isInteger(entry.round) && (entry.round as number) >= 1)) {
      fail(`${at}.round must be a whole number of at least 1`);
    }
    const reply = entry.reply;
    if (!isRecord(reply)) return fail(`${at}.reply must be an object with a "text" string`);
    checkKeys(reply, REPLY_KEYS, `${at}.reply.`, fail);
    if (typeof reply.text !== 'string') fail(`${at}.reply.text must be a string`);
    if (reply.model !== undefined && typeof reply.model !== 'string') fail(`${at}.reply.model must be a string`);
    if (reply.usage !== undefined) {
      const usage = reply.usage;
      if (!isRecord(usage)) return fail(`${at}.reply.usage must be an object with ${USAGE_KEYS.join(', ')}`);
      checkKeys(usage, USAGE_KEYS, `${at}.reply.usage.`, fail);
      for (const key of USAGE_KEYS) {
        const value = usage[key];
        if (!(Number.isInteger(value) && (value as number) >= 0)) fail(`${at}.reply.usage.${key} must be a whole number of at least 0`);
      }
    }
    return entry as unknown as CassetteEntry & { reply: CassetteReply };
  });
  return { version: CASSETTE_VERSION, entries };
}

function checkKeys(record: Record<string, unknown>, allowed: readonly string[], prefix: string, fail: (detail: string) => never): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) fail(`${prefix}${key} is not allowed here${didYouMean(key, allowed)}; the keys are ${allowed.join(', ')}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The line and column of a JSON syntax error, when the engine's message gives a position. */
function jsonErrorPosition(source: string, message: string): { line?: number; column?: number } {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn !== null) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  if (position === null) return {};
  const before = source.slice(0, Number(position[1]));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
