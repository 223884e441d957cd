import type { core } from "zod";
import { didYouMean, didYouMeanKey, quoted } from "../util/suggest.js";

/** One problem in a configuration file. line/col are 1-based. path is the dotted field path (array indexes as numbers: doors.2.strike_ms), "" for the file as a whole. */
export interface Problem {
  /** File name as shown to the operator (relative, as the command line gave it). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  /** Dotted field path, "" for the file as a whole. */
  path: string;
  /** What is wrong, one line. */
  message: string;
}

/** Where a field path lives in the configuration source. */
export interface Location {
  /** File name as shown to the operator. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
}

/**
 * Maps a field path (as zod reports it) to a place in the source files; a path that goes past the
 * existing nodes maps to the nearest existing parent.
 */
export interface Locator {
  (path: readonly PropertyKey[]): Location;
  /**
   * Whether a value exists at the path. Optional; when present, problemsFromZod uses it to tell a
   * missing field ("required") from a wrong one even when the schema sets its own messages.
   */
  readonly exists?: (path: readonly PropertyKey[]) => boolean;
}

type Issue = core.$ZodIssue;

/** What problemsFromZod may know of the schema beyond the issues. */
export interface ZodProblemOptions {
  /** The keys the schema allows at a path, for a "did you mean" on an unknown key. */
  readonly keysAt?: (path: readonly PropertyKey[]) => readonly string[];
  /**
   * Whether the value at a path is personal data (a name, a badge number, a PIN): its problems say
   * what is wrong without repeating the value, as a check's report ends up in the system journal.
   */
  readonly personal?: (path: readonly PropertyKey[]) => boolean;
}

/** Said instead of a personal value. */
export const VALUE_NOT_SHOWN = "(value not shown: personal data)";

/** `doors.2.strike_ms` from `["doors", 2, "strike_ms"]`; "" for the empty path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((k) => (typeof k === "symbol" ? (k.description ?? "symbol") : String(k))).join(".");
}

/** Longest message printed: a parser quoting a line of junk stays one readable line. */
const MAX_MESSAGE = 300;

/** `file:line:col: path: message` (omit "path: " when path is empty); control characters escaped, long messages cut. */
export function formatProblem(p: Problem): string {
  const where = `${p.file}:${p.line}:${p.col}`;
  // Escape C0/C1 controls and U+FFFD (undecodable bytes), so no raw byte reaches a terminal.
  const safe = p.message.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const message = safe.length <= MAX_MESSAGE ? safe : `${safe.slice(0, MAX_MESSAGE - 1)}…`;
  return p.path === "" ? `${where}: ${message}` : `${where}: ${p.path}: ${message}`;
}

/** Sort by file, line, col (stable), for printing. */
export function sortProblems(ps: readonly Problem[]): Problem[] {
  // Code-unit comparison, not localeCompare: the order must not depend on the machine's locale.
  const byFile = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...ps].sort((a, b) => byFile(a.file, b.file) || a.line - b.line || a.col - b.col);
}

/**
 * Turn zod 4 issues (z.ZodError['issues'] / core.$ZodIssue[]) into problems using a locator.
 * unrecognized_keys gives one problem per unknown key, pointing at the key; invalid_union names the
 * closest alternative's own problems when one alternative clearly came closest, else one summary line;
 * a missing required field points at the nearest existing parent and says "required". Messages the
 * schema author wrote are kept verbatim; zod's default "Invalid input: " prefix is dropped.
 */
export function problemsFromZod(issues: readonly Issue[], locate: Locator, options: ZodProblemOptions = {}): Problem[] {
  return issues.flatMap((issue) => issueProblems(issue, [], locate, options));
}

function issueProblems(issue: Issue, prefix: readonly PropertyKey[], locate: Locator, options: ZodProblemOptions = {}): Problem[] {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = options.keysAt?.(path) ?? [];
      return issue.keys.map((key) => problemAt([...path, key], `unknown key${didYouMeanKey(key, known)}`, locate));
    }
    case "invalid_union":
      return unionProblems(issue, path, locate, options);
    case "invalid_key":
      return [problemAt(path, `invalid key: ${innerSummary(issue.issues)}`, locate)];
    case "invalid_element":
      return [problemAt(path, `invalid entry: ${innerSummary(issue.issues)}`, locate)];
    case "invalid_type":
    case "invalid_value":
      return [typeProblem(issue, path, locate, options)];
    default:
      return [problemAt(path, withInput(tidy(issue.message), issue, options.personal?.(path) === true), locate)];
  }
}

/**
 * The message with the bad value quoted, when zod reported a plain value as input: `received string`
 * becomes `received string "five seconds"`, any other message gains `, got "…"`, and a string close
 * to one of an enum's values gains a "did you mean", as does a value a custom check names a
 * suggestion for (in its issue's `params.suggestion`).
 */
function withInput(message: string, issue: Issue, personal: boolean): string {
  if (!("input" in issue)) return message;
  const input = issue.input;
  // A list where entries by name are wanted, or the other way round: say how to write it in YAML.
  if (Array.isArray(input) && /expected record, received array$/.test(message)) return `${message} (write "name: value" entries here, not a "- " list)`;
  if (typeof input === "object" && input !== null && !Array.isArray(input) && /expected array, received object$/.test(message)) {
    return `${message} (write a "- " list here, not "name: value" entries)`;
  }
  if (input === undefined || (typeof input === "object" && input !== null)) return message;
  // "received null" says it all: an empty key (`doors:` with nothing under it) is null.
  if (input === null && /received null$/.test(message)) return `${message} (the key has nothing under it)`;
  if (personal) return `${message} ${VALUE_NOT_SHOWN}`;
  const shown = /received \w+$/.test(message) ? `${message} ${quoted(input)}` : `${message}, got ${quoted(input)}`;
  const named = issue.code === "custom" ? (issue.params as { suggestion?: unknown } | undefined)?.suggestion : undefined;
  if (typeof named === "string") return `${shown} (did you mean ${quoted(named)}?)`;
  if (issue.code !== "invalid_value" || typeof input !== "string") return shown;
  return `${shown}${didYouMean(input, issue.values.filter((v): v is string => typeof v === "string"))}`;
}

function problemAt(path: readonly PropertyKey[], message: string, locate: Locator): Problem {
  const { file, line, col } = locate(path);
  return { file, line, col, path: formatPath(path), message };
}

function typeProblem(
  issue: core.$ZodIssueInvalidType | core.$ZodIssueInvalidValue,
  path: readonly PropertyKey[],
  locate: Locator,
  options: ZodProblemOptions,
): Problem {
  const where = locate(path);
  const base = { file: where.file, line: where.line, col: where.col, path: formatPath(path) };
  if (!isMissing(issue, path, locate)) return { ...base, message: withInput(tidy(issue.message), issue, options.personal?.(path) === true) };
  const hint =
    issue.code === "invalid_value"
      ? `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`
      : issue.expected === "nonoptional"
        ? ""
        : `expected ${issue.expected}`;
  return { ...base, message: hint === "" ? "required" : `required (${hint})` };
}

/**
 * A value is missing when zod reported its input as undefined, or when the locator finds no node
 * at the path, or (neither being known) when zod's default message says it received undefined.
 */
function isMissing(issue: Issue, path: readonly PropertyKey[], locate: Locator): boolean {
  if ("input" in issue) return issue.input === undefined;
  if (locate.exists !== undefined) return !locate.exists(path);
  return /received undefined$/.test(issue.message);
}

/** zod's default English messages start with "Invalid input: " (or option, string); keep only the useful part. */
function tidy(message: string): string {
  return message.replace(/^Invalid (input|option|string): /, "");
}

function innerSummary(issues: readonly Issue[]): string {
  return issues.map((i) => (i.path.length > 0 ? `${formatPath(i.path)}: ` : "") + tidy(i.message)).join("; ");
}

function unionProblems(
  issue: core.$ZodIssueInvalidUnion,
  path: readonly PropertyKey[],
  locate: Locator,
  options: ZodProblemOptions,
): Problem[] {
  if (issue.inclusive === false) return [problemAt(path, "matches more than one allowed form", locate)];
  if (issue.errors.length === 0) {
    // A discriminated union whose tag matched no option: zod puts the allowed tags in `options`.
    const tags = issue.options ?? [];
    const where = locate(path);
    const missing = locate.exists?.(path) === false;
    const allowed = tags.map((o) => JSON.stringify(o)).join(", ");
    const message = tags.length === 0 ? tidy(issue.message) : `${missing ? "required" : "expected"} one of ${allowed}`;
    return [{ file: where.file, line: where.line, col: where.col, path: formatPath(path), message }];
  }
  const rootTypes = primitiveAlternatives(issue.errors);
  if (rootTypes !== undefined) return [typeUnionProblem(rootTypes, issue, path, locate)];
  const best = closestAlternative(issue.errors);
  if (best !== undefined) return best.flatMap((inner) => issueProblems(inner, path, locate, options));
  const tag = sharedTag(issue.errors);
  if (tag !== undefined) {
    const tagPath = [...path, ...tag.path];
    const where = locate(tagPath);
    const allowed = tag.values.map((v) => JSON.stringify(v)).join(", ");
    const message = `${locate.exists?.(tagPath) === false ? "required" : "expected"} one of ${allowed}`;
    return [{ file: where.file, line: where.line, col: where.col, path: formatPath(tagPath), message }];
  }
  const summary = issue.errors.map((alt, i) => `(${i + 1}) ${innerSummary(alt.slice(0, 1))}`).join("; ");
  return [problemAt(path, `matches none of the ${issue.errors.length} allowed forms: ${summary}`, locate)];
}

/** When every alternative failed on the value's own type (`string | number`), their expected types. */
function primitiveAlternatives(errors: readonly (readonly Issue[])[]): string[] | undefined {
  const expected: string[] = [];
  for (const alt of errors) {
    const only = alt.length === 1 ? alt[0] : undefined;
    if (only === undefined || only.path.length > 0 || only.code !== "invalid_type") return undefined;
    expected.push(only.expected);
  }
  return expected;
}

function typeUnionProblem(
  expected: readonly string[],
  issue: core.$ZodIssueInvalidUnion,
  path: readonly PropertyKey[],
  locate: Locator,
): Problem {
  const where = locate(path);
  const first = issue.errors[0]?.[0];
  const missing = first !== undefined && isMissing(first, path, locate);
  const wanted = [...new Set(expected)].join(" or ");
  const received = first?.message.match(/, (received \w+)$/)?.[1];
  const message = missing
    ? `required (expected ${wanted})`
    : `expected ${wanted}${received === undefined ? "" : `, ${received}`}`;
  return { file: where.file, line: where.line, col: where.col, path: formatPath(path), message };
}

/**
 * The one alternative that came clearly closest: its problems are all inside the value (none about
 * the value as a whole, unknown keys counting as inside) and none is a literal mismatch (a wrong `kind: relay` tag means the wrong alternative),
 * with strictly fewer problems than any other such alternative.
 */
function closestAlternative(errors: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const inside = (i: Issue): boolean => i.path.length > 0 || i.code === "unrecognized_keys";
  const plausible = errors.filter((alt) => alt.every((i) => inside(i) && !isLiteralMismatch(i)));
  const sorted = [...plausible].sort((a, b) => a.length - b.length);
  const [first, second] = sorted;
  if (first === undefined || first.length === 0) return undefined;
  return second === undefined || first.length < second.length ? first : undefined;
}

function isLiteralMismatch(issue: Issue): boolean {
  return issue.code === "invalid_value" && issue.values.length === 1;
}

/**
 * A plain union of tagged objects (`kind: relay` | `kind: osdp`) where the value's tag matched none:
 * every alternative rejected the same field as the wrong literal. Returns that field and the allowed tags.
 */
function sharedTag(errors: readonly (readonly Issue[])[]): { path: readonly PropertyKey[]; values: unknown[] } | undefined {
  const firstAlt = errors[0] ?? [];
  for (const candidate of firstAlt.filter(isLiteralMismatch)) {
    const key = formatPath(candidate.path);
    const values: unknown[] = [];
    for (const alt of errors) {
      const hit = alt.find((i) => isLiteralMismatch(i) && formatPath(i.path) === key);
      if (hit?.code !== "invalid_value") break;
      values.push(...hit.values);
    }
    if (values.length === errors.length) return { path: candidate.path, values };
  }
  return undefined;
}
