/**
 * Marker sets: plugins that give meaning to lines inside comments (`Q:`, `TODO:`,
 * `RISK(high):`…). The host scans each comment line by line, skipping fenced code and
 * inline code spans, and matches `KEYWORD:` or `KEYWORD(argument):` at the start of a line
 * (after list bullets, quote marks and bold). The marker set only declares keywords.
 */
export interface MarkerDefinitionV1 {
  /** Stable type name used in output and grouping, e.g. `question`, `risk`. Lower-case. */
  readonly type: string;
  /** Keywords that open the marker, matched case-sensitively in upper case: `['Q', 'QUESTION']`. */
  readonly keywords: readonly string[];
  /** Plural label for people, e.g. `Open questions`, `Risks`. */
  readonly label: string;
  /**
   * The optional `(argument)` after the keyword; without this a keyword takes no argument and
   * `KEYWORD(x):` is an ordinary line. When `values` is set (matched case-insensitively,
   * reported as declared), any other argument makes the line ordinary; `required` makes a
   * bare keyword ordinary.
   */
  readonly argument?: {
    readonly description: string;
    readonly values?: readonly string[];
    readonly required?: boolean;
  };
}

export interface MarkerSetV1 {
  readonly specificationVersion: 'v1';
  /** Unique name of the set, e.g. `default`, `risk-markers`. */
  readonly name: string;
  readonly markers: readonly MarkerDefinitionV1[];
}

/** One marker found in a comment. */
export interface Marker {
  readonly type: string;
  /** The keyword as written (`Q`, `QUESTION`, `RISK`). */
  readonly keyword: string;
  /** The argument inside parentheses, or null. */
  readonly argument: string | null;
  /** The rest of the line after the colon, trimmed. */
  readonly text: string;
  readonly author: string;
  /** 0-based index of the comment among the discussion's comments (events are not counted). */
  readonly comment: number;
  /** 1-based line in the discussion file. */
  readonly line: number;
  /** `@alias` mentions on the marker's line. */
  readonly mentions: readonly string[];
}

export const MARKER_SET_SPECIFICATION_VERSION = 'v1' as const;
