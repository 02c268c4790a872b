import type { HeaderField } from '@quorum/core';
import { isDiscussionLine, parseHeaderLine } from './header-line.js';

/**
 * Reads only the header block from the start of a file, for listings that must not read
 * whole discussions. `complete` is false when `start` ends inside the header block (read
 * more and call again); `discussion` is false when the file is not a discussion.
 */
export function parseHeaderBlock(start: string, isWholeFile: boolean): { discussion: boolean; complete: boolean; fields: HeaderField[] } {
  const text = start.charCodeAt(0) === 0xfeff ? start.slice(1) : start;
  const fields: HeaderField[] = [];
  let offset = 0;
  let line = 1;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    if (end === -1 && !isWholeFile) return { discussion: true, complete: false, fields };
    const content = text.slice(offset, end === -1 ? text.length : end);
    if (line === 1) {
      if (!isDiscussionLine(content)) return { discussion: false, complete: true, fields };
    } else {
      const parsed = parseHeaderLine(content);
      if (!parsed) return { discussion: true, complete: true, fields };
      if (!fields.some((f) => f.key.toLowerCase() === parsed.key.toLowerCase())) fields.push({ ...parsed, line });
    }
    if (end === -1) break;
    offset = end + 1;
    line++;
  }
  return { discussion: line > 1 || (text.length > 0 && isDiscussionLine(text)), complete: isWholeFile, fields };
}
