import { join, relative } from "node:path";
import { LineCounter, isCollection, isPair, isScalar, isSeq, parseAllDocuments, visit } from "yaml";
import type { Document } from "yaml";
import { formatPath, sortProblems, type Locator, type Problem } from "./problems.js";
import { LineIndex } from "./line-index.js";
import { FILE_START, listYamlFiles } from "./yaml-files.js";
import { NotText, capProblems, readTextFile, textPieces } from "./text-file.js";
import { defineLazyList, takeLazyList } from "./yaml-encoded.js";
import { ListEntries, listsInUse } from "./yaml-entries.js";
import { PARSE_OPTIONS, SOFT_CODES, TO_JS_OPTIONS } from "./yaml-options.js";
import { parseStreamed, type EntryReader, type StreamedList } from "./yaml-stream.js";
import { isMergeKey, walk } from "./yaml-walk.js";
import { plainSyntaxMessage, syntaxErrorsToShow } from "./yaml-syntax.js";

/** A parsed YAML file that can locate any path inside it. */
export interface YamlFile {
  /** File name as shown in problems. */
  file: string;
  /** The file's content as plain JS (an empty file is an empty mapping). */
  value: unknown;
  /**
   * Position of the value at path (1-based): the value's start, or the key itself when the last path
   * element is an existing key; past the existing nodes, the deepest one that exists.
   */
  locate(path: readonly PropertyKey[]): { line: number; col: number };
  /** Whether a value exists at path (through aliases and `<<` merges). */
  exists(path: readonly PropertyKey[]): boolean;
}

/** A configuration directory merged into one object of top-level sections. */
export interface YamlDir {
  /** The directory as shown in problems. */
  dir: string;
  /** Every section of every file, keyed by section name. */
  value: Record<string, unknown>;
  /** The files that parsed, sorted by name. */
  files: YamlFile[];
  /** Routes a path by its first key to the file that owns that section; unknown sections → the dir, 1:1. */
  locate: Locator;
  /**
   * The entries of a list section that was never read, one at a time, each let go of once read; the
   * section leaves `value`. Undefined when the section is no such list or was read.
   */
  takeList(key: string): { entries: Iterable<unknown>; expected: number } | undefined;
}

type ParsedDoc = Document.Parsed;
type At = (offset: number) => { line: number; col: number };

/** Read and parse one YAML file. Syntax errors, duplicate keys and read errors become problems (all of them, with line/col), never throws for bad content. Multi-document files are a problem. A file with errors that leave its value uncertain (syntax errors, a second document) yields no `file`, so schema checks do not report consequences of a misparse. */
export function readYamlFile(path: string, displayName?: string): { file?: YamlFile; problems: Problem[] } {
  const name = displayName ?? path;
  const read = parseDocs(path, name);
  if ("problem" in read) return { problems: [read.problem] };
  const again = (): string => {
    const text = readTextFile(path, name);
    return "text" in text ? text.text : "";
  };
  const parsed = parseYamlText(read, name, again);
  return { ...parsed, problems: capProblems(parsed.problems, name) };
}

/** Problems of a parse by kind: parser errors and warnings, then fatal and soft findings (see documentProblems). */
interface ParseFindings {
  errors: Problem[];
  warnings: Problem[];
  fatal: Problem[];
  soft: Problem[];
  /** A parser error or a failed conversion: the value is uncertain. */
  broken: boolean;
}

const noFindings = (): ParseFindings => ({ errors: [], warnings: [], fatal: [], soft: [], broken: false });

/** The parser's own findings in one document. */
function parserFindings(doc: ParsedDoc, file: string, at: At, into: ParseFindings): void {
  for (const [list, found] of [[into.errors, doc.errors], [into.warnings, doc.warnings]] as const) {
    for (const e of found) into.broken ||= !SOFT_CODES.has(e.code);
    // One slip often trips the parser two or three times from one line: the first says it.
    let lastLine = 0;
    for (const { error: e, offset } of syntaxErrorsToShow(found)) {
      const from = at(e.pos[0]).line;
      if (from === lastLine) continue;
      lastLine = from;
      list.push({ file, ...at(offset), path: "", message: plainSyntaxMessage(e.code, e.message) });
    }
  }
}

/** A file's documents, the lists composed apart, where its lines start, and the findings in those lists' entries. */
interface ParsedDocs {
  docs: ParsedDoc[];
  lists: StreamedList[];
  lines: LineIndex | LineCounter;
  entries: ParseFindings;
}

/**
 * The file's documents, read in pieces and its top-level lists composed entry by entry when it
 * allows (yaml-stream.ts); else the whole file read and parsed at once, or the problem that it
 * cannot be read as text.
 */
function parseDocs(path: string, name: string): ParsedDocs | { problem: Problem } {
  const lines = new LineIndex();
  const at: At = (offset) => lines.linePos(offset);
  const entries = noFindings();
  const read: EntryReader = (doc, key, index) => {
    parserFindings(doc, name, at, entries);
    const found = documentProblems(doc, name, at, [key, index]);
    entries.fatal.push(...found.fatal);
    entries.soft.push(...found.soft);
    if (entries.broken || found.fatal.length > 0) return undefined; // the file gives no value: keep nothing
    try {
      return (doc.toJS(TO_JS_OPTIONS) as unknown[])[0];
    } catch (err) {
      entries.broken = true;
      entries.errors.push({ file: name, ...FILE_START, path: "", message: (err as Error).message });
      return undefined;
    }
  };
  try {
    const streamed = parseStreamed(textPieces(path), PARSE_OPTIONS, lines, read);
    if (streamed !== undefined) return { ...streamed, lines, entries };
  } catch (err) {
    if (!(err instanceof NotText)) throw err;
  }
  const text = readTextFile(path, name);
  if ("problem" in text) return text;
  const whole = new LineCounter();
  return { docs: parseAllDocuments(text.text, { ...PARSE_OPTIONS, lineCounter: whole }), lists: [], lines: whole, entries: noFindings() };
}

function parseYamlText({ docs, lists, lines, entries }: ParsedDocs, name: string, again: () => string): { file?: YamlFile; problems: Problem[] } {
  const at: At = (offset) => lines.linePos(offset);
  const found = noFindings();
  for (const doc of docs) parserFindings(doc, name, at, found);
  const problems = [...sortProblems([...found.errors, ...entries.errors]), ...sortProblems([...found.warnings, ...entries.warnings])];
  let fatal = found.broken || entries.broken;
  const extra = docs.slice(1).find((d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null));
  if (extra !== undefined) {
    fatal = true;
    const message = "a configuration file holds one YAML document; remove the second '---' document";
    problems.push({ file: name, ...at(extra.range[0]), path: "", message });
  }
  const doc = docs[0];
  if (doc === undefined) return { file: makeFile(name, undefined, at, {}), problems };
  const own = documentProblems(doc, name, at);
  const fatalFound = sortProblems([...own.fatal, ...entries.fatal]);
  problems.push(...fatalFound, ...sortProblems([...own.soft, ...entries.soft]));
  if (fatal || fatalFound.length > 0) return { problems };
  try {
    const value: unknown = doc.toJS(TO_JS_OPTIONS) ?? {};
    const inUse = listsInUse(doc, lists);
    for (const [key, list] of inUse) defineLazyList(value as object, key, list.entries);
    return { file: makeFile(name, doc, at, value, new ListEntries(inUse, again)), problems };
  } catch (err) {
    problems.push({ file: name, ...FILE_START, path: "", message: (err as Error).message });
    return { problems };
  }
}

/**
 * Problems the parser accepts. Fatal: aliases with no anchor, mapping keys that are lists or maps.
 * Soft: every repeated key in every mapping, at the repeat, naming the first place; keys compare as
 * the strings they become in the JS value (`1:` and `"1":` collide) and the last one wins.
 */
function documentProblems(doc: ParsedDoc, file: string, at: At, entry?: PropertyKey[]): { fatal: Problem[]; soft: Problem[] } {
  const fatal: Problem[] = [];
  const soft: Problem[] = [];
  const add = (list: Problem[], node: { range?: readonly number[] | null }, path: string, message: string): void => {
    list.push({ file, ...at(node.range?.[0] ?? 0), path, message });
  };
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined) add(fatal, node, "", `alias *${node.source} has no matching &${node.source} anchor before it`);
    },
    Pair(_key, pair) {
      if (isCollection(pair.key)) add(fatal, pair.key, "", "a mapping key must be a plain value, not a list or mapping");
    },
    Map(_key, map, ancestors) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || isMergeKey(pair.key)) continue;
        const key = String(pair.key.value);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, pair.key.range?.[0] ?? 0);
        else add(soft, pair.key, formatPath([...pathOf([...ancestors, map], entry), key]), `duplicate key, first defined at line ${at(first).line}`);
      }
    },
  });
  // The visitor sees outer mappings before inner ones; report in reading order.
  return { fatal: sortProblems(fatal), soft: sortProblems(soft) };
}

/**
 * The data path of the last node in a visitor's ancestor chain (document → … → node); in an entry
 * composed apart (a document of a one-entry list), the entry's own path stands for that list's.
 */
function pathOf(chain: readonly unknown[], entry?: PropertyKey[]): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (const [i, node] of chain.entries()) {
    if (isPair(node) && isScalar(node.key)) path.push(String(node.key.value));
    if (isSeq(node)) path.push(node.items.indexOf(chain[i + 1]));
  }
  return entry === undefined ? path : [...entry, ...path.slice(1)];
}

function makeFile(file: string, doc: ParsedDoc | undefined, at: At, value: unknown, entries?: ListEntries): YamlFile {
  const find = (d: ParsedDoc, path: readonly PropertyKey[]) => entries?.find(path) ?? walk(d, path);
  return {
    file,
    value,
    locate: (path) => (doc === undefined ? { ...FILE_START } : at(find(doc, path).offset)),
    exists: (path) => (doc === undefined ? path.length === 0 : find(doc, path).found),
  };
}

/** A configuration directory: every *.yaml / *.yml file directly in it (sorted by name, dot-files skipped: editors leave lock and swap files there), each holding a mapping of top-level sections; the merged value is one object whose keys are the sections. The same top-level key in two files is a problem naming both places. A file whose top level is not a mapping is a problem. `locate` routes a path by its first key to the file that owns that section. File names in problems are relative to displayRoot when given, else the path as given (e.g. "config/demo/doors.yaml"). Sections of a file that failed to parse are absent from `value`. */
export function readYamlDir(dir: string, displayRoot?: string): { source: YamlDir; problems: Problem[] } {
  const show = (path: string): string => (displayRoot === undefined ? path : relative(displayRoot, path) || ".");
  const dirName = show(dir);
  const problems: Problem[] = [];
  const names = listYamlFiles(dir, dirName, problems);
  const value: Record<string, unknown> = {};
  const owners = new Map<string, YamlFile>();
  const files: YamlFile[] = [];
  for (const name of names) {
    const read = readYamlFile(join(dir, name), show(join(dir, name)));
    problems.push(...read.problems);
    if (read.file === undefined) continue;
    files.push(read.file);
    addSections(read.file, value, owners, problems);
  }
  const locate: Locator = Object.assign(
    (path: readonly PropertyKey[]) => {
      const owner = path.length === 0 ? undefined : owners.get(String(path[0]));
      return owner === undefined ? { file: dirName, ...FILE_START } : { file: owner.file, ...owner.locate(path) };
    },
    { exists: (path: readonly PropertyKey[]) => path.length === 0 || (owners.get(String(path[0]))?.exists(path) ?? false) },
  );
  const takeList = (key: string) => {
    const entries = takeLazyList(value, key);
    return entries === undefined ? undefined : { entries: entries.take(), expected: entries.length };
  };
  return { source: { dir: dirName, value, files, locate, takeList }, problems };
}

function addSections(file: YamlFile, value: Record<string, unknown>, owners: Map<string, YamlFile>, problems: Problem[]): void {
  if (!isPlainMapping(file.value)) {
    const kind = Array.isArray(file.value) ? "a list" : `a ${typeof file.value} value`;
    const message = `the top level must be a mapping of sections (like "doors:"), found ${kind}`;
    problems.push({ file: file.file, ...file.locate([]), path: "", message });
    return;
  }
  for (const key of Object.keys(file.value)) {
    const first = owners.get(key);
    if (first !== undefined) {
      const was = first.locate([key]);
      const message = `section is also defined at ${first.file}:${was.line}:${was.col}; each section belongs in one file`;
      problems.push({ file: file.file, ...file.locate([key]), path: formatPath([key]), message });
      continue;
    }
    owners.set(key, file);
    // defineProperty, not assignment: a section named "__proto__" must stay a plain key; the
    // descriptor as it is, so that a long list is decoded only when it is read (yaml-encoded.ts).
    Object.defineProperty(value, key, { ...Object.getOwnPropertyDescriptor(file.value, key), enumerable: true, configurable: true });
  }
}

function isPlainMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
