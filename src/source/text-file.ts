import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import type { Problem } from "../source/problems.js";

/**
 * Reading configuration files as text, and keeping what is said about a broken one short: a binary
 * file or a file of junk gives a few lines, never its bytes or a line per token.
 */

/** Syntax problems shown per file; past them one line counts the rest (a 64 KiB binary gives thousands). */
const MAX_PROBLEMS_PER_FILE = 10;

const NUL = 0;

/** 1-based line and column of a byte offset in a buffer (columns count bytes; the text is not valid). */
function positionOf(bytes: Buffer, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = bytes.indexOf(10); i >= 0 && i < offset; i = bytes.indexOf(10, i + 1)) [line, start] = [line + 1, i + 1];
  return { line, col: offset - start + 1 };
}

/** Bytes looked at to tell UTF-16 text: enough for a few lines, few enough for a large binary. */
const SNIFF = 512;

/**
 * "little-endian" or "big-endian" when the bytes look like UTF-16 text (as Windows tools save it): a
 * byte-order mark, or a NUL at every other byte with none between, as mostly-ASCII text gives.
 */
export function utf16Order(bytes: Buffer): "little-endian" | "big-endian" | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "little-endian";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "big-endian";
  const n = Math.min(bytes.length, SNIFF) & ~1;
  if (n < 2) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === NUL) evenNul++;
    if (bytes[i + 1] === NUL) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul === pairs && evenNul === 0) return "little-endian";
  if (evenNul === pairs && oddNul === 0) return "big-endian";
  return undefined;
}

/** The file's text, or the one problem that it cannot be read or is not UTF-8 text (UTF-16, a NUL byte or an invalid sequence). */
export function readTextFile(path: string, file: string): { text: string } | { problem: Problem } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    return { problem: { file, line: 1, col: 1, path: "", message: `cannot read file: ${(err as Error).message}` } };
  }
  const order = utf16Order(bytes);
  if (order !== undefined) {
    const message = `a UTF-16 (${order}) text file; save it as UTF-8 (in Notepad: Save As, Encoding "UTF-8")`;
    return { problem: { file, line: 1, col: 1, path: "", message } };
  }
  const nul = bytes.indexOf(NUL);
  let bad = nul;
  try {
    if (nul < 0) return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    // The decoder does not say where: the first replacement character of a lenient decode does.
    const lenient = bytes.toString("utf8");
    bad = Buffer.byteLength(lenient.slice(0, Math.max(0, lenient.indexOf("\ufffd"))));
  }
  const message = `not a UTF-8 text file (${nul >= 0 ? "a NUL byte" : "an invalid byte sequence"} here); is it binary?`;
  return { problem: { file, ...positionOf(bytes, bad), path: "", message } };
}

/** Bytes read at a time by textPieces. */
const PIECE = 64 * 1024;

/** A file that textPieces cannot give as text: readTextFile says why. */
export class NotText extends Error {}

/**
 * The file's text in pieces of whole lines, each decoded as it is read, so that a large file is
 * never in memory whole; the same text as readTextFile's, BOM left out. Throws NotText, once the
 * pieces before were given, when the file cannot be read or is not UTF-8 text.
 */
export function* textPieces(path: string, size = PIECE): Generator<string> {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    throw new NotText();
  }
  try {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const bytes = Buffer.alloc(size);
    let rest = "";
    for (let n = readSync(fd, bytes); n > 0; n = readSync(fd, bytes)) {
      const piece = bytes.subarray(0, n);
      if (piece.includes(NUL)) throw new NotText();
      // The YAML lexer reads a piece that ends inside a line wrongly: a line is given whole.
      const text = rest + decoder.decode(piece, { stream: true });
      const end = text.lastIndexOf("\n") + 1;
      rest = text.slice(end);
      if (end > 0) yield text.slice(0, end);
    }
    yield rest + decoder.decode();
  } catch (err) {
    throw err instanceof NotText ? err : new NotText();
  } finally {
    closeSync(fd);
  }
}

/** The first problems of a file, and one more line saying how many were left out. */
export function capProblems(problems: Problem[], file: string): Problem[] {
  if (problems.length <= MAX_PROBLEMS_PER_FILE) return problems;
  const shown = problems.slice(0, MAX_PROBLEMS_PER_FILE);
  const last = shown.at(-1);
  const rest = problems.length - shown.length;
  shown.push({ file, line: last?.line ?? 1, col: last?.col ?? 1, path: "", message: `${rest} more problem${rest === 1 ? "" : "s"} in this file not shown; fix the first ones` });
  return shown;
}
