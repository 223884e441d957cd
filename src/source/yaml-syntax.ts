/**
 * YAML syntax errors in words a person who edits a config file by hand can act on. The parser's
 * messages ("Nested mappings are not allowed in compact mappings", "Implicit keys need to be on a
 * single line") describe its grammar, not the slip that caused them; almost every one in practice is
 * an indentation slip, a missing space after a colon, a tab, or an unclosed quote or bracket.
 * The parser's own words follow in parentheses, for whoever knows YAML well.
 */

/** Plain words for a parser error, by its code and, where one code covers several slips, its message. */
export function plainSyntaxMessage(code: string, message: string): string {
  const own = firstLine(message);
  const plain = explain(code, own);
  return plain === undefined ? own : `${plain} (YAML: ${own})`;
}

function explain(code: string, message: string): string | undefined {
  switch (code) {
    case "TAB_AS_INDENT":
      return "a tab indents this line: YAML indents with spaces only";
    case "BAD_INDENT":
      if (/^Flow (sequence|mapping)/.test(message)) return "a [list] or {mapping} is not closed: add its closing ] or }";
      return "this line does not line up with the keys above it: the keys of one entry start at the same column";
    case "MISSING_CHAR":
      if (/quote/.test(message)) return "a quoted value is not closed: add its closing quote";
      if (/without - indicator/.test(message)) {
        return "this line is indented less than the keys above it: line it up with them (or start a new list item with '- ')";
      }
      return undefined;
    case "MULTILINE_IMPLICIT_KEY":
      return "this line is indented more than the keys above it, or the line above lacks the ': ' after its key (write `key: value`)";
    case "BLOCK_AS_IMPLICIT_KEY":
      return "a value here is followed by a line indented more than its key: line the keys of one entry up";
    default:
      return undefined;
  }
}

function firstLine(message: string): string {
  return message.split("\n", 1)[0] ?? message;
}

/** A parser error as the parts that place and say it. */
export interface SyntaxError {
  code: string;
  message: string;
  pos: readonly [number, number];
}

/**
 * The errors worth showing, each with the offset to show it at. The parser reports a line indented
 * too far as two errors at the value before it ("nested mappings…", then "implicit keys…" spanning
 * into the slipped line): the second says it, placed at the line where the slip is.
 */
export function syntaxErrorsToShow<E extends SyntaxError>(errors: readonly E[]): { error: E; offset: number }[] {
  const shown: { error: E; offset: number }[] = [];
  errors.forEach((error, i) => {
    const next = errors[i + 1];
    if (error.code === "BLOCK_AS_IMPLICIT_KEY" && next?.code === "MULTILINE_IMPLICIT_KEY" && next.pos[0] === error.pos[0]) return;
    shown.push({ error, offset: error.code === "MULTILINE_IMPLICIT_KEY" ? Math.max(error.pos[0], error.pos[1] - 1) : error.pos[0] });
  });
  return shown;
}
