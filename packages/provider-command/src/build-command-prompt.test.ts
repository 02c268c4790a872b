import { describe, expect, it } from 'vitest';
import { buildCommandPrompt } from './build-command-prompt.js';
import { CALLOUT_PART, generateRequest, replySchema, STABLE_PART } from '@quorum/conformance';

describe('buildCommandPrompt', () => {
  it('writes the system text, the first message unlabelled, then the JSON instruction with the pretty schema', () => {
    const request = generateRequest();
    const prompt = buildCommandPrompt(request);
    expect(prompt).toBe(
      [
        request.system,
        '',
        STABLE_PART,
        '',
        CALLOUT_PART,
        '',
        'Answer with only a JSON object that matches the JSON Schema below: no other text before or after it, and no Markdown code fence around it.',
        '',
        'JSON Schema (quorum_response):',
        JSON.stringify(replySchema, null, 2),
        '',
      ].join('\n'),
    );
  });

  it('labels the turns after the first with their role, in order', () => {
    const prompt = buildCommandPrompt(
      generateRequest({
        system: '',
        messages: [
          { role: 'user', content: [{ text: 'Discussion.' }] },
          { role: 'assistant', content: [{ text: 'I think {oops' }] },
          { role: 'user', content: [{ text: 'That reply was not valid JSON.' }, { text: 'Answer again.' }] },
        ],
      }),
    );
    expect(prompt.startsWith('Discussion.\n\nAssistant:\nI think {oops\n\nUser:\nThat reply was not valid JSON.\n\nAnswer again.\n\nAnswer with only')).toBe(true);
  });
});
