import { NO_RESPONSE, responseSchema, type VoteValue } from '@quorum/core';

/** A reply that follows the response schema, in the engine's terms. */
export type ParsedReply =
  | { readonly kind: 'comment'; readonly text: string; readonly vote: VoteValue | null }
  | { readonly kind: 'no-response' };

/**
 * Reads a model's reply: the JSON object (also when wrapped in a code fence or surrounded by
 * prose, as command-line tools answer), the seed's `{"sentinel": "NO_RESPONSE"}` form, then
 * the response schema. Returns the problem as one sentence the model can act on (the repair
 * attempt shows it to the model) instead of throwing.
 */
export function parseReply(text: string): { ok: true; reply: ParsedReply } | { ok: false; problem: string } {
  const json = extractJson(text);
  if (json === undefined) return { ok: false, problem: 'the reply is not a JSON object; answer with {"comment": "...", "vote": null} and nothing else' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, problem: `the reply is not valid JSON (${(error as Error).message}); answer with one JSON object` };
  }
  if (isRecord(value) && value['sentinel'] === NO_RESPONSE) return { ok: true, reply: { kind: 'no-response' } };
  if (isRecord(value) && value['vote'] === undefined && typeof value['comment'] === 'string') value = { ...value, vote: null };
  const parsed = responseSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the reply';
    return { ok: false, problem: `${where}: ${issue?.message ?? 'does not match the schema'}; the reply must be {"comment": string, "vote": "READY" | "CHANGES" | "REJECT" | null}` };
  }
  const comment = parsed.data.comment.trim();
  if (comment === NO_RESPONSE) return { ok: true, reply: { kind: 'no-response' } };
  if (comment === '') return { ok: false, problem: `comment is empty; write your comment, or "${NO_RESPONSE}" when you have nothing to add` };
  return { ok: true, reply: { kind: 'comment', text: parsed.data.comment.trimEnd(), vote: parsed.data.vote } };
}

/** The outermost JSON object in a text: the whole text, a fenced block, or the span from the first `{` to the last `}`. */
function extractJson(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) return trimmed;
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n```/.exec(trimmed);
  if (fenced?.[1]?.trim().startsWith('{')) return fenced[1].trim();
  const start = trimmed.indexOf('{');
  const end = trimmed.lastIndexOf('}');
  return start !== -1 && end > start ? trimmed.slice(start, end + 1) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
