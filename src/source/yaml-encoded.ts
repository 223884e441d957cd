/**
 * The entries of a long YAML list kept as JSON text, in one pool of UTF-8 bytes, until they are
 * asked for: 100,000 cardholders take about 14 MB that way, several times that as objects or as
 * strings. The list's section reads as a plain array the first time it is read (a getter replaces
 * itself with the decoded entries), or its entries can be taken one at a time, so that the objects
 * never exist all at once.
 */
import { BytePool } from "../core/byte-pool.js";
import { NO_PROGRESS } from "../core/typed-data.js";

/** Numbers JSON cannot hold (infinities, NaN, negative zero) are written as `{ MARK: "…" }`. */
const MARK = "\u0000number";

/** JSON text of a value ("" for undefined: an entry that gave no value). */
function encode(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? { [MARK]: Object.is(v, -0) ? "-0" : String(v) } : v,
  );
}

function decode(text: string): unknown {
  if (text === "") return undefined;
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    const mark: unknown = (v as Record<string, unknown>)[MARK];
    return keys.length === 1 && keys[0] === MARK && typeof mark === "string" ? Number(mark) : v;
  });
}

/** A list's entries as JSON text, in order. */
export class EncodedEntries {
  #pool: BytePool | undefined = BytePool.empty(1024, 64 * 1024, NO_PROGRESS);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(value: unknown): void {
    // JSON text is well-formed Unicode (lone surrogates are escaped), so the pool always takes it.
    this.#open().pushText(encode(value));
    this.#length++;
  }

  /** Every entry, decoded. */
  values(): unknown[] {
    return [...this.take()];
  }

  /** The entries decoded one at a time; the text is let go of once the last is read. Once only. */
  *take(): Generator<unknown> {
    const pool = this.#open();
    for (let i = 0; i < this.#length; i++) yield decode(pool.text(i));
    this.#pool = undefined;
  }

  #open(): BytePool {
    if (this.#pool === undefined) throw new Error("the entries were already taken");
    return this.#pool;
  }
}

/** The entries behind each lazy section's getter. */
const lazyLists = new WeakMap<object, EncodedEntries>();

/** Make `object[key]` read as the decoded entries; decoded the first time it is read, then a plain value. */
export function defineLazyList(object: object, key: string, entries: EncodedEntries): void {
  function get(this: object): unknown[] {
    const values = entries.values();
    Object.defineProperty(this, key, { value: values, enumerable: true, writable: true, configurable: true });
    return values;
  }
  lazyLists.set(get, entries);
  Object.defineProperty(object, key, { get, enumerable: true, configurable: true });
}

/** The entries of `object[key]` when it was never read, taking the section out of `object`; else undefined. */
export function takeLazyList(object: object, key: string): EncodedEntries | undefined {
  const get = Object.getOwnPropertyDescriptor(object, key)?.get;
  const entries = get === undefined ? undefined : lazyLists.get(get);
  if (entries !== undefined) Reflect.deleteProperty(object, key);
  return entries;
}
