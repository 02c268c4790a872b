import type { PersonaRegistry, RegisteredPersona } from '@quorum/personas';

/** The registry with `provider` set (and the file's `model` dropped, as it belonged to the file's provider) for the named personas. */
export function withProviderHints(registry: PersonaRegistry, hints: Readonly<Record<string, string>>): PersonaRegistry {
  const wanted = new Map(Object.entries(hints).map(([alias, model]) => [alias.toLowerCase(), model]));
  const hinted = (registered: RegisteredPersona | undefined): RegisteredPersona | undefined => {
    const model = registered === undefined ? undefined : wanted.get(registered.persona.alias.toLowerCase());
    return registered === undefined || model === undefined ? registered : { ...registered, persona: { ...registered.persona, provider: model, model: undefined } };
  };
  const list = registry.list().map((registered) => hinted(registered)!);
  return {
    list: () => list,
    get: (alias) => hinted(registry.get(alias)),
    require: (alias, where) => hinted(registry.require(alias, where))!,
    aliases: () => registry.aliases(),
    byAuthor: (name) => hinted(registry.byAuthor(name)),
    shadowed: (alias) => registry.shadowed(alias),
  };
}
