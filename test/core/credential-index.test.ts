import { describe, expect, it } from "vitest";
import { encodeBits } from "../../src/core/badge.js";
import { type BadgeKey, type CredentialRecord, CredentialIndex, type KnownFormat, NOT_FOUND } from "../../src/core/credential-index/credential-index.js";
import { flip, hexBits, holder, known } from "../helpers/badge-fixtures.js";

/** Field maxima per format, from REFERENCE.md "Badge formats". */
const MAX: Record<KnownFormat, [number, number]> = {
  h10301: [255, 65535],
  corp1000: [4095, 1048575],
  h10304: [65535, 524287],
};

describe("CredentialIndex: known formats", () => {
  const cases: [KnownFormat, number, number][] = [
    ["h10301", 0, 0],
    ["h10301", 123, 45678],
    ["h10301", ...MAX.h10301],
    ["corp1000", 0, 1],
    ["corp1000", 1001, 5000],
    ["corp1000", ...MAX.corp1000],
    ["h10304", 4096, 7], // facility bit 12 set: lands in the high word of the packing
    ["h10304", 4242, 300001],
    ["h10304", ...MAX.h10304],
  ];
  const index = CredentialIndex.build(cases.map(([f, fc, cn], i) => holder(`h${i}`, [known(f, fc, cn)])));

  it.each(cases.map((c, i) => [...c, i] as const))("%s FC %i CN %i is slot %i", (format, facility, number, slot) => {
    expect(index.findKnown(format, facility, number)).toBe(slot);
    expect(index.holderId(slot)).toBe(`h${slot}`);
    expect(index.findRaw(encodeBits(format, facility, number))).toBe(slot);
  });

  it("counts holders and badges", () => {
    expect([index.holderCount, index.badgeCount]).toEqual([cases.length, cases.length]);
  });

  it("keeps formats and neighbouring fields apart", () => {
    expect(index.findKnown("corp1000", 123, 45678)).toBe(NOT_FOUND);
    expect(index.findKnown("h10304", 123, 45678)).toBe(NOT_FOUND);
    expect(index.findKnown("h10304", 0, 7)).toBe(NOT_FOUND); // 4096 without its high bit
    expect(index.findKnown("h10301", 123, 45679)).toBe(NOT_FOUND);
    expect(index.findKnown("h10301", 124, 45678)).toBe(NOT_FOUND);
  });

  it("answers NOT_FOUND for fields a format cannot hold instead of aliasing another badge", () => {
    // FC 256 in H10301 would alias FC 0 if the facility were masked to 8 bits.
    expect(index.findKnown("h10301", 256, 0)).toBe(NOT_FOUND);
    expect(index.findKnown("h10301", 0, 65536)).toBe(NOT_FOUND);
    expect(index.findKnown("corp1000", 4096 + 1001, 5000)).toBe(NOT_FOUND);
    expect(index.findKnown("h10304", 4242, 300001 + 524288)).toBe(NOT_FOUND);
    for (const bad of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32]) {
      expect(index.findKnown("h10301", bad, 0)).toBe(NOT_FOUND);
      expect(index.findKnown("h10301", 0, bad)).toBe(NOT_FOUND);
    }
    expect(index.findKnown("wiegand" as KnownFormat, 0, 0)).toBe(NOT_FOUND);
  });
});

describe("CredentialIndex: raw bits and digits", () => {
  const STAFF = hexBits(26, "0x2F764DD"); // REFERENCE.md: H10301 FC 123 / CN 45678
  const BAD_PARITY = flip(encodeBits("h10301", 7, 7), 1);
  const RAW48 = "1".repeat(20) + "0".repeat(28);
  const index = CredentialIndex.build([
    holder("h-staff", [{ bits: STAFF }]),
    holder("h-odd", [{ bits: BAD_PARITY }, { bits: RAW48 }]),
    holder("h-wedge", [{ digits: "0045" }, { digits: "000" }]),
  ]);

  it("indexes a raw 26-bit badge with valid parity as H10301, so a decoded read matches it", () => {
    expect(index.findKnown("h10301", 123, 45678)).toBe(0);
    expect(index.findRaw(STAFF)).toBe(0);
  });

  it("keeps a raw badge whose parity fails as raw bits: only the same bits find it", () => {
    expect(index.findRaw(BAD_PARITY)).toBe(1);
    expect(index.findKnown("h10301", 7, 7)).toBe(NOT_FOUND);
    expect(index.findRaw(encodeBits("h10301", 7, 7))).toBe(NOT_FOUND);
  });

  it("finds raw bits of other lengths exactly", () => {
    expect(index.findRaw(RAW48)).toBe(1);
    expect(index.findRaw(`0${RAW48}`)).toBe(NOT_FOUND);
    expect(index.findRaw(RAW48.slice(1))).toBe(NOT_FOUND);
    expect(index.findRaw("")).toBe(NOT_FOUND);
    expect(index.findRaw("2".repeat(26))).toBe(NOT_FOUND);
  });

  it("ignores leading zeros of keyboard-wedge digits", () => {
    for (const d of ["45", "045", "0000045"]) expect(index.findDigits(d)).toBe(2);
    for (const d of ["0", "00", "0000"]) expect(index.findDigits(d)).toBe(2);
    for (const d of ["450", "4", "", "4 5", "-45", "4.5"]) expect(index.findDigits(d)).toBe(NOT_FOUND);
  });

  it("keeps digits and bits apart", () => {
    expect(index.findRaw("45")).toBe(NOT_FOUND);
    expect(index.findDigits(RAW48)).toBe(NOT_FOUND);
    expect(index.badgeCount).toBe(5);
  });
});

describe("CredentialIndex: build errors", () => {
  const rejects = (records: CredentialRecord[], ...parts: string[]): void => {
    const attempt = (): CredentialIndex => CredentialIndex.build(records);
    expect(attempt).toThrow(RangeError);
    for (const part of parts) expect(attempt).toThrow(part);
  };

  it("rejects a known badge given to two holders, naming both", () => {
    rejects([holder("h-a", [known("h10301", 1, 2)]), holder("h-b", [known("h10301", 1, 2)])], '"h-b"', '"h-a"');
  });

  it("rejects a raw badge that decodes to another holder's badge, naming both", () => {
    const bits = encodeBits("corp1000", 1001, 5000);
    rejects([holder("h-a", [known("corp1000", 1001, 5000)]), holder("h-b", [{ bits }])], '"h-b"', '"h-a"');
  });

  it("rejects shared raw bits and digits that differ only in leading zeros", () => {
    rejects([holder("h-a", [{ bits: "101" }]), holder("h-b", [{ bits: "101" }])], '"h-b"', '"h-a"');
    rejects([holder("h-a", [{ digits: "7" }]), holder("h-b", [{ digits: "007" }])], '"h-b"', '"h-a"');
  });

  it("counts a badge listed twice for one holder once", () => {
    const bits = encodeBits("h10301", 9, 9);
    const index = CredentialIndex.build([holder("h-a", [known("h10301", 9, 9), { bits }, { digits: "1" }, { digits: "01" }])]);
    expect([index.badgeCount, index.findKnown("h10301", 9, 9), index.findDigits("1")]).toEqual([2, 0, 0]);
  });

  it.each([
    [known("h10301", 256, 1), "facility 256"],
    [known("corp1000", 4096, 1), "facility 4096"],
    [known("h10304", 65536, 1), "facility 65536"],
    [known("h10301", -1, 1), "facility -1"],
    [known("h10301", 1.5, 1), "facility 1.5"],
    [known("h10301", 1, 65536), "number 65536"],
    [known("corp1000", 1, 1048576), "number 1048576"],
    [known("h10304", 1, 524288), "number 524288"],
    [{ format: "wiegand", facility: 1, number: 1 } as unknown as BadgeKey, "unknown badge format"],
    [{ bits: "" }, "raw badge"],
    [{ bits: "0120" }, "raw badge"],
    [{ bits: "1".repeat(257) }, "raw badge"],
    [{ digits: "12a" }, "digits"],
    [{ digits: "" }, "digits"],
  ])("rejects %o naming the holder", (badge, why) => {
    rejects([holder("h-ok", [known("h10301", 1, 1)]), holder("h-bad", [badge])], '"h-bad"', why);
  });

  it.each([
    [{ profile: 65536 }, "profile"],
    [{ profile: -1 }, "profile"],
    [{ role: "janitor" as CredentialRecord["role"] }, "role"],
    [{ role: "toString" as CredentialRecord["role"] }, "role"],
    [{ status: "gone" as CredentialRecord["status"] }, "status"],
    [{ validFrom: Number.NaN }, "validity"],
    [{ validUntil: Number.POSITIVE_INFINITY }, "validity"],
    [{ pin: "12 34" }, "PIN"],
  ])("rejects holder fields %o", (extra, why) => {
    rejects([holder("h-bad", [known("h10301", 1, 1)], extra)], '"h-bad"', why);
  });
});

describe("CredentialIndex: holder fields and records", () => {
  const records: CredentialRecord[] = [
    holder("h-visitor", [known("h10304", 4242, 300001)], {
      role: "visitor",
      validFrom: Date.UTC(2025, 8, 1),
      validUntil: Date.UTC(2025, 8, 2),
      profile: 65535,
      pin: "0042",
      extendedUnlock: true,
    }),
    holder("h-lost", [{ digits: "0099" }, known("corp1000", 5, 6), { bits: "1101" }, known("h10301", 5, 6)], {
      role: "responder",
      status: "lost",
      profile: 7,
    }),
    holder("h-none", [], { status: "suspended", role: "contractor" }),
  ];
  const index = CredentialIndex.build(records);

  it("reads every field back by slot", () => {
    expect([index.holderId(0), index.role(0), index.status(0), index.profile(0)]).toEqual(["h-visitor", "visitor", "active", 65535]);
    expect([index.validFrom(0), index.validUntil(0), index.pin(0), index.extendedUnlock(0)]).toEqual([
      Date.UTC(2025, 8, 1),
      Date.UTC(2025, 8, 2),
      "0042",
      true,
    ]);
    expect([index.role(1), index.status(1), index.validFrom(1), index.validUntil(1), index.pin(1), index.extendedUnlock(1)]).toEqual(
      ["responder", "lost", null, null, null, false],
    );
    expect([index.holderId(2), index.status(2), index.role(2)]).toEqual(["h-none", "suspended", "contractor"]);
  });

  it("gives back holder ids of any length and alphabet exactly", () => {
    const ids = ["", "x", "h-żółw-🐢", "a".repeat(300), "n°5"];
    const index = CredentialIndex.build(ids.map((id, i) => holder(id, [known("h10301", 3, i)])));
    expect(ids.map((_, slot) => index.holderId(slot))).toEqual(ids);
    expect(index.holderId(index.findKnown("h10301", 3, 2))).toBe("h-żółw-🐢");
  });

  it("throws RangeError for a slot that is no holder's", () => {
    for (const slot of [NOT_FOUND, 3, 0.5, Number.NaN]) expect(() => index.holderId(slot)).toThrow(RangeError);
    expect(() => index.role(3)).toThrow(RangeError);
  });

  it("gives records back in slot order and canonical badge order, and rebuilds to the same index", () => {
    const out = [...index.records()];
    expect(out).toEqual([
      records[0],
      { ...records[1], badges: [known("h10301", 5, 6), known("corp1000", 5, 6), { digits: "99" }, { bits: "1101" }] },
      records[2],
    ]);
    expect([...CredentialIndex.build(out).records()]).toEqual(out);
  });

  it("gives a raw badge with valid parity back in its decoded format", () => {
    const bits = encodeBits("h10304", 1, 2);
    const [record] = [...CredentialIndex.build([holder("h", [{ bits }])]).records()];
    expect(record?.badges).toEqual([known("h10304", 1, 2)]);
  });

  it("EMPTY holds nothing", () => {
    const empty = CredentialIndex.EMPTY;
    expect([empty.holderCount, empty.badgeCount, [...empty.records()]]).toEqual([0, 0, []]);
    expect([empty.findKnown("h10301", 0, 0), empty.findRaw("1"), empty.findDigits("1")]).toEqual([NOT_FOUND, NOT_FOUND, NOT_FOUND]);
  });
});

describe("CredentialIndex: growth and step-by-step building", () => {
  /** Holders from a generator, so the builder cannot size itself from an array length. */
  function* many(n: number): Generator<CredentialRecord> {
    for (let i = 0; i < n; i++) {
      yield holder(`g${i}`, [known("h10304", i % 300, i), { digits: String(10_000_000 + i) }], { profile: i % 65536 });
    }
  }

  it("grows columns and table past their first size and still finds every badge", () => {
    const n = 5000;
    const index = CredentialIndex.build(many(n));
    expect([index.holderCount, index.badgeCount]).toEqual([n, 2 * n]);
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      if (index.findKnown("h10304", i % 300, i) !== i || index.findDigits(String(10_000_000 + i)) !== i) wrong++;
      if (index.profile(i) !== i % 65536 || index.holderId(i) !== `g${i}`) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it("names the first holder of a shared badge wherever that holder sits in the list", () => {
    for (const first of [5, 1023, 1024, 2999]) {
      const late = holder("late", [known("h10304", first % 300, first)]);
      expect(() => CredentialIndex.build([...many(3000), late])).toThrow(`holder "late": a h10304 badge is also given to "g${first}"`);
    }
  });

  it("builds the same index step by step, and refuses records once finished", () => {
    const builder = CredentialIndex.builder(10);
    for (const r of many(100)) builder.add(r);
    const index = builder.finish();
    expect([...index.records()]).toEqual([...CredentialIndex.build(many(100)).records()]);
    expect(() => builder.add(holder("late", [known("h10301", 1, 1)]))).toThrow(RangeError);
    expect(() => builder.finish()).toThrow(RangeError);
    expect([index.holderCount, index.holderId(99)]).toEqual([100, "g99"]);
  });
});
