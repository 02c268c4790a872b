// A CLI that never reads its input: closes stdin at once, then answers (or fails with "fail").
import { closeSync } from 'node:fs';

closeSync(0);
setTimeout(() => {
  if (process.argv[2] === 'fail') {
    process.stderr.write('no input wanted\n');
    process.exit(1);
  }
  process.stdout.write('{"comment": "Answered without reading.", "vote": null}\n');
}, 50);
