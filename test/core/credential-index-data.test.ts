import { once } from "node:events";
import { MessageChannel } from "node:worker_threads";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { credentialKey, decodeBits, encodeBits, keyOfDecoded } from "../../src/core/badge.js";
import { type BadgeKey, type CredentialIndexData, type CredentialRecord, CredentialIndex, type KnownFormat, NOT_FOUND, transferList } from "../../src/core/credential-index/credential-index.js";
import { ROLES } from "../../src/core/model.js";
import { FIELD_WIDTHS, holder, known } from "../helpers/badge-fixtures.js";
import { cleanupsAfterEach } from "../helpers/cleanups.js";

/** Looks a badge up the way a read would reach the index. */
function find(index: CredentialIndex, b: BadgeKey): number {
  if ("digits" in b) return index.findDigits(b.digits);
  if ("bits" in b) return index.findRaw(b.bits);
  return index.findKnown(b.format, b.facility, b.number);
}

/** Every typed array under `data`, with its path. */
function arraysIn(data: object, path = ""): [string, ArrayBufferView][] {
  return Object.entries(data).flatMap(([key, value]): [string, ArrayBufferView][] => {
    if (ArrayBuffer.isView(value)) return [[`${path}${key}`, value]];
    return typeof value === "object" && value !== null ? arraysIn(value, `${path}${key}.`) : [];
  });
}

const knownBadge: fc.Arbitrary<BadgeKey> = fc.constantFrom<KnownFormat>("h10301", "corp1000", "h10304").chain((format) => {
  const [fw, nw] = FIELD_WIDTHS[format];
  return fc.record({ format: fc.constant(format), facility: fc.nat(2 ** fw - 1), number: fc.nat(2 ** nw - 1) });
});
const bitsBadge: fc.Arbitrary<BadgeKey> = fc
  .oneof(fc.integer({ min: 1, max: 48 }), fc.constantFrom(26, 35, 37))
  .chain((n) => fc.array(fc.constantFrom("0", "1"), { minLength: n, maxLength: n }))
  .map((a) => ({ bits: a.join("") }));
const digitsBadge: fc.Arbitrary<BadgeKey> = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.stringMatching(/^[0-9]{1,12}$/))
  .map(([zeros, d]) => ({ digits: "0".repeat(zeros) + d }));
const holderId = fc.oneof(fc.constantFrom("élève-1", "学生", "h-🐢", "", "n°5"), fc.string({ unit: "binary", maxLength: 12 }), fc.stringMatching(/^h[0-9]{1,7}$/));
const time = fc.option(fc.integer({ min: 0, max: 2 ** 45 }), { nil: null });

const holderArb: fc.Arbitrary<CredentialRecord> = fc.record({
  holderId,
  role: fc.constantFrom(...ROLES),
  status: fc.constantFrom("active", "suspended", "lost"),
  validFrom: time,
  validUntil: time,
  profile: fc.nat(65535),
  pin: fc.option(fc.stringMatching(/^[0-9]{1,8}$/), { nil: null }),
  extendedUnlock: fc.boolean(),
  badges: fc.array(fc.oneof(knownBadge, bitsBadge, digitsBadge), { maxLength: 4 }),
});

/** A badge's identity as the index sees it (badge.ts keys): raw bits with valid parity as their format, digits without leading zeros. */
function referenceKey(b: BadgeKey): string {
  if ("digits" in b) return `digits:${b.digits.replace(/^0+(?=\d)/, "")}`;
  if ("bits" in b) return keyOfDecoded(decodeBits(b.bits)) ?? `raw:${b.bits}`;
  return credentialKey(b.format, b.facility, b.number);
}

/** Random holders, a badge another holder already took dropped (so that the list builds). */
const holders = fc.array(holderArb, { maxLength: 40 }).map((list) => {
  const owner = new Map<string, number>();
  return list.map((r, slot) => {
    const badges = r.badges.filter((b) => {
      const key = referenceKey(b);
      if ((owner.get(key) ?? slot) !== slot) return false;
      owner.set(key, slot);
      return true;
    });
    return { ...r, badges };
  });
});

/** Same answers from both indexes for every field of every slot and every probe. */
function expectSameIndex(got: CredentialIndex, want: CredentialIndex, probes: readonly BadgeKey[]): void {
  expect([got.holderCount, got.badgeCount]).toEqual([want.holderCount, want.badgeCount]);
  expect([...got.records()]).toEqual([...want.records()]);
  for (const b of probes) expect(find(got, b)).toBe(find(want, b));
  for (let s = 0; s < want.holderCount; s++) {
    expect([got.holderId(s), got.pin(s), got.validFrom(s), got.validUntil(s)]).toEqual([want.holderId(s), want.pin(s), want.validFrom(s), want.validUntil(s)]);
  }
}

describe("CredentialIndex data: round trip", () => {
  it("fromData(toData()) and a structured clone of the data answer every lookup as the index does", () => {
    fc.assert(
      fc.property(holders, fc.array(fc.oneof(knownBadge, bitsBadge, digitsBadge), { maxLength: 20 }), (records, extra) => {
        const index = CredentialIndex.build(records);
        const probes = [...records.flatMap((r) => r.badges), ...extra];
        expect([...index.records()].map((r) => [r.holderId, r.pin])).toEqual(records.map((r) => [r.holderId, r.pin]));
        records.forEach((r, slot) => {
          for (const b of r.badges) expect(find(index, b)).toBe(slot);
        });
        expectSameIndex(CredentialIndex.fromData(index.toData()), index, probes);
        expectSameIndex(CredentialIndex.fromData(structuredClone(index.toData())), index, probes);
      }),
    );
  });

  it("keeps digits with leading zeros, PINs with leading zeros and non-ASCII ids", () => {
    const index = CredentialIndex.fromData(
      CredentialIndex.build([
        holder("élève-1", [{ digits: "000123" }], { pin: "0042" }),
        holder("学生", [{ bits: "1".repeat(40) }, known("h10301", 1, 2)], { pin: "0" }),
        holder("", [{ digits: "0" }]),
      ]).toData(),
    );
    expect([index.holderId(0), index.holderId(1), index.holderId(2)]).toEqual(["élève-1", "学生", ""]);
    expect([index.pin(0), index.pin(1), index.pin(2)]).toEqual(["0042", "0", null]);
    expect([index.findDigits("123"), index.findDigits("0000123"), index.findDigits("000"), index.findDigits("1230")]).toEqual([0, 0, 2, NOT_FOUND]);
    expect([index.findRaw("1".repeat(40)), index.findRaw("1".repeat(39)), index.findKnown("h10301", 1, 2)]).toEqual([1, NOT_FOUND, 1]);
  });

  it("shares arrays instead of copying them, both ways", () => {
    const index = CredentialIndex.build([holder("h1", [known("h10301", 1, 1)], { pin: "1" })]);
    const data = index.toData();
    expect(arraysIn(index.toData()).map(([, a]) => a.buffer)).toEqual(arraysIn(data).map(([, a]) => a.buffer));
    expect(arraysIn(CredentialIndex.fromData(data).toData()).map(([, a]) => a.buffer)).toEqual(arraysIn(data).map(([, a]) => a.buffer));
  });
});

describe("CredentialIndex data: transfer through a MessageChannel", () => {
  const cleanups = cleanupsAfterEach();

  const records = [
    holder("élève-1", [known("h10304", 4242, 300001), { digits: "007" }], { pin: "0042", role: "visitor", validFrom: 5, validUntil: 9 }),
    holder("学生", [{ bits: "1101" }, { bits: encodeBits("corp1000", 1001, 5000) }], { extendedUnlock: true, profile: 65535 }),
    ...Array.from({ length: 3000 }, (_, i) => holder(`h${i}`, [known("h10301", i >>> 8, i), { digits: String(10_000 + i) }])),
  ];

  it("moves every buffer to the receiver, which answers as the sender did", async () => {
    const index = CredentialIndex.build(records);
    const want = [...index.records()];
    const data = index.toData();
    const list = transferList(data);
    const sent = arraysIn(data);
    expect(new Set(list).size).toBe(list.length);
    expect(new Set(sent.map(([, a]) => a.buffer))).toEqual(new Set(list));
    const { port1, port2 } = new MessageChannel();
    cleanups.push(() => port1.close(), () => port2.close());
    const received = once(port2, "message");
    port1.postMessage(data, list);
    const [message] = (await received) as [CredentialIndexData];
    expect(sent.filter(([, a]) => a.buffer.byteLength !== 0).map(([path]) => path)).toEqual([]);
    expect(list.every((b) => b.byteLength === 0)).toBe(true);
    const there = CredentialIndex.fromData(message);
    expect([...there.records()]).toEqual(want);
    expect([there.findKnown("h10304", 4242, 300001), there.findDigits("7"), there.findRaw("1101"), there.findKnown("corp1000", 1001, 5000)]).toEqual([0, 0, 1, 1]);
    expect([there.holderId(0), there.holderId(1), there.holderId(2999 + 2), there.findDigits("12999")]).toEqual(["élève-1", "学生", "h2999", 3001]);
    expect([index.findKnown("h10304", 4242, 300001), index.findDigits("7"), index.findRaw("1101")]).toEqual([NOT_FOUND, NOT_FOUND, NOT_FOUND]);
    expect(() => index.holderId(0)).toThrow(RangeError);
    expect(() => index.role(0)).toThrow(RangeError);
  });
});

describe("CredentialIndex data: fromData refuses an inconsistent shape", () => {
  const fresh = (): CredentialIndexData =>
    CredentialIndex.build([
      holder("élève-1", [known("h10301", 1, 1), { digits: "42" }], { pin: "12" }),
      holder("h2", [{ bits: "101" }], { pin: "3" }),
    ]).toData();
  type Data = Record<string, unknown> & CredentialIndexData;
  const cases: [string, (d: Data) => unknown, string][] = [
    ["not an object", () => null, "data is not an object"],
    ["a number", () => 42, "data is not an object"],
    ["no holder count", (d) => ({ ...d, holderCount: undefined }), "holderCount"],
    ["a fractional holder count", (d) => ({ ...d, holderCount: 1.5 }), "holderCount"],
    ["more holders than the columns hold", (d) => ({ ...d, holderCount: 3 }), "columns.role"],
    ["a column of the wrong kind", (d) => ({ ...d, columns: { ...d.columns, profile: new Uint8Array(2) } }), "columns.profile"],
    ["a column as a plain array", (d) => ({ ...d, columns: { ...d.columns, validFrom: [0, 0] } }), "columns.validFrom"],
    ["a truncated column", (d) => ({ ...d, columns: { ...d.columns, flags: d.columns.flags.subarray(0, 1) } }), "columns.flags"],
    ["no ids", (d) => ({ ...d, ids: undefined }), "ids is not an object"],
    ["truncated id ends", (d) => ({ ...d, ids: { ...d.ids, ends: d.ids.ends.subarray(0, 1) } }), "ids.ends"],
    ["truncated id bytes", (d) => ({ ...d, ids: { ...d.ids, bytes: d.ids.bytes.subarray(0, (d.ids.ends[1] ?? 0) - 1) } }), "ids.ends run past ids.bytes"],
    ["an id count that is not the holder count", (d) => ({ ...d, ids: { ...d.ids, count: 1 } }), "ids.count"],
    ["truncated PIN ends", (d) => ({ ...d, pins: { ...d.pins, ends: new Uint32Array(1) } }), "pins.ends"],
    ["a badge table that is not a power of two", (d) => ({ ...d, badges: { ...d.badges, table: d.badges.table.subarray(2) } }), "badges.table"],
    ["a badge table over half full", (d) => ({ ...d, badges: { ...d.badges, count: d.badges.table.length } }), "badges.table"],
    ["no badge count", (d) => ({ ...d, badges: { table: d.badges.table } }), "badges.count"],
    ["truncated key owners", (d) => ({ ...d, keys: { ...d.keys, owners: d.keys.owners.subarray(0, 1) } }), "keys.owners"],
    ["a key count past the key ends", (d) => ({ ...d, keys: { ...d.keys, keys: { ...d.keys.keys, count: d.keys.keys.ends.length + 1 } } }), "keys"],
    ["id bytes transferred away", (d) => (structuredClone(d.ids.bytes.buffer, { transfer: [d.ids.bytes.buffer] }), d), "ids.ends run past ids.bytes"],
  ];

  it.each(cases)("rejects %s with a RangeError naming the part", (_, spoil, part) => {
    const data = spoil(fresh() as Data);
    expect(() => CredentialIndex.fromData(data)).toThrow(RangeError);
    expect(() => CredentialIndex.fromData(data)).toThrow(part);
  });

  it("accepts the same data unspoiled", () => {
    expect(CredentialIndex.fromData(fresh()).findDigits("042")).toBe(0);
  });
});

describe("CredentialIndex data: raw and digits badges held in bytes", () => {
  it("rejects a raw or digits badge given to two holders, naming both, wherever the first sits", () => {
    for (const first of [0, 1023, 1024, 4000]) {
      const list = Array.from({ length: 4001 }, (_, i) => holder(`g${i}`, [{ bits: i.toString(2) + "01" }, { digits: String(i) }]));
      const bits = holder("late", [{ bits: first.toString(2) + "01" }]);
      const digits = holder("late", [{ digits: `000${first}` }]);
      expect(() => CredentialIndex.build([...list, bits])).toThrow(`holder "late": a raw badge is also given to "g${first}"`);
      expect(() => CredentialIndex.build([...list, digits])).toThrow(`holder "late": a digits badge is also given to "g${first}"`);
    }
  });

  it("names a non-ASCII first holder", () => {
    const attempt = (): CredentialIndex => CredentialIndex.build([holder("学生", [{ digits: "9" }]), holder("élève-1", [{ digits: "09" }])]);
    expect(attempt).toThrow(RangeError);
    expect(attempt).toThrow('holder "élève-1": a digits badge is also given to "学生"');
  });

  it("lets one holder list a raw or digits badge twice", () => {
    const index = CredentialIndex.build([holder("h", [{ bits: "11" }, { bits: "11" }, { digits: "5" }, { digits: "005" }])]);
    expect([index.badgeCount, index.findRaw("11"), index.findDigits("5")]).toEqual([2, 0, 0]);
  });

  it("grows ids, PINs and keys past a builder's first guess and reads them all back", () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      holder(`élève-${"x".repeat(i % 40)}-${i}`, [{ bits: `1${i.toString(2)}` }, { digits: `0${i}` }], { pin: i % 3 === 0 ? String(i).padStart(12, "0") : null }),
    );
    for (const expected of [0, 10, 3000]) {
      const builder = CredentialIndex.builder(expected);
      for (const r of many) builder.add(r);
      const index = builder.finish();
      const wrong = many.filter((r, s) => index.holderId(s) !== r.holderId || index.pin(s) !== r.pin || index.findDigits(String(s)) !== s);
      expect(wrong).toEqual([]);
      expect(many.filter((r, s) => find(index, r.badges[0] as BadgeKey) !== s)).toEqual([]);
    }
  });

  it("refuses an id with a lone surrogate, which UTF-8 cannot hold", () => {
    const attempt = (): CredentialIndex => CredentialIndex.build([holder("h\uD800", [])]);
    expect(attempt).toThrow(RangeError);
    expect(attempt).toThrow("lone surrogate");
    expect(CredentialIndex.build([holder("h\uD83D\uDC22", [])]).holderId(0)).toBe("h🐢");
  });
});
