// A CLI that fails: prints to stderr and exits with the code given (default 3).
// Usage: fail.mjs [code] [last-stderr-line]
for await (const chunk of process.stdin) void chunk;
process.stderr.write('Starting session...\n');
process.stderr.write(`\u001b[31m${process.argv[3] ?? 'Error: API rate limit reached for model sonnet'}\u001b[0m\n\n`);
process.exit(Number(process.argv[2] ?? '3'));
