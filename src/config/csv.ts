/**
 * A small RFC 4180 CSV reader: comma-separated fields, fields in double quotes may hold commas,
 * line breaks and doubled quotes (`""`); records end at CRLF or LF; a UTF-8 BOM is skipped.
 */

/** One record, or the reason it could not be read. */
export interface CsvRecord {
  /** The fields, unquoted. */
  readonly fields: string[];
  /** 1-based line where each field starts (a quoted field may span lines). */
  readonly lines: number[];
  /** The first problem in the record: its 1-based column (field number) and what is wrong. */
  readonly error?: { readonly col: number; readonly message: string };
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Reads records one at a time from text, tracking lines. */
class CsvReader {
  private pos: number;
  private line = 1;
  constructor(private readonly text: string) {
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /** The next record; blank lines give a record with one empty field. */
  next(): CsvRecord {
    const fields: string[] = [];
    const lines: number[] = [];
    for (;;) {
      lines.push(this.line);
      const field = this.text.charCodeAt(this.pos) === QUOTE ? this.quoted() : this.plain();
      if (typeof field !== "string") {
        this.skipLine();
        return { fields, lines, error: { col: fields.length + 1, message: field.error } };
      }
      fields.push(field);
      const c = this.text.charCodeAt(this.pos);
      if (c === COMMA) {
        this.pos++;
        continue;
      }
      this.endOfLine();
      return { fields, lines };
    }
  }

  private plain(): string | { error: string } {
    const start = this.pos;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text.charCodeAt(this.pos);
      if (c === COMMA || c === LF || (c === CR && this.text.charCodeAt(this.pos + 1) === LF)) break;
      if (c === QUOTE) return { error: "a quote inside a field that does not start with one; quote the whole field and double the quote" };
    }
    return this.text.slice(start, this.pos);
  }

  private quoted(): string | { error: string } {
    let value = "";
    let from = ++this.pos;
    for (;;) {
      const at = this.text.indexOf('"', this.pos);
      if (at < 0) {
        // Everything after an unclosed quote belongs to the field: nothing more can be read.
        this.pos = this.text.length;
        return { error: "a quoted field is never closed" };
      }
      this.countLines(from, at);
      value += this.text.slice(from, at);
      if (this.text.charCodeAt(at + 1) !== QUOTE) {
        this.pos = at + 1;
        break;
      }
      value += '"';
      this.pos = from = at + 2;
    }
    const c = this.text.charCodeAt(this.pos);
    const end = Number.isNaN(c) || c === COMMA || c === LF || (c === CR && this.text.charCodeAt(this.pos + 1) === LF);
    return end ? value : { error: "text after a closing quote; double a quote inside a quoted field" };
  }

  private countLines(from: number, to: number): void {
    for (let i = this.text.indexOf("\n", from); i >= 0 && i < to; i = this.text.indexOf("\n", i + 1)) this.line++;
  }

  private endOfLine(): void {
    if (this.text.charCodeAt(this.pos) === CR) this.pos++;
    if (this.text.charCodeAt(this.pos) === LF) {
      this.pos++;
      this.line++;
    }
  }

  private skipLine(): void {
    const at = this.text.indexOf("\n", this.pos);
    this.countLines(this.pos, at < 0 ? this.text.length : at);
    this.pos = at < 0 ? this.text.length : at;
    this.endOfLine();
  }
}

/** Every record of a CSV text, in order; a record that cannot be read carries an error and reading goes on at the next line. */
export function* csvRecords(text: string): Generator<CsvRecord> {
  const reader = new CsvReader(text);
  while (!reader.done) yield reader.next();
}
