/**
 * `line` with every inline code span replaced by one space, so nothing inside a span is
 * read as a mention.
 *
 * As in CommonMark, a span opens with a run of backticks of any length and closes with the
 * next run of exactly the same length; a run that is never closed is ordinary text. Spans
 * are looked for within one line only.
 */
export function removeCodeSpans(line: string): string {
  let result = '';
  let position = 0;
  while (position < line.length) {
    const open = line.indexOf('`', position);
    if (open === -1) break;
    const length = backtickRunLength(line, open);
    const close = findRun(line, open + length, length);
    if (close === -1) {
      result += line.slice(position, open + length);
      position = open + length;
    } else {
      result += `${line.slice(position, open)} `;
      position = close + length;
    }
  }
  return result + line.slice(position);
}

function backtickRunLength(line: string, start: number): number {
  let end = start;
  while (line[end] === '`') end += 1;
  return end - start;
}

/** Start of the next backtick run of exactly `length` at or after `from`, or -1. */
function findRun(line: string, from: number, length: number): number {
  let position = line.indexOf('`', from);
  while (position !== -1) {
    const run = backtickRunLength(line, position);
    if (run === length) return position;
    position = line.indexOf('`', position + run);
  }
  return -1;
}
