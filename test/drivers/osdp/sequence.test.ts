import { describe, expect, it } from "vitest";
import { Reply } from "../../../src/drivers/osdp/codes.js";
import type { Sequence } from "../../../src/drivers/osdp/frame.js";
import { checkReplySequence, nextSequence } from "../../../src/drivers/osdp/sequence.js";

describe("OSDP sequence numbers", () => {
  it("start at 0 after a reset, then cycle 1→2→3→1 without returning to 0", () => {
    const seen: Sequence[] = [];
    let s: Sequence | null = null;
    for (let i = 0; i < 8; i++) seen.push((s = nextSequence(s)));
    expect(seen).toEqual([0, 1, 2, 3, 1, 2, 3, 1]);
  });

  it("accept a reply that echoes its command", () => {
    for (const s of [0, 1, 2, 3] as const) {
      expect(checkReplySequence(s, { sequence: s, code: Reply.ACK })).toEqual({ ok: true, busy: false });
    }
  });

  it("treat a wrong sequence as an error, zero included unless the reply is BUSY", () => {
    expect(checkReplySequence(2, { sequence: 3, code: Reply.ACK })).toEqual({ ok: false, expected: 2, got: 3 });
    expect(checkReplySequence(1, { sequence: 0, code: Reply.ACK })).toEqual({ ok: false, expected: 1, got: 0 });
    expect(checkReplySequence(0, { sequence: 1, code: Reply.PDID })).toEqual({ ok: false, expected: 0, got: 1 });
    expect(checkReplySequence(3, { sequence: 0, code: Reply.BUSY })).toEqual({ ok: true, busy: true });
    expect(checkReplySequence(3, { sequence: 2, code: Reply.BUSY })).toEqual({ ok: false, expected: 3, got: 2 });
  });
});
