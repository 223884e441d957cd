import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { credentialKey, decodeBits, keyOfDecoded } from "../../src/core/badge.js";
import { type BadgeKey, type CredentialRecord, CredentialIndex, type KnownFormat, NOT_FOUND } from "../../src/core/credential-index/credential-index.js";
import { FIELD_WIDTHS, holder } from "../helpers/badge-fixtures.js";

/**
 * The reference: the string keys the core used before the index (badge.ts credentialKey), in a Map.
 * A raw badge whose parity holds keys as its decoded format; digits key without leading zeros.
 */
function referenceKey(b: BadgeKey): string {
  if ("digits" in b) return `digits:${b.digits.replace(/^0+(?=\d)/, "")}`;
  if ("bits" in b) return keyOfDecoded(decodeBits(b.bits)) ?? `raw:${b.bits}`;
  return credentialKey(b.format, b.facility, b.number);
}

/** Looks a badge up the way a read would reach the index. */
function find(index: CredentialIndex, b: BadgeKey): number {
  if ("digits" in b) return index.findDigits(b.digits);
  if ("bits" in b) return index.findRaw(b.bits);
  return index.findKnown(b.format, b.facility, b.number);
}

const knownBadge: fc.Arbitrary<BadgeKey> = fc
  .constantFrom<KnownFormat>("h10301", "corp1000", "h10304")
  .chain((format) => {
    const [fw, nw] = FIELD_WIDTHS[format];
    // Small fields half of the time, so that records collide and the duplicate path is exercised.
    const field = (w: number): fc.Arbitrary<number> => fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 ** w - 1 }));
    return fc.record({ format: fc.constant(format), facility: field(fw), number: field(nw) });
  });

const bitsBadge: fc.Arbitrary<BadgeKey> = fc
  .oneof(fc.integer({ min: 1, max: 40 }), fc.constantFrom(26, 35, 37))
  .chain((n) => fc.array(fc.constantFrom("0", "1"), { minLength: n, maxLength: n }))
  .map((a) => ({ bits: a.join("") }));

const digitsBadge: fc.Arbitrary<BadgeKey> = fc
  .tuple(fc.integer({ min: 0, max: 3 }), fc.stringMatching(/^[0-9]{1,6}$/))
  .map(([zeros, d]) => ({ digits: "0".repeat(zeros) + d }));

const badge = fc.oneof(knownBadge, knownBadge, bitsBadge, digitsBadge);

const record = (holderId: string, badges: BadgeKey[]): CredentialRecord => holder(holderId, badges, { role: "student" });

/** Random holders whose badges never collide across holders: a badge already taken is dropped. */
const recordSet = fc.array(fc.array(badge, { maxLength: 4 }), { maxLength: 60 }).map((lists) => {
  const owner = new Map<string, number>();
  const records = lists.map((list, slot) => {
    const kept = list.filter((b) => {
      const key = referenceKey(b);
      if ((owner.get(key) ?? slot) !== slot) return false;
      owner.set(key, slot);
      return true;
    });
    return record(`holder-${slot}`, kept);
  });
  return { records, owner };
});

describe("CredentialIndex against a Map of string keys", () => {
  it("finds every badge of every holder, and nothing else", () => {
    fc.assert(
      fc.property(recordSet, fc.array(badge, { maxLength: 40 }), ({ records, owner }, probes) => {
        const index = CredentialIndex.build(records);
        expect(index.holderCount).toBe(records.length);
        expect(index.badgeCount).toBe(owner.size);
        records.forEach((r, slot) => {
          for (const b of r.badges) expect(find(index, b)).toBe(slot);
        });
        for (const b of probes) expect(find(index, b)).toBe(owner.get(referenceKey(b)) ?? NOT_FOUND);
      }),
    );
  });

  it("refuses a badge given to a second holder, naming both", () => {
    fc.assert(
      fc.property(recordSet, badge, fc.nat(), ({ records, owner }, b, pick) => {
        fc.pre(owner.size > 0);
        const [key, slot] = [...owner][pick % owner.size] ?? ["", 0];
        const taken = records[slot]?.badges.find((x) => referenceKey(x) === key);
        fc.pre(taken !== undefined);
        const intruder = record("intruder", [b, taken as BadgeKey]);
        const attempt = (): CredentialIndex => CredentialIndex.build([...records, intruder]);
        const first = owner.get(referenceKey(b));
        const expectedOwner = first !== undefined ? first : slot;
        expect(attempt).toThrow(RangeError);
        expect(attempt).toThrow(`holder "intruder": `);
        expect(attempt).toThrow(`"holder-${expectedOwner}"`);
      }),
    );
  });

  it("gives back records that rebuild to the same index", () => {
    fc.assert(
      fc.property(recordSet, ({ records }) => {
        const once = [...CredentialIndex.build(records).records()];
        expect(once.map((r) => r.holderId)).toEqual(records.map((r) => r.holderId));
        expect([...CredentialIndex.build(once).records()]).toEqual(once);
        once.forEach((r, slot) => {
          const want = new Set(records[slot]?.badges.map(referenceKey));
          expect(new Set(r.badges.map(referenceKey))).toEqual(want);
        });
      }),
    );
  });
});
