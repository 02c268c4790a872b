import type { GenerateRequestV1 } from '@quorum/core';

/** The labels of conversation turns after the first, so a CLI can tell them apart. */
const ROLE_LABELS = { user: 'User:', assistant: 'Assistant:' } as const;

/**
 * The text a command reads on stdin: a CLI has no system prompt, message list or structured
 * output mode, so all three are written out as plain text, stable part first.
 *
 * 1. the system text (the persona and the rules of answering);
 * 2. the messages in order, their parts joined by blank lines; the first without a label,
 *    every later one under `User:` or `Assistant:` (the repair attempt after an invalid reply);
 * 3. an instruction to answer with only a JSON object matching the schema, and the schema,
 *    pretty-printed.
 */
export function buildCommandPrompt(request: Pick<GenerateRequestV1, 'system' | 'messages' | 'responseSchema' | 'responseSchemaName'>): string {
  const sections: string[] = [];
  if (request.system.trim() !== '') sections.push(request.system.trim());
  request.messages.forEach((message, index) => {
    const text = message.content.map((part) => part.text).join('\n\n');
    sections.push(index === 0 ? text : `${ROLE_LABELS[message.role]}\n${text}`);
  });
  sections.push(
    [
      'Answer with only a JSON object that matches the JSON Schema below: no other text before or after it, and no Markdown code fence around it.',
      '',
      `JSON Schema (${request.responseSchemaName}):`,
      JSON.stringify(request.responseSchema, null, 2),
    ].join('\n'),
  );
  return `${sections.join('\n\n')}\n`;
}
