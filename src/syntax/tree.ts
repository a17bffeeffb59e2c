// The parsed tree that every stage after the parser reads. Lines and columns are 1-based;
// columns count UTF-16 code units (what editors and LSP count), end columns are exclusive.

export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One argument of a directive, with its decoded value and the text as written. */
export interface Arg extends Range {
  value: string;
  raw: string;
  quote: '"' | "'" | null;
}

export interface Comment extends Range {
  kind: 'comment';
  text: string;
}

export interface Directive extends Range {
  kind: 'directive';
  name: string;
  args: Arg[];
  /** Absolute path of the file the directive is written in. */
  file: string;
  /** Where the directive's name ends (it starts at line and column); the Range of the
   * directive runs to its `;` or `}`. Two numbers, not a Range: 213k fewer objects at 300k
   * lines. nameRangeOf() gives the Range. */
  nameEndLine: number;
  nameEndColumn: number;
  /** Children of a block directive (`http { … }`); undefined for a simple directive. */
  block?: Node[];
  /** For `include`: indexes into ParsedConfig.files of the files it brought in, sorted. */
  includes?: number[];
  /** Comments written between the directive's arguments (crossplane lists them). */
  innerComments?: Comment[];
}

export type Node = Directive | Comment;

/** A copy of just the four positions of anything that has them (a token, an argument). */
export function rangeOf(range: Range): Range {
  return {
    line: range.line,
    column: range.column,
    endLine: range.endLine,
    endColumn: range.endColumn,
  };
}

/** The range of a directive's name. */
export function nameRangeOf(directive: Directive): Range {
  return {
    line: directive.line,
    column: directive.column,
    endLine: directive.nameEndLine,
    endColumn: directive.nameEndColumn,
  };
}

/** `outside-root`: an include that leads outside the project root, refused unread (NGX008). */
export type ParseErrorKind = 'syntax' | 'include' | 'read' | 'limit' | 'outside-root';

export interface ParseError {
  kind: ParseErrorKind;
  /** nginx's own wording, e.g. `unexpected "}"`. */
  message: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** The include directive that failed, when the error is about an included file. */
  include?: Directive;
}

export interface ParsedFile {
  /** Absolute path. */
  path: string;
  /** Top-level nodes of this file, in order. */
  nodes: Node[];
  errors: ParseError[];
  /** The raw bytes were not valid UTF-8 (nginx accepts them). */
  invalidUtf8?: boolean;
  /**
   * The path as first reached: for the entry, as the caller gave it; for an included file, as
   * its include spelled it after glob expansion (relative to the prefix when the include was).
   */
  includePath?: string;
}

export interface ParsedConfig {
  /** Entry file first, then each included file once, in the order first reached. */
  files: ParsedFile[];
  /** Every error of every file, in the order found. */
  errors: ParseError[];
  /** The folder relative includes resolved against. */
  prefix: string;
  /** Block names the entry file is read inside: [] for nginx's main context, ['http'] for a
   * site fragment. */
  entryContext: string[];
}
