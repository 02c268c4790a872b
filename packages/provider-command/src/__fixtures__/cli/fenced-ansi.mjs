// A CLI that colours its output and fences the JSON, as chatty tools do.
for await (const chunk of process.stdin) void chunk;
const reply = JSON.stringify({ comment: 'Looks good.', vote: 'READY' }, null, 2);
process.stdout.write(`\u001b[32m\u001b]0;agent\u0007\`\`\`json\n${reply}\n\`\`\`\u001b[0m\n`);
