import { describe, expect, it } from "vitest";
import { PEEK_BYTES, peekTransaction, peekTransactionBytes } from "../../src/bus/transaction-peek.js";

describe("peekTransaction", () => {
  it.each([
    ['{"transaction":"t-1","door_id":"x"}', "t-1"],
    ['{ "transaction" : 42 , "x": 1}', 42],
    ['{"transaction":-1.5e3}', -1500],
    ['{"transaction":"quo\\"ted"}', 'quo"ted'],
    ['{"door_id":"a","transaction":"late"}', "late"],
    ['{"holders":[{"transaction":"nested"}],"transaction":"top"}', "top"],
    ['{"note":"\\"transaction\\":1","transaction":2}', 2],
    ['{"transaction":"t-2","holders":[{"id":', "t-2"],
  ])("reads the top-level transaction of %s", (text, expected) => {
    expect(peekTransaction(text)).toBe(expected);
  });

  it.each([
    ["not json"],
    ["[{\"transaction\":1}]"],
    ['{"holders":[{"transaction":"nested"}]}'],
    ['{"a":{"transaction":"inner"}}'],
    ['{"transaction":null}'],
    ['{"transaction":{"x":1}}'],
    ['{"transaction":tru'],
    ['{"transaction":"unterminated'],
    ['{"transaction":12'],
    ['{"x":1}{"transaction":1}'],
    [""],
  ])("finds none in %s", (text) => {
    expect(peekTransaction(text)).toBeNull();
  });

  it("looks only at the first PEEK_BYTES: a transaction after them, or cut by their end, is not read", () => {
    const filler = "x".repeat(PEEK_BYTES);
    expect(peekTransaction(`{"pad":"${filler}","transaction":"t"}`)).toBeNull();
    const cut = `{"pad":"${"x".repeat(PEEK_BYTES - 30)}","transaction":1234567890}`;
    expect(cut.indexOf("1234567890")).toBeLessThan(PEEK_BYTES);
    expect(cut.indexOf("1234567890") + 10).toBeGreaterThan(PEEK_BYTES);
    expect(peekTransaction(cut)).toBeNull();
  });

  it("reads bytes, a multi-byte character cut at the window's end included", () => {
    const payload = new TextEncoder().encode(`{"transaction":"é-1","pad":"${"é".repeat(PEEK_BYTES)}"}`);
    expect(peekTransactionBytes(payload)).toBe("é-1");
  });
});
