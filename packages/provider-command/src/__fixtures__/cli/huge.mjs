// A CLI that prints far too much: 64 KiB lines until it is stopped (or 64 MiB in all).
const line = `${'x'.repeat(65_535)}\n`;
let written = 0;
function write() {
  while (written < 1024) {
    written += 1;
    if (!process.stdout.write(line)) {
      process.stdout.once('drain', write);
      return;
    }
  }
}
write();
