import { ConfigError } from '@quorum/core';
import { describe, expect, it } from 'vitest';
import { parsePersonaFile, validatePersona } from './parse-persona-file.js';

const VALID = `$schema: ../schemas/persona.schema.json
name: AI-Architect
alias: architect
role: Systems Architect
type: voting
expertise:
  - System design
concerns:
  - "Will this scale?"
personality: |
  You are Chen.
  Reply with NO_RESPONSE when you have nothing to add.
`;

function problemOf(file: string, text: string): ConfigError {
  try {
    parsePersonaFile(file, text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the file to be refused');
}

describe('parsePersonaFile', () => {
  it('reads a persona, fills in nothing it does not need, and drops $schema', () => {
    expect(parsePersonaFile('personas/architect.yaml', VALID)).toEqual({
      name: 'AI-Architect',
      alias: 'architect',
      role: 'Systems Architect',
      personality: 'You are Chen.\nReply with NO_RESPONSE when you have nothing to add.\n',
      expertise: ['System design'],
      concerns: ['Will this scale?'],
      type: 'voting',
    });
  });

  it('defaults type to voting and the lists to empty', () => {
    const persona = parsePersonaFile('critic.yaml', 'name: Critic\nalias: critic\nrole: Critic\npersonality: Be critical.\n');
    expect(persona).toEqual({ name: 'Critic', alias: 'critic', role: 'Critic', personality: 'Be critical.', expertise: [], concerns: [], type: 'voting' });
  });

  it('locates a value of the wrong type at its line and column', () => {
    const text = VALID.replace('expertise:\n  - System design\n', 'expertise: System design\n');
    const error = problemOf('personas/architect.yaml', text);
    expect(error.message).toBe('personas/architect.yaml:6:12: expertise must be an array');
    expect(error.exitCode).toBe(2);
  });

  it('names a misspelt key with "did you mean", at the key', () => {
    const error = problemOf('personas/architect.yaml', VALID.replace('concerns:', 'conserns:'));
    expect(error.message).toBe('personas/architect.yaml:8:1: conserns is not a known key (did you mean "concerns"?)');
  });

  it('says which required key is missing', () => {
    expect(problemOf('personas/architect.yaml', VALID.replace('role: Systems Architect\n', '')).message).toBe(
      'personas/architect.yaml:1:1: role is required',
    );
  });

  it('refuses a file whose alias is not its file name, naming both', () => {
    const error = problemOf('personas/archie.yaml', VALID);
    expect(error.message).toBe(
      'personas/archie.yaml:3:8: the alias "architect" differs from the file name "archie.yaml"; rename the file to architect.yaml or set alias: archie',
    );
    expect(problemOf('personas/My Persona.yml', VALID).message).toMatch(/differs from the file name "My Persona\.yml"; rename the file to architect\.yml$/);
  });

  it('accepts any file name when asked not to match it', () => {
    expect(parsePersonaFile('/tmp/new-persona.yaml', VALID, { matchFileName: false }).alias).toBe('architect');
  });

  it('reads the seed\'s provider_hint as provider, and refuses both at once', () => {
    expect(parsePersonaFile('architect.yaml', `${VALID}provider_hint: claude-sonnet\n`).provider).toBe('claude-sonnet');
    expect(parsePersonaFile('architect.yaml', `${VALID}provider: anthropic:claude-sonnet-4-5\n`).provider).toBe('anthropic:claude-sonnet-4-5');
    const error = problemOf('architect.yaml', `${VALID}provider: ollama\nprovider_hint: claude-sonnet\n`);
    expect(error.message).toBe('architect.yaml:14:1: provider_hint is the older name of provider; give only provider');
  });

  it('explains patterns in words rather than quoting them', () => {
    expect(problemOf('architect.yaml', VALID.replace('name: AI-Architect', 'name: " AI-Architect"')).message).toBe(
      'architect.yaml:2:7: name must be one line without control characters or blanks at either end, e.g. AI-Architect',
    );
    expect(problemOf('architect.yaml', `${VALID}provider: Anthropic Claude\n`).message).toMatch(/^architect\.yaml:13:11: provider must be provider:model or a provider name/);
    expect(problemOf('x-.yaml', VALID.replace('alias: architect', 'alias: x-')).message).toMatch(/^x-\.yaml:3:8: alias must be a letter followed by/);
    expect(problemOf('architect.yaml', VALID.replace('  - System design', '  - "System design\\nand more"')).message).toBe(
      'architect.yaml:7:5: expertise[0] must be one line of text without blanks at either end',
    );
    expect(problemOf('architect.yaml', VALID.replace(/personality: \|[\s\S]*$/, 'personality: "  "\n')).message).toBe(
      'architect.yaml:10:14: personality must not be blank',
    );
  });

  it('checks ranges: temperature 0 to 2, weight above 0', () => {
    expect(problemOf('architect.yaml', `${VALID}temperature: 2.5\n`).message).toBe('architect.yaml:13:14: temperature must be at most 2');
    expect(problemOf('architect.yaml', `${VALID}weight: 0\n`).message).toBe('architect.yaml:13:9: weight must be greater than 0');
    expect(problemOf('architect.yaml', VALID.replace('type: voting', 'type: silent')).message).toBe(
      'architect.yaml:5:7: type must be "voting" or "background"',
    );
  });

  it('reads YAML safely: tags, duplicate keys and non-mappings are refused', () => {
    expect(problemOf('architect.yaml', VALID.replace('role: Systems Architect', 'role: !!js/function "x"')).message).toMatch(
      /^architect\.yaml:4:7: the tag !!js\/function is not allowed; persona files use plain YAML without tags$/,
    );
    expect(problemOf('architect.yaml', `${VALID}role: again\n`).message).toMatch(/^architect\.yaml:13:1: the key "role" appears twice/);
    expect(problemOf('architect.yaml', '- a\n- b\n').message).toBe('architect.yaml:1:1: the persona must be an object');
  });
});

describe('validatePersona', () => {
  it('checks a persona built in code, ignoring keys set to undefined', () => {
    const persona = { name: 'AI-X', alias: 'x', role: 'r', personality: 'p', expertise: [], concerns: [], type: 'background', model: undefined };
    expect(validatePersona(persona)).toEqual({ name: 'AI-X', alias: 'x', role: 'r', personality: 'p', expertise: [], concerns: [], type: 'background' });
  });

  it('names the value by its label when it is not a mapping', () => {
    expect(() => validatePersona('nope', 'persona "x"')).toThrow(/^persona "x" must be an object$/);
  });
});
