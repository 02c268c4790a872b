// A CLI that dies of a signal (as when the kernel's OOM killer ends it).
for await (const chunk of process.stdin) void chunk;
process.stderr.write('allocating...\n');
process.kill(process.pid, 'SIGKILL');
