import { ConfigError } from '@quorum/core';
import jsYaml from 'js-yaml';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { LineColumn, Locator, PathSegment } from './value-source.js';

/** The limit of the yaml package, kept on purpose: more alias uses than this is an attack. */
const MAX_ALIAS_COUNT = 100;

/** What a YAML file holds, for messages: `config` by default (`a config file holds one`). */
export interface YamlDocumentOptions {
  /** The kind of file, as messages name it: `config`, `template`… */
  readonly kind?: string;
}

/** A parsed YAML or JSON file: its plain value and a way to find where each part is written. */
export interface YamlSource {
  readonly file: string;
  readonly value: unknown;
  readonly locate: Locator;
}

/**
 * What only the `yaml` package reads: anything that could be an anchor (`&name`) or an alias
 * (`*name`) where a node starts, and keys that are not plain scalars (`? key`, or a flow
 * collection before a colon), which the two parsers turn into different strings. A false
 * alarm (a Markdown `**bold**` in a block scalar) only costs speed.
 */
const NEEDS_POSITIONED_PARSER = /(?:^|[\s[{,])[&*][^\s,[\]{}]|^[ \t]*(?:- +)?\?(?:[ \t]|$)|^[ \t]*(?:- +)?[[{].*[\]}][ \t]*:/m;

/**
 * Parses one YAML document (JSON files too: JSON is YAML) safely: YAML 1.2 core schema
 * only, no custom or YAML 1.1 tags (an explicit tag such as `!!js/function` or
 * `!!binary` is an error, never executed or converted), no `<<` merge keys, duplicate keys
 * rejected, and alias expansion capped so a "billion laughs" document fails fast. Every
 * problem is one {@link ConfigError} with the file, line and column.
 *
 * Two parsers serve this. A file without anchors or aliases is read with js-yaml's core
 * schema (the same rules: duplicate keys and unknown tags are errors, `<<` is a plain key),
 * about fifteen times faster; the `yaml` package, which keeps the position of every node,
 * then runs only when a message needs a line and column, or when js-yaml refuses the file
 * (so every error is worded and located by one parser). Files with anchors always go
 * through the `yaml` package, whose alias limit stays on.
 */
export function loadYamlDocument(text: string, file: string, options: YamlDocumentOptions = {}): YamlSource {
  if (!needsPositionedParser(text)) {
    let value: unknown;
    try {
      // An empty file is null, as the yaml package reads it.
      value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, filename: file }) ?? null;
    } catch {
      return loadWithPositions(text, file, options);
    }
    let positioned: YamlSource | undefined;
    return { file, value, locate: (path, target) => (positioned ??= loadWithPositions(text, file, options)).locate(path, target) };
  }
  return loadWithPositions(text, file, options);
}

/** Whether a text must be read by the `yaml` package (see NEEDS_POSITIONED_PARSER). */
export function needsPositionedParser(text: string): boolean {
  return NEEDS_POSITIONED_PARSER.test(text);
}

function loadWithPositions(text: string, file: string, options: YamlDocumentOptions): YamlSource {
  const kind = options.kind ?? 'config';
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    schema: 'core',
    customTags: [],
    resolveKnownTags: false,
    merge: false,
    uniqueKeys: true,
  });
  const at = (offset: number): LineColumn => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem !== undefined) {
    throw new ConfigError(describeYamlProblem(document, problem.code, problem.message, problem.pos, text, kind), {
      file,
      ...at(problem.pos[0]),
    });
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const alias = firstAlias(document);
    throw new ConfigError(
      `aliases expand to more than ${MAX_ALIAS_COUNT} copies of one anchor, which is refused as a "billion laughs" attack`,
      { file, ...(alias === undefined ? {} : at(alias)), cause: error },
    );
  }
  return { file, value, locate: createLocator(document, at) };
}

function describeYamlProblem(
  document: Document,
  code: string,
  message: string,
  [start, end]: [number, number],
  text: string,
  kind: string,
): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return `the key ${JSON.stringify(keyAt(document, start) ?? text.slice(start, end))} appears twice in the same mapping`;
    case 'TAG_RESOLVE_FAILED':
      return `the tag ${text.slice(start, end).split(/\s/)[0]} is not allowed; ${kind} files use plain YAML without tags`;
    case 'MULTIPLE_DOCS':
      return `the file holds more than one YAML document (a second "---"); a ${kind} file holds one`;
    default:
      return `invalid YAML: ${message.split('\n')[0] ?? message}`;
  }
}

/** The value of the scalar key written at `offset`. */
function keyAt(document: Document, offset: number): string | undefined {
  let key: string | undefined;
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        key = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return key;
}

function firstAlias(document: Document): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Alias(_, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

function createLocator(document: Document, at: (offset: number) => LineColumn): Locator {
  return (path, target = 'value') => {
    let node: Node | null = document.contents;
    let key: Node | null = null;
    let found: Node | null = node;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(document) ?? null;
      const child = childOf(node, segment);
      if (child === undefined) break;
      ({ key, value: node } = child);
      found = target === 'key' && key !== null ? key : (node ?? key);
      if (node === null) break;
    }
    return found?.range ? at(found.range[0]) : { line: 1, column: 1 };
  };
}

function childOf(node: Node | null, segment: PathSegment): { key: Node | null; value: Node | null } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
    return pair === undefined ? undefined : { key: pair.key as Node, value: (pair.value as Node | null) ?? null };
  }
  if (isSeq(node)) {
    const item = node.items[Number(segment)];
    return item === undefined ? undefined : { key: null, value: (item as Node | null) ?? null };
  }
  return undefined;
}
