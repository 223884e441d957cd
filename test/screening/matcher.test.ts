import { describe, expect, it } from "vitest";
import { withinOneEdit } from "../../src/screening/edit-distance.js";
import { familyTokens, fold, givenTokens } from "../../src/screening/name-fold.js";
import { screen } from "../../src/screening/screen.js";
import { WatchIndex, WatchIndexBuilder } from "../../src/screening/watch-index.js";
import { WatchEntry } from "../../src/screening/watch-schemas.js";

const listed = (id: string, given: string, family: string, dob: string, other_names: { given: string; family: string }[] = []) =>
  WatchEntry.parse({ id, given, family, dob, other_names, category: "trespass_order" });

function indexOf(...entries: WatchEntry[]): WatchIndex {
  const builder = new WatchIndexBuilder(entries.length);
  for (const e of entries) builder.add(e);
  return builder.finish();
}

const list = indexOf(
  listed("w-1", "Robert James", "García-López", "1980-03-07"),
  listed("w-2", "Elizabeth", "O'Brien", "1975-11-30", [{ given: "Lisa", family: "Brennan" }]),
  listed("w-3", "Anna", "Kowalski", "1990-12-25"),
);

/** The rules of a screening that held `entry`, or "clear". */
function rules(given: string, family: string, dob: string, entry = "w-1"): readonly string[] | "clear" {
  const r = screen(list, { given, family, dob });
  if (r.result === "clear") return "clear";
  return r.matches.find((m) => m.entry === entry)?.rules ?? "clear";
}

describe("name folding", () => {
  it("drops case, accents and apostrophes and splits hyphenated names", () => {
    expect(fold("  GARCÍA-López ")).toBe("garcia lopez");
    expect(fold("Øberg Straße")).toBe("oberg strasse");
    expect(givenTokens("Marie-Zoë")).toEqual(["marie", "zoe"]);
    expect(familyTokens("O'Brien")).toEqual(["obrien"]);
    expect(familyTokens("van der Berg")).toEqual(["berg", "vanderberg"]);
  });
});

describe("withinOneEdit", () => {
  it("allows one replacement, insertion, deletion or swap of neighbours, and no more", () => {
    expect(withinOneEdit("smith", "smith")).toBe(true);
    expect(withinOneEdit("smith", "smyth")).toBe(true);
    expect(withinOneEdit("smith", "smiths")).toBe(true);
    expect(withinOneEdit("smith", "smth")).toBe(true);
    expect(withinOneEdit("smith", "msith")).toBe(true);
    expect(withinOneEdit("smith", "smiht")).toBe(true);
    expect(withinOneEdit("smith", "msiht")).toBe(false);
    expect(withinOneEdit("smith", "smithson")).toBe(false);
    expect(withinOneEdit("smith", "jones")).toBe(false);
  });
});

describe("screen", () => {
  it("holds an exact match with its id and category, and names no one", () => {
    const r = screen(list, { given: "Robert", family: "García-López", dob: "1980-03-07" });
    expect(r).toEqual({ result: "possible", matches: [{ entry: "w-1", category: "trespass_order", rules: ["dob_exact", "family_exact", "given_exact"] }] });
  });

  it("ignores case and accents", () => {
    expect(rules("ROBERT", "GARCIA", "1980-03-07")).toEqual(["dob_exact", "family_exact", "given_exact"]);
  });

  it("matches any one of hyphenated or several family names", () => {
    expect(rules("Robert", "Lopez", "1980-03-07")).toContain("family_exact");
    expect(rules("Robert", "Garcia Lopez", "1980-03-07")).toContain("family_exact");
  });

  it("matches nicknames, middle names and initials", () => {
    expect(rules("Bob", "Garcia", "1980-03-07")).toContain("given_nickname");
    expect(rules("Jim", "Garcia", "1980-03-07")).toContain("given_nickname");
    expect(rules("J.", "Garcia", "1980-03-07")).toContain("given_initial");
    expect(rules("Liz", "OBrien", "1975-11-30", "w-2")).toContain("given_nickname");
  });

  it("matches a date of birth with day and month swapped", () => {
    expect(rules("Robert", "Garcia", "1980-07-03")).toEqual(["dob_transposed", "family_exact", "given_exact"]);
  });

  it("matches one-letter typos and sound-alike spellings", () => {
    expect(rules("Robert", "Garcai", "1980-03-07")).toContain("family_typo");
    expect(rules("Robery", "Garcia", "1980-03-07")).toContain("given_typo");
    expect(rules("Ana", "Kowalsky", "1990-12-25", "w-3")).toEqual(["dob_exact", "family_phonetic", "given_phonetic"]);
  });

  it("matches names entered the other way round, and the listed other names", () => {
    expect(rules("Garcia", "Robert", "1980-03-07")).toEqual(["dob_exact", "names_swapped", "family_exact", "given_exact"]);
    expect(rules("Lisa", "Brennan", "1975-11-30", "w-2")).toEqual(["dob_exact", "family_exact", "given_exact", "other_name"]);
  });

  it("clears another date, another given name, or a second typo", () => {
    expect(rules("Robert", "Garcia", "1981-03-07")).toBe("clear");
    expect(rules("Robert", "Garcia", "1980-03-08")).toBe("clear");
    expect(rules("Hannah", "Garcia", "1980-03-07")).toBe("clear");
    expect(rules("Robert", "Gracai", "1980-03-07")).toBe("clear");
    expect(rules("Anna", "Nowak", "1990-12-25", "w-3")).toBe("clear");
  });

  it("clears everyone against an empty list", () => {
    expect(screen(WatchIndex.empty(), { given: "Robert", family: "Garcia", dob: "1980-03-07" })).toEqual({ result: "clear" });
  });
});
