/**
 * Reading a YAML file whose top-level sections are long lists (a school's `cardholders:`) without
 * building the whole file's syntax tree: the parser runs token by token, and each finished entry of
 * a top-level block sequence is taken out of the tree and composed on its own, so at any time the
 * tree holds one entry, not 100,000. Offsets stay those of the whole text, so every problem keeps
 * its line and column. Where entries could depend on each other or on the rest of the file
 * (aliases, directives), the caller reads the file whole instead.
 */
import { CST, Composer, Lexer, Parser } from "yaml";
import type { Document, DocumentOptions, ParseOptions, SchemaOptions } from "yaml";
import type { LineIndex } from "./line-index.js";
import { EncodedEntries } from "./yaml-encoded.js";

type ParsedDoc = Document.Parsed;

/** The entries of one top-level block sequence, composed one by one. */
export interface StreamedList {
  /** The section's key. */
  readonly key: string;
  /** Offset of the sequence in the text: where its node, emptied of entries, starts in the document. */
  readonly offset: number;
  /** The entries, in order. */
  readonly entries: EncodedEntries;
  /** Offset of the start of the line each entry starts on (its `-`), and of its end. */
  readonly starts: number[];
  readonly ends: number[];
}

/** Turns one composed entry (a document holding a one-entry sequence) into its value. */
export type EntryReader = (doc: ParsedDoc, key: string, index: number) => unknown;

/** A file's documents, with the entries of its top-level block sequences composed apart. */
export interface StreamedYaml {
  readonly docs: ParsedDoc[];
  readonly lists: StreamedList[];
}

/** Section keys taken as they are written: plain names, which the core schema reads as the same string. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const NOT_A_STRING = /^(true|false|null)$/i;

/** The file uses what makes entries depend on the rest of it; it must be read whole. */
class ReadWhole extends Error {}

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/** The key of the root mapping whose value `seq` is about to become, when it is a plain name. */
function sectionKey(root: CST.BlockMap): string | undefined {
  const item = root.items[root.items.length - 1];
  const key = item?.key;
  if (key?.type !== "scalar" || !item?.sep?.some((t) => t.type === "map-value-ind")) return undefined;
  return PLAIN_KEY.test(key.source) && !NOT_A_STRING.test(key.source) ? key.source : undefined;
}

/** Composes entries taken out of a sequence, keeping where each is. */
class EntryComposer {
  readonly #composer: Composer;
  constructor(
    options: Options,
    private readonly lines: LineIndex,
    private readonly read: EntryReader,
  ) {
    this.#composer = new Composer(options);
  }

  /** Every item of `seq` but the last `keep`, out of the tree and into `list`. */
  take(seq: CST.BlockSequence, list: StreamedList, keep: number): void {
    for (const item of seq.items.splice(0, Math.max(0, seq.items.length - keep))) {
      const dash = item.start.find((t) => t.type === "seq-item-ind");
      if (dash === undefined) {
        if (item.value !== undefined) throw new ReadWhole(); // an entry without its dash: leave it to the whole parse
        continue; // blank lines and comments between entries
      }
      const seqOfOne: CST.BlockSequence = { type: "block-seq", offset: dash.offset, indent: seq.indent, items: [item] };
      const token: CST.Document = { type: "document", offset: dash.offset, start: [], value: seqOfOne };
      const [doc] = [...this.#composer.compose([token])];
      if (doc === undefined) throw new ReadWhole();
      list.entries.push(this.read(doc, list.key, list.entries.length));
      list.starts.push(dash.offset - this.lines.linePos(dash.offset).col + 1);
      const range = (doc.contents as { range?: readonly number[] } | null)?.range;
      list.ends.push(range?.[2] ?? dash.offset);
    }
  }
}

/** The lexemes of text given in pieces: the lexer keeps only what it has not yet read. */
function* lexemes(pieces: Iterable<string>): Generator<string> {
  const lexer = new Lexer();
  for (const piece of pieces) yield* lexer.lex(piece, true);
  yield* lexer.lex("", false);
}

/**
 * Parse the text given in `pieces` (newlines are recorded in `lines`), composing the entries of
 * each top-level block sequence of the first document with `read`, one at a time; the documents
 * hold those sequences empty. Undefined when the file has aliases or directives: then entries are not independent.
 */
export function parseStreamed(pieces: Iterable<string>, options: Options, lines: LineIndex, read: EntryReader): StreamedYaml | undefined {
  const parser = new Parser(lines.addNewLine);
  const composer = new Composer(options);
  const entries = new EntryComposer(options, lines, read);
  const docs: ParsedDoc[] = [];
  const lists: StreamedList[] = [];
  const seqs: CST.BlockSequence[] = [];
  let skipped: CST.BlockSequence | undefined;
  let streaming = true;
  let atScalar = false;
  lines.addNewLine(0);
  const feed = (token: CST.Token): void => {
    if (token.type === "directive") throw new ReadWhole();
    if (token.type === "document" && streaming) {
      streaming = false; // the first document is whole: its lists give up their last entries
      seqs.forEach((seq, i) => entries.take(seq, lists[i] as StreamedList, 0));
    }
    docs.push(...composer.next(token));
  };
  try {
    for (const lexeme of lexemes(pieces)) {
      // A scalar's text follows the SCALAR mark; anything else starting with `*` is an alias.
      if (!atScalar && lexeme.startsWith("*")) throw new ReadWhole();
      atScalar = lexeme === CST.SCALAR;
      for (const token of parser.next(lexeme)) feed(token);
      if (!streaming || parser.stack.length < 3) continue;
      const [doc, root, seq] = parser.stack;
      if (doc?.type !== "document" || root?.type !== "block-map" || seq?.type !== "block-seq" || seq === skipped) continue;
      if (seq !== seqs.at(-1)) {
        const key = sectionKey(root);
        if (key === undefined) {
          skipped = seq;
          continue;
        }
        seqs.push(seq);
        lists.push({ key, offset: seq.offset, entries: new EncodedEntries(), starts: [], ends: [] });
      }
      // Every entry but the last is finished: the parser only ever adds to the last.
      if (seq.items.length > 1) entries.take(seq, lists.at(-1) as StreamedList, 1);
    }
    for (const token of parser.end()) feed(token);
    docs.push(...composer.end());
  } catch (err) {
    if (err instanceof ReadWhole) return undefined;
    throw err;
  }
  return { docs, lists };
}
