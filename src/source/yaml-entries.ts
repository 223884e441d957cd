/**
 * Finding paths inside the entries of lists that were composed apart (see yaml-stream.ts): the
 * document holds those lists empty, so an entry is parsed again from its own lines when a problem
 * in it must be shown. Only then is the file's text read again; a file without problems is never
 * held in memory whole.
 */
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Document } from "yaml";
import { PARSE_OPTIONS } from "./yaml-options.js";
import type { StreamedList } from "../source/yaml-stream.js";
import { walk } from "./yaml-walk.js";

const INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * The lists that give their section's value: a key written twice gives the last one's, as in the
 * parsed value, so a list composed apart counts only when its pair is the last of its key.
 */
export function listsInUse(doc: Document.Parsed | undefined, lists: readonly StreamedList[]): Map<string, StreamedList> {
  const byOffset = new Map(lists.map((l) => [l.offset, l]));
  const owners = new Map<string, StreamedList>();
  if (lists.length === 0 || !isMap(doc?.contents)) return owners;
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const list = isSeq(pair.value) ? byOffset.get(pair.value.range?.[0] ?? -1) : undefined;
    if (list === undefined) owners.delete(key);
    else owners.set(key, list);
  }
  return owners;
}

/** Paths into entries composed apart, located by parsing the entry again from the file's text. */
export class ListEntries {
  #text: string | undefined;
  #last: { list: StreamedList; index: number; doc: Document.Parsed } | undefined;

  constructor(
    private readonly lists: ReadonlyMap<string, StreamedList>,
    /** The file's text, read again; read once, only when a path into an entry is asked for. */
    private readonly text: () => string,
  ) {}

  /** Offset of the value at path (see `walk`) and whether it exists, when path leads into an entry; else undefined. */
  find(path: readonly PropertyKey[]): { offset: number; found: boolean } | undefined {
    const list = path.length < 2 ? undefined : this.lists.get(String(path[0]));
    if (list === undefined) return undefined;
    const step = path[1];
    const index = typeof step === "number" ? step : INDEX.test(String(step)) ? Number(step) : -1;
    const start = list.starts[index];
    if (start === undefined) return undefined;
    const found = walk(this.#entry(list, index), [0, ...path.slice(2)]);
    return { offset: start + found.offset, found: found.found };
  }

  /** Entry `index` of `list` as a document of a one-entry list; offsets count from the entry's first line. */
  #entry(list: StreamedList, index: number): Document.Parsed {
    const last = this.#last;
    if (last?.list === list && last.index === index) return last.doc;
    this.#text ??= this.text();
    const doc = parseDocument(this.#text.slice(list.starts[index], list.ends[index]), PARSE_OPTIONS);
    this.#last = { list, index, doc };
    return doc;
  }
}
