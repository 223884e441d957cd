import { describe, expect, it, vi } from "vitest";
import { AccessRedactor, maskCredential, redactAccessPayload } from "../../src/bus/redact.js";

describe("maskCredential", () => {
  const rows: readonly [string, Parameters<typeof maskCredential>[0], ReturnType<typeof maskCredential>][] = [
    ["a Wiegand read", { format: "h10301", facility: 123, number: 45678, raw: "1011" }, { format: "h10301", last4: "5678" }],
    ["a short number", { format: "h10301", facility: 1, number: 42, raw: "1" }, { format: "h10301", last4: "42" }],
    ["a keyboard-wedge read", { format: "digits", facility: null, number: null, raw: "0004512345" }, { format: "digits", last4: "2345" }],
    ["a raw read", { format: "raw", facility: null, number: null, raw: "10110011" }, { format: "raw", last4: null }],
    ["a read without format", { number: 7 }, { format: "raw", last4: "7" }],
  ];
  for (const [name, credential, masked] of rows) {
    it(`keeps only the format and the last digits of ${name}`, () => expect(maskCredential(credential)).toEqual(masked));
  }
});

describe("redactAccessPayload", () => {
  it("masks the credential and keeps every other field", () => {
    const event = { type: "access", holder: "h-1", credential: { format: "h10301", facility: 9, number: 12345, raw: "0101" } };
    const out = redactAccessPayload(Buffer.from(JSON.stringify(event)));
    expect(JSON.parse(out?.toString() ?? "")).toEqual({ type: "access", holder: "h-1", credential: { format: "h10301", last4: "2345" } });
  });

  it("returns a payload without a credential as it is, and refuses one it cannot read", () => {
    const plain = Buffer.from('{"granted":true}');
    expect(redactAccessPayload(plain)).toBe(plain);
    expect(redactAccessPayload(Buffer.from("not json"))).toBeNull();
    expect(redactAccessPayload(Buffer.from("[1]"))).toBeNull();
    expect(redactAccessPayload(Buffer.from('{"credential":"45678"}'))).toBeNull();
  });
});

describe("AccessRedactor", () => {
  it("masks a message once for all its copies, and again for the next message", () => {
    const redactor = new AccessRedactor();
    const payload = Buffer.from('{"credential":{"format":"h10301","facility":1,"number":45678,"raw":"1"}}');
    const parse = vi.spyOn(JSON, "parse");
    const first = redactor.payloadFor({ brokerId: "gw", brokerCounter: 1, payload });
    const copy = redactor.payloadFor({ brokerId: "gw", brokerCounter: 1, payload: Buffer.from(payload) });
    expect(copy).toBe(first);
    expect(parse).toHaveBeenCalledTimes(1);
    const next = redactor.payloadFor({ brokerId: "gw", brokerCounter: 2, payload });
    expect(next).not.toBe(first);
    expect(redactor.payloadFor({ brokerId: "other", brokerCounter: 2, payload })).not.toBe(next);
    expect(parse).toHaveBeenCalledTimes(3);
    parse.mockRestore();
  });
});
