import type { GenerateRequestV1 } from '@quorum/core';

/** A reply in the shape Quorum asks for, as the content of a chat completion. */
export function completion(content: string, model = 'llama-3.1-8b-instruct'): unknown {
  return {
    id: 'chatcmpl-local-1',
    object: 'chat.completion',
    created: 1763724512,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1200, completion_tokens: 40, total_tokens: 1240, prompt_tokens_details: { cached_tokens: 1024 } },
  };
}

/** A generate request as the engine sends one. */
export function generateRequest(over: Partial<GenerateRequestV1> = {}): GenerateRequestV1 {
  return {
    model: '',
    system: 'You are AI-Architect.',
    messages: [{ role: 'user', content: [{ text: 'Phase: review', cacheBreakpoint: true }, { text: 'Your turn.' }] }],
    responseSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { comment: { type: 'string' }, vote: { enum: ['READY', 'CHANGES', 'REJECT', null] } },
      required: ['comment', 'vote'],
    },
    responseSchemaName: 'quorum_response',
    signal: new AbortController().signal,
    turn: {} as GenerateRequestV1['turn'],
    ...over,
  };
}
