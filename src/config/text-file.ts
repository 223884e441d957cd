import { readFileSync } from "node:fs";
import type { Problem } from "./problems.js";

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

/** The file's text, or the one problem that it cannot be read or is not UTF-8 text (a NUL byte or an invalid sequence). */
export function readTextFile(path: string, file: string): { text: string } | { problem: Problem } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    return { problem: { file, line: 1, col: 1, path: "", message: `cannot read file: ${(err as Error).message}` } };
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

/** The first problems of a file, and one more line saying how many were left out. */
export function capProblems(problems: Problem[], file: string): Problem[] {
  if (problems.length <= MAX_PROBLEMS_PER_FILE) return problems;
  const shown = problems.slice(0, MAX_PROBLEMS_PER_FILE);
  const last = shown.at(-1);
  const rest = problems.length - shown.length;
  shown.push({ file, line: last?.line ?? 1, col: last?.col ?? 1, path: "", message: `${rest} more problem${rest === 1 ? "" : "s"} in this file not shown; fix the first ones` });
  return shown;
}
