/**
 * Reading a request's `transaction` without parsing the request: for payloads the router refuses
 * unread (too large) or cannot read (not JSON), so that the error still reaches the request's sender
 * with its transaction. Only the first bytes are looked at, and only a top-level `transaction` key.
 */
import type { Transaction } from "./request-parse.js";

/**
 * How many leading bytes (or characters) are scanned. A request's own small fields come before its
 * bulk in any sender that puts them first; 4 KiB holds them with room to spare, and scanning it
 * takes microseconds on a Raspberry Pi where parsing a 512 KiB payload would take milliseconds.
 */
export const PEEK_BYTES = 4096;

/** JSON whitespace (RFC 8259 §2). */
const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

/** A JSON number at the start of the text (RFC 8259 §6). */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;

/** The `transaction` of a request payload's bytes, from its first PEEK_BYTES only; null if not found there. */
export function peekTransactionBytes(payload: Uint8Array): Transaction {
  return peekTransaction(new TextDecoder().decode(payload.subarray(0, PEEK_BYTES)));
}

/**
 * The string or number value of the top-level `transaction` key of a JSON object, read from the first
 * PEEK_BYTES characters of `text` (the rest may be cut off or malformed); null when the text does not
 * start as an object, the key is not among them, or its value is not a complete string or number there.
 * The first such key counts.
 */
export function peekTransaction(whole: string): Transaction {
  const text = whole.length > PEEK_BYTES ? whole.slice(0, PEEK_BYTES) : whole;
  const end = text.length;
  let i = skipWhitespace(text, 0, end);
  if (text[i] !== "{") return null;
  let depth = 0;
  while (i < end) {
    const c = text[i];
    if (c === '"') {
      const close = stringEnd(text, i, end);
      if (close < 0) return null;
      const next = skipWhitespace(text, close, end);
      if (depth === 1 && text[next] === ":" && text.slice(i, close) === '"transaction"') return valueAt(text, next + 1, end);
      i = close;
      continue;
    }
    if (c === "{" || c === "[") depth += 1;
    else if (c === "}" || c === "]") {
      depth -= 1;
      if (depth === 0) return null;
    }
    i += 1;
  }
  return null;
}

/** The string or number value starting at `from` (after whitespace), if it ends before `end`. */
function valueAt(text: string, from: number, end: number): Transaction {
  const start = skipWhitespace(text, from, end);
  let stop: number;
  if (text[start] === '"') {
    stop = stringEnd(text, start, end);
  } else {
    const match = NUMBER.exec(text.slice(start, end));
    stop = match === null ? -1 : start + match[0].length;
  }
  if (stop < 0) return null;
  // A value cut off by the end of the window (`12` of `1234`) is not the value: it must be followed by a delimiter.
  const after = text[skipWhitespace(text, stop, end)];
  if (after !== "," && after !== "}") return null;
  try {
    const value: unknown = JSON.parse(text.slice(start, stop));
    return typeof value === "string" || typeof value === "number" ? value : null;
  } catch {
    return null;
  }
}

/** The index just after the string that opens at `open`, or -1 if it does not close before `end`. */
function stringEnd(text: string, open: number, end: number): number {
  for (let i = open + 1; i < end; i += 1) {
    const c = text[i];
    if (c === "\\") i += 1;
    else if (c === '"') return i + 1;
  }
  return -1;
}

/** The first index at or after `from` that is not JSON whitespace (or `end`). */
function skipWhitespace(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && WHITESPACE.has(text[i] ?? "")) i += 1;
  return i;
}
