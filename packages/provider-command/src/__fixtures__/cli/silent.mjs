// A CLI that reads its input and exits successfully without printing anything on stdout.
for await (const chunk of process.stdin) void chunk;
process.stderr.write('warning: no reply produced\n');
