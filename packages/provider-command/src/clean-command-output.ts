/**
 * ANSI escape sequences: CSI (`ESC [ … final`, colours and cursor moves), OSC (`ESC ] … BEL`
 * or `ESC ] … ESC \`, window titles and hyperlinks), the short escapes (`ESC 7`, `ESC ( B`), and
 * CSI with the 8-bit introducer.
 */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[ -/]*[0-~]|\u009b[0-?]*[ -/]*[@-~]/g;

/** A whole reply wrapped in one Markdown code fence (``` or ~~~, with an optional language). */
const FENCED = /^(`{3,}|~{3,})[^\n`]*\n([\s\S]*?)\n?\1[ \t]*$/;

/** Removes ANSI escape codes from text a terminal program printed. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * The reply text from a command's stdout: without ANSI escape codes, surrounding whitespace,
 * and a code fence around the whole reply (CLIs tend to fence JSON even when asked not to).
 * Anything else is left for the engine, which extracts and validates the JSON.
 */
export function cleanCommandOutput(stdout: string): string {
  const text = stripAnsi(stdout).replace(/\r\n/g, '\n').trim();
  const fenced = FENCED.exec(text);
  return fenced === null ? text : (fenced[2] ?? '').trim();
}
