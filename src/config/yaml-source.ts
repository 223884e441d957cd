import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { LineCounter, isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseAllDocuments, visit } from "yaml";
import type { Document, DocumentOptions, ParseOptions, SchemaOptions, ToJSOptions } from "yaml";
import { formatPath, sortProblems, type Locator, type Problem } from "./problems.js";
import { capProblems, readTextFile } from "./text-file.js";

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
}

/**
 * Plain integers and decimals with a leading zero (`0755`, `007`) stay strings. YAML 1.1 reads them
 * as octal and YAML 1.2 as decimal; keeping the text means a badge or facility number keeps its
 * zeros, and a field that wants a number reports the exact spot instead of silently guessing a base.
 */
const LEADING_ZERO_NUMBER = {
  tag: "tag:yaml.org,2002:str",
  default: true,
  test: /^[-+]?0[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/,
  resolve: (text: string) => text,
  identify: () => false,
} as const;

/**
 * The YAML 1.2 core schema, forced even when a file says `%YAML 1.1`: in 1.2 `no`, `yes`, `on` and
 * `off` are strings, not booleans, which avoids the "Norway problem" (`country: NO` turning into
 * false). `<<` merge keys are enabled because operators share door defaults with them.
 */
const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: "1.2",
  schema: "core",
  merge: true,
  // Duplicate keys are found by duplicateKeyProblems, which names the key and its first place.
  uniqueKeys: false,
  prettyErrors: false,
  // Problems are reported through the returned list, never printed by the parser.
  logLevel: "silent",
  customTags: (tags) => [LEADING_ZERO_NUMBER, ...tags],
};

/** 100 aliases is the parser's own default limit, well above any real configuration, and stops "billion laughs" expansion. */
const TO_JS_OPTIONS: ToJSOptions = { maxAliasCount: 100 };

/** Parser findings after which the file's value is still well defined (an unknown tag reads as a string). */
const SOFT_CODES: ReadonlySet<string> = new Set(["TAG_RESOLVE_FAILED"]);

const FILE_START = { line: 1, col: 1 } as const;

type ParsedDoc = Document.Parsed;
type At = (offset: number) => { line: number; col: number };

/** Read and parse one YAML file. Syntax errors, duplicate keys and read errors become problems (all of them, with line/col), never throws for bad content. Multi-document files are a problem. A file with errors that leave its value uncertain (syntax errors, a second document) yields no `file`, so schema checks do not report consequences of a misparse. */
export function readYamlFile(path: string, displayName?: string): { file?: YamlFile; problems: Problem[] } {
  const name = displayName ?? path;
  const read = readTextFile(path, name);
  if ("problem" in read) return { problems: [read.problem] };
  const parsed = parseYamlText(read.text, name);
  return { ...parsed, problems: capProblems(parsed.problems, name) };
}

function parseYamlText(text: string, name: string): { file?: YamlFile; problems: Problem[] } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter: lines });
  const at: At = (offset) => lines.linePos(offset);
  const problems: Problem[] = [];
  let fatal = false;
  for (const doc of docs) {
    for (const e of [...doc.errors, ...doc.warnings]) {
      fatal ||= !SOFT_CODES.has(e.code);
      problems.push({ file: name, ...at(e.pos[0]), path: "", message: e.message });
    }
  }
  const extra = docs.slice(1).find((d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null));
  if (extra !== undefined) {
    fatal = true;
    const message = "a configuration file holds one YAML document; remove the second '---' document";
    problems.push({ file: name, ...at(extra.range[0]), path: "", message });
  }
  const doc = docs[0];
  if (doc === undefined) return { file: makeFile(name, undefined, at, {}), problems };
  const found = documentProblems(doc, name, at);
  problems.push(...found.fatal, ...found.soft);
  if (fatal || found.fatal.length > 0) return { problems };
  try {
    const value: unknown = doc.toJS(TO_JS_OPTIONS);
    return { file: makeFile(name, doc, at, value ?? {}), problems };
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
function documentProblems(doc: ParsedDoc, file: string, at: At): { fatal: Problem[]; soft: Problem[] } {
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
        else add(soft, pair.key, formatPath([...pathOf([...ancestors, map]), key]), `duplicate key, first defined at line ${at(first).line}`);
      }
    },
  });
  // The visitor sees outer mappings before inner ones; report in reading order.
  return { fatal: sortProblems(fatal), soft: sortProblems(soft) };
}

/** The data path of the last node in a visitor's ancestor chain (document → … → node). */
function pathOf(chain: readonly unknown[]): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (const [i, node] of chain.entries()) {
    if (isPair(node) && isScalar(node.key)) path.push(String(node.key.value));
    if (isSeq(node)) path.push(node.items.indexOf(chain[i + 1]));
  }
  return path;
}

function makeFile(file: string, doc: ParsedDoc | undefined, at: At, value: unknown): YamlFile {
  return {
    file,
    value,
    locate: (path) => (doc === undefined ? { ...FILE_START } : at(walk(doc, path).offset)),
    exists: (path) => (doc === undefined ? path.length === 0 : walk(doc, path).found),
  };
}

/**
 * Walk path through the document (maps by key, sequences by index, through aliases and `<<` merges).
 * Returns the offset of the deepest node that exists — the value's start, except that when the last
 * path element is an existing map key the key itself is returned — and whether the whole path exists.
 */
function walk(doc: ParsedDoc, path: readonly PropertyKey[]): { offset: number; found: boolean } {
  let node: unknown = doc.contents;
  let offset = startOf(node) ?? 0;
  for (const [i, step] of path.entries()) {
    const hit = childOf(doc, node, step);
    if (hit === undefined) return { offset, found: false };
    const keyStart = i === path.length - 1 ? startOf(hit.key) : undefined;
    if (keyStart !== undefined) return { offset: keyStart, found: true };
    node = hit.value;
    offset = startOf(node) ?? offset;
  }
  return { offset, found: true };
}

function childOf(doc: ParsedDoc, node: unknown, step: PropertyKey, depth = 0): { key?: unknown; value: unknown } | undefined {
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (isSeq(target)) {
    const index = typeof step === "number" ? step : /^(0|[1-9][0-9]*)$/.test(String(step)) ? Number(step) : -1;
    const item: unknown = target.items[index];
    return item === undefined ? undefined : { value: item };
  }
  if (!isMap(target)) return undefined;
  const pairs = target.items.filter(isPair);
  // Duplicate keys are reported separately; the value uses the last one, so does the position.
  const own = pairs.filter((p) => !isMergeKey(p.key) && isScalar(p.key) && String(p.key.value) === String(step)).at(-1);
  if (own !== undefined) return { key: own.key, value: own.value };
  // Merge sources nest rarely; 20 levels stops a cycle through aliases without limiting real files.
  if (depth > 20) return undefined;
  for (const merge of pairs.filter((p) => isMergeKey(p.key))) {
    const source = isAlias(merge.value) ? merge.value.resolve(doc) : merge.value;
    const sources: unknown[] = isSeq(source) ? source.items : [source];
    for (const s of sources) {
      const hit = childOf(doc, s, step, depth + 1);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === "symbol" && key.value.description === "<<";
}

function startOf(node: unknown): number | undefined {
  if (node === null || typeof node !== "object" || !("range" in node)) return undefined;
  const range = (node as { range?: readonly number[] | null }).range;
  return range?.[0] ?? undefined;
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
  return { source: { dir: dirName, value, files, locate }, problems };
}

function listYamlFiles(dir: string, dirName: string, problems: Problem[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n) && !n.startsWith("."));
  } catch (err) {
    problems.push({ file: dirName, ...FILE_START, path: "", message: `cannot read configuration directory: ${(err as Error).message}` });
    return [];
  }
  // Code-unit order, not the locale's: the merge order must be the same on every machine.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files = names.filter((n) => isFile(join(dir, n)));
  const message = "no .yaml or .yml files in the configuration directory";
  if (files.length === 0) problems.push({ file: dirName, ...FILE_START, path: "", message });
  return files;
}

/** An entry that cannot be stat'ed (dangling or looping symlink) counts as a file, so that readYamlFile reports it. */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return true;
  }
}

function addSections(file: YamlFile, value: Record<string, unknown>, owners: Map<string, YamlFile>, problems: Problem[]): void {
  if (!isPlainMapping(file.value)) {
    const kind = Array.isArray(file.value) ? "a list" : `a ${typeof file.value} value`;
    const message = `the top level must be a mapping of sections (like "doors:"), found ${kind}`;
    problems.push({ file: file.file, ...file.locate([]), path: "", message });
    return;
  }
  for (const [key, section] of Object.entries(file.value)) {
    const first = owners.get(key);
    if (first !== undefined) {
      const was = first.locate([key]);
      const message = `section is also defined at ${first.file}:${was.line}:${was.col}; each section belongs in one file`;
      problems.push({ file: file.file, ...file.locate([key]), path: formatPath([key]), message });
      continue;
    }
    owners.set(key, file);
    // defineProperty, not assignment: a section named "__proto__" must stay a plain key.
    Object.defineProperty(value, key, { value: section, enumerable: true, writable: true, configurable: true });
  }
}

function isPlainMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
