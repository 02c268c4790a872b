// A well-behaved CLI: reads the whole prompt from stdin, then prints a JSON reply.
// Usage: reply.mjs [prompt-file]  — with a file, the prompt it received is saved there first.
import { writeFileSync } from 'node:fs';

let prompt = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) prompt += chunk;
if (process.argv[2] !== undefined) writeFileSync(process.argv[2], prompt);
process.stdout.write(`${JSON.stringify({ comment: `Read ${prompt.length} characters.`, vote: 'READY' })}\n`);
