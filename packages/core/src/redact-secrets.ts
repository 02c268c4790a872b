/** The longest piece of an API's own error message that goes into a {@link ProviderError} message. */
export const MAX_API_MESSAGE_LENGTH = 200;

/** Anything shaped like an OpenAI or Anthropic secret key (`sk-…`, `sk-proj-…`, `sk-ant-…`). */
const KEY_PATTERN = /\bsk-[A-Za-z0-9_-]{8,}/g;

/**
 * Makes an API's error message safe to show: every occurrence of the given secrets and of
 * anything that looks like a secret key becomes `***`, whitespace collapses to single spaces
 * and the result is cut to {@link MAX_API_MESSAGE_LENGTH} characters. APIs sometimes echo
 * the key they were sent (some 401 answers do), so nothing the API says is
 * shown without this.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let safe = text;
  const distinct = [...new Set(secrets.filter((secret): secret is string => secret !== undefined && secret !== ''))];
  // Longer secrets first, so a secret that contains another is replaced whole.
  distinct.sort((left, right) => right.length - left.length);
  for (const secret of distinct) safe = safe.split(secret).join('***');
  safe = safe.replace(KEY_PATTERN, '***').replace(/\s+/g, ' ').trim();
  if (safe.length <= MAX_API_MESSAGE_LENGTH) return safe;
  // Cutting could leave the start of a secret at the end: cut, then redact the pieces again.
  let cut = safe.slice(0, MAX_API_MESSAGE_LENGTH - 1);
  for (const secret of distinct) cut = redactPrefixAtEnd(cut, secret);
  return `${cut.replace(KEY_PATTERN, '***').replace(/sk-[A-Za-z0-9_-]*$/, '***')}…`;
}

/** Replaces a trailing piece of text that is the beginning of `secret` (at least 4 characters of it). */
function redactPrefixAtEnd(text: string, secret: string): string {
  for (let length = Math.min(secret.length - 1, text.length); length >= 4; length -= 1) {
    if (text.endsWith(secret.slice(0, length))) return `${text.slice(0, text.length - length)}***`;
  }
  return text;
}
