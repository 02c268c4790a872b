export { parseDiscussion, type ParseOptions } from './parse-discussion.js';
export { parseHeaderBlock } from './header-block.js';
export {
  appendComment,
  appendEntries,
  appendEvents,
  appendEventsText,
  findField,
  headerValue,
  isSealed,
  nextLineNumber,
  parseAppended,
  parseExtended,
  sealDiscussionText,
  serializeDiscussion,
  setHeaders,
  setHeadersText,
  type TailPolicy,
} from './operations.js';
export { assertAuthor, assertPhaseName, renderComment, renderEvents, renderNewDiscussion, type NewDiscussion } from './render.js';
export {
  decodeHeaderValue,
  encodeHeaderValue,
  escapeCommentLine,
  escapePreambleLines,
  unescapeCommentLine,
  unescapePreambleLines,
} from './escaping.js';
export { isDelimiterLine, voteOfLine } from './line-kinds.js';
export { discussionView, headerSummary, splitList, type DiscussionView, type HeaderSummary, type TimelineEntry } from './discussion-view.js';
