import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES = path.join(ROOT, 'packages');

/** Which Quorum packages each package may depend on (DESIGN.md: core at the bottom, cli at the top). */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  format: ['core'],
  markers: ['core'],
  voting: ['core'],
  config: ['core'],
  'storage-file': ['core', 'format'],
  compiler: ['core', 'config'],
  personas: ['core', 'config'],
  // A provider package never imports the engine, and the engine no concrete provider.
  'provider-openai': ['core'],
  'provider-anthropic': ['core'],
  'provider-ollama': ['core'],
  'provider-command': ['core'],
  'provider-mock': ['core'],
  engine: ['core', 'format', 'markers', 'voting', 'config', 'compiler'],
  // The runner drives discussions through a host the CLI implements; it never imports the engine.
  runner: ['core', 'config'],
  // The conformance suites: plugin packages (built-in or not) use them only as a devDependency.
  conformance: ['core', 'format'],
  cli: [
    'core',
    'format',
    'markers',
    'voting',
    'config',
    'storage-file',
    'compiler',
    'personas',
    'engine',
    'provider-openai',
    'provider-anthropic',
    'provider-ollama',
    'provider-command',
    'provider-mock',
    'runner',
  ],
};

interface Manifest {
  name: string;
  version: string;
  type?: string;
  exports?: Record<string, Record<string, string>>;
  dependencies?: Record<string, string>;
}

const packages = readdirSync(PACKAGES).filter((name) => existsSync(path.join(PACKAGES, name, 'package.json')));
const manifest = (name: string): Manifest => JSON.parse(readFileSync(path.join(PACKAGES, name, 'package.json'), 'utf8'));
const quorumDependencies = (name: string) =>
  Object.keys(manifest(name).dependencies ?? {}).filter((d) => d.startsWith('@quorum/')).map((d) => d.slice('@quorum/'.length));

/** The shipped sources: not tests, not `test-helpers/` (both are left out of every build, and may use devDependencies). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-helpers' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('the repository', () => {
  it('knows every package', () => {
    expect(packages.sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it.each(packages)('%s depends only on the packages below it', (name) => {
    expect(quorumDependencies(name).filter((d) => !ALLOWED[name]!.includes(d))).toEqual([]);
  });

  it.each(packages)('%s imports only the Quorum packages it declares', (name) => {
    const declared = new Set(quorumDependencies(name));
    const imported = new Set<string>();
    for (const file of sourceFiles(path.join(PACKAGES, name, 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/from '@quorum\/([a-z-]+)'|import\('@quorum\/([a-z-]+)'\)/g)) {
        imported.add(match[1] ?? match[2]!);
      }
    }
    expect([...imported].filter((d) => !declared.has(d))).toEqual([]);
  });

  it.each(packages)('%s uses @quorum/conformance only as a devDependency', (name) => {
    expect(Object.keys(manifest(name).dependencies ?? {})).not.toContain('@quorum/conformance');
  });

  it('has no dependency cycles', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, trail: string[]): void => {
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`dependency cycle: ${[...trail, name].join(' -> ')}`);
      visiting.add(name);
      for (const dependency of quorumDependencies(name)) visit(dependency, [...trail, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of packages) visit(name, []);
  });

  it.each(packages)('%s is an ESM package with types first in its exports and a README', (name) => {
    const m = manifest(name);
    expect(m.name).toBe(`@quorum/${name}`);
    expect(m.type).toBe('module');
    expect(Object.keys(m.exports?.['.'] ?? {})[0]).toBe('types');
    expect(existsSync(path.join(PACKAGES, name, 'README.md'))).toBe(true);
  });

  it('reports the CLI version from package.json', () => {
    expect(VERSION).toBe(manifest('cli').version);
  });

  it("starts the README with the set-up, run and test commands", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const firstBlock = readme.slice(0, 600);
    for (const command of ['npm ci', 'npx quorum', 'npm test']) expect(firstBlock).toContain(command);
  });
});
