import { createHash } from 'node:crypto';
import { didYouMean, InvalidInputError } from '@quorum/core';
import { defaultOf } from './load-workflow.js';
import type { VarDeclaration, VarValue, WorkflowDocument } from './workflow-schema.js';

/** A var's value while a workflow runs: text, or a list of texts. */
export type VarsValue = string | readonly string[];

/** What a caller gives: `--var k=v` texts, or values from code and from calling workflows. */
export type GivenVars = Readonly<Record<string, VarValue | readonly string[]>>;

/**
 * The workflow's vars: each given value (a list var given as text takes comma-separated
 * items), else its default; numbers and booleans become text. A var the workflow does not
 * declare, or a required var not given, is an error naming what to do.
 */
export function resolveVars(definition: WorkflowDocument, given: GivenVars, workflow: string): Record<string, VarsValue> {
  const declared = definition.vars ?? {};
  const names = Object.keys(declared);
  for (const name of Object.keys(given)) {
    if (!(name in declared)) {
      throw new InvalidInputError(
        `${workflow} has no var "${name}"${didYouMean(name, names)}; ${names.length === 0 ? 'it declares no vars' : `its vars are ${names.join(', ')}`}`,
      );
    }
  }
  const vars: Record<string, VarsValue> = {};
  for (const [name, declaration] of Object.entries(declared)) {
    const value = given[name] ?? defaultOf(declaration);
    if (value === undefined) {
      const description = describe(declaration);
      throw new InvalidInputError(`${workflow} needs --var ${name}=…${description === undefined ? '' : ` (${description})`}; the var has no default`);
    }
    if (!isList(declaration) && Array.isArray(value) && value.length !== 1) {
      throw new InvalidInputError(`${workflow}: vars.${name} takes one value, not a list (give --var ${name}=… once)`);
    }
    vars[name] = isList(declaration) ? asList(value) : asText(value);
  }
  return vars;
}

function isList(declaration: VarDeclaration): boolean {
  if (Array.isArray(declaration)) return true;
  if (typeof declaration === 'object' && declaration !== null && !Array.isArray(declaration)) {
    return declaration.type === 'list' || (declaration.type === undefined && Array.isArray(declaration.default));
  }
  return false;
}

function describe(declaration: VarDeclaration): string | undefined {
  return typeof declaration === 'object' && declaration !== null && !Array.isArray(declaration) ? declaration.description : undefined;
}

function asList(value: VarValue | readonly string[]): string[] {
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function asText(value: VarValue | readonly string[]): string {
  return Array.isArray(value) ? value.map(String).join(', ') : String(value);
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The folder name of a run: the vars' one-line values made readable (`caching-layer`) and a
 * hash of all of them, so the same workflow with the same vars always finds the same folder (that is
 * how a run is resumed) and different vars never share one. `default` for a workflow without vars.
 */
export function runKey(vars: Readonly<Record<string, VarsValue>>): string {
  const names = Object.keys(vars).sort();
  if (names.length === 0) return 'default';
  const canonical = JSON.stringify(names.map((name) => [name, vars[name]]));
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 8);
  // One-line values only (in declaration order), each cut short, so a long text stays readable.
  const readable = Object.values(vars)
    .map((value) => (Array.isArray(value) ? value.join('-') : (value as string)))
    .filter((text) => !text.includes('\n'))
    .map((text) => slug(text).slice(0, 32).replace(/-+$/, ''))
    .filter((text) => text !== '')
    .join('-')
    .slice(0, 48)
    .replace(/-+$/, '');
  return readable === '' ? hash : `${readable}-${hash}`;
}
