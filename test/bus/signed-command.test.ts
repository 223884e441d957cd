import { sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parsePrivateKey, parsePublicKey } from "../../src/bus/ed25519-keys.js";
import { ASYNC_VERIFY_BYTES, MAX_HEADER_BYTES, readSignedCommand, signCommand, verifyCommand } from "../../src/bus/signed-command.js";
import { operatorKey } from "../helpers/district-keys.js";

const TOPIC = "gatehouse/lincoln-es/request/mode";
const key = operatorKey("dispatch-1", "dispatcher");
const signer = key.signer("j.alvarez");
const REQUEST = Buffer.from('{"transaction":"t1","action":"raise","mode":"lockdown"}');
const AT = Date.parse("2026-11-23T13:45:00Z");

describe("the signed district command", () => {
  it("is a header line then the request bytes, signed over the documented bytes", () => {
    const payload = signCommand(signer, TOPIC, REQUEST, AT, "0b5e1c7a-0000-4000-8000-000000000001");
    const [line] = payload.toString("utf8").split("\n");
    const header = JSON.parse(line ?? "") as Record<string, string>;
    expect(header).toEqual({
      v: 1,
      key_id: "dispatch-1",
      operator: "j.alvarez",
      issued_at: "2026-11-23T13:45:00.000Z",
      id: "0b5e1c7a-0000-4000-8000-000000000001",
      sig: expect.any(String),
    });
    expect(payload.subarray(Buffer.byteLength(line ?? "") + 1)).toEqual(REQUEST);
    // What an implementation in another language must sign, byte for byte.
    const signed = Buffer.concat([
      Buffer.from(`gatehouse-command/1\n${TOPIC}\ndispatch-1\nj.alvarez\n2026-11-23T13:45:00.000Z\n0b5e1c7a-0000-4000-8000-000000000001\n`),
      REQUEST,
    ]);
    expect(verify(null, signed, key.publicKey, Buffer.from(header.sig ?? "", "base64"))).toBe(true);
  });

  it("reads back as a view on the payload and verifies for its topic only", async () => {
    const payload = signCommand(signer, TOPIC, REQUEST, AT);
    const command = readSignedCommand(payload);
    if (command === null) throw new Error("not read as signed");
    expect(command.request.buffer).toBe(payload.buffer);
    expect(await verifyCommand(command, TOPIC, key.publicKey)).toBe(true);
    expect(await verifyCommand(command, "gatehouse/other-es/request/mode", key.publicKey)).toBe(false);
    expect(await verifyCommand(command, TOPIC, operatorKey("x", "observer").publicKey)).toBe(false);
    expect(await verifyCommand({ ...command, header: { ...command.header, operator: "someone.else" } }, TOPIC, key.publicKey)).toBe(false);
  });

  it("verifies a large request off the main thread alike", async () => {
    const big = Buffer.from(JSON.stringify({ transaction: "t2", pad: "x".repeat(ASYNC_VERIFY_BYTES * 4) }));
    const command = readSignedCommand(signCommand(signer, TOPIC, big, AT));
    if (command === null) throw new Error("not read as signed");
    expect(await verifyCommand(command, TOPIC, key.publicKey)).toBe(true);
    const flipped = Buffer.from(command.request);
    flipped.writeUInt8(flipped.readUInt8(100) ^ 1, 100);
    expect(await verifyCommand({ ...command, request: flipped }, TOPIC, key.publicKey)).toBe(false);
  });

  it.each([
    ["a request as a local client sends it", REQUEST],
    ["pretty-printed JSON", Buffer.from('{\n  "transaction": "t1"\n}')],
    ["a header without a signature", Buffer.from('{"v":1,"key_id":"k","operator":"o","issued_at":"2026-11-23T13:45:00Z","id":"abcdefgh"}\n{}')],
    ["a header line too long to be one", Buffer.from(`${" ".repeat(MAX_HEADER_BYTES)}{}\n{}`)],
  ])("reads %s as unsigned", (_what, payload) => {
    expect(readSignedCommand(payload)).toBeNull();
  });

  it("refuses to sign an operator name that would make the signed bytes ambiguous", () => {
    expect(() => signCommand(key.signer("j.alvarez\ngatehouse"), TOPIC, REQUEST, AT)).toThrow();
  });
});

describe("district keys in files", () => {
  it("are read from PEM or raw base64, public and private alike", () => {
    const spki = key.publicKey.export({ format: "der", type: "spki" });
    const pkcs8 = key.privateKey.export({ format: "der", type: "pkcs8" });
    const pub = parsePublicKey(`${spki.subarray(-32).toString("base64")}\n`);
    const priv = parsePrivateKey(pkcs8.subarray(-32).toString("base64"));
    expect(pub.equals(key.publicKey)).toBe(true);
    expect(parsePublicKey(key.publicKey.export({ format: "pem", type: "spki" }) as string).equals(key.publicKey)).toBe(true);
    const fromPem = parsePrivateKey(key.privateKey.export({ format: "pem", type: "pkcs8" }) as string);
    expect(verify(null, REQUEST, key.publicKey, sign(null, REQUEST, priv))).toBe(true);
    expect(verify(null, REQUEST, key.publicKey, sign(null, REQUEST, fromPem))).toBe(true);
  });

  it.each([["not a key"], ["c2hvcnQ="]])("refuse %j", (text) => {
    expect(() => parsePublicKey(text)).toThrow(/neither a PEM key nor a base64 raw Ed25519 key/);
    expect(() => parsePrivateKey(text)).toThrow(/neither a PEM key nor a base64 raw Ed25519 key/);
  });
});
