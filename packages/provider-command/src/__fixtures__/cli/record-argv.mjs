// Saves the arguments it received (after the output file) as JSON, then answers.
// Usage: record-argv.mjs <output-file> ...arguments
import { writeFileSync } from 'node:fs';

for await (const chunk of process.stdin) void chunk;
writeFileSync(process.argv[2], JSON.stringify({ argv: process.argv.slice(3), cwd: process.cwd(), env: process.env.QUORUM_TEST_TOKEN ?? null }));
process.stdout.write('{"comment": "ok", "vote": null}\n');
