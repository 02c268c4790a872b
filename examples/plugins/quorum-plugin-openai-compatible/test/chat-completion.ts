/** A chat completion body as an OpenAI-compatible server sends it, with `content` as the reply's text. */
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
