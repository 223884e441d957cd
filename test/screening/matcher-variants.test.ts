import { describe, expect, it } from "vitest";
import { soundedForms } from "../../src/screening/nicknames.js";
import { slavicCodes } from "../../src/screening/phonetic-codes.js";
import { screen } from "../../src/screening/screen.js";
import { WatchIndexBuilder } from "../../src/screening/watch-index.js";
import { WatchEntry } from "../../src/screening/watch-schemas.js";

const listed = (id: string, given: string, family: string, dob: string) => WatchEntry.parse({ id, given, family, dob, other_names: [], category: "custody_order" });

const builder = new WatchIndexBuilder(4);
for (const e of [
  listed("w-1", "Robert", "Dunmore", "1980-03-07"),
  listed("w-2", "Bob", "Hartley", "1977-05-19"),
  listed("w-3", "Christian", "Whitcombe", "1991-12-02"),
  listed("w-4", "Tomasz", "Kowalczyk", "1979-06-21"),
  listed("w-5", "Yevgeny", "Schwartz", "1968-02-27"),
  listed("w-6", "James", "Pellow", "1985-08-30"),
  listed("w-7", "Robert", "Garcia", "1980-03-07"),
]) {
  builder.add(e);
}
const list = builder.finish();

/** The rules of a screening that held `entry`, or "clear". */
function rules(given: string, family: string, dob: string, entry: string): readonly string[] | "clear" {
  const r = screen(list, { given, family, dob });
  if (r.result === "clear") return "clear";
  return r.matches.find((m) => m.entry === entry)?.rules ?? "clear";
}

describe("screening on spelling variants", () => {
  it("maps a misspelled nickname, or a misspelled full name, by the sound of the table's forms", () => {
    expect(rules("Bobbie", "Dunmore", "1980-03-07", "w-1")).toEqual(["dob_exact", "family_exact", "given_nickname_sound"]);
    expect(rules("Robbert", "Hartley", "1977-05-19", "w-2")).toEqual(["dob_exact", "family_exact", "given_nickname_sound"]);
    expect(rules("Jimm", "Pellow", "1985-08-30", "w-6")).toEqual(["dob_exact", "family_exact", "given_nickname_sound"]);
    expect(soundedForms("bobbie")).toEqual(["bobbie", "robert"]);
  });

  it("does not map by the secondary code, which reads a J as in Spanish (Jim as Amy)", () => {
    expect(rules("Amy", "Pellow", "1985-08-30", "w-6")).toBe("clear");
    expect(soundedForms("amy")).toEqual(["amy"]);
  });

  it("holds a given name that is the start of the listed one, from 3 letters on", () => {
    expect(rules("Chris", "Whitcombe", "1991-12-02", "w-3")).toEqual(["dob_exact", "family_exact", "given_short_form"]);
    expect(rules("Chr", "Whitcombe", "1991-12-02", "w-3")).toEqual(["dob_exact", "family_exact", "given_short_form"]);
    expect(rules("Ch", "Whitcombe", "1991-12-02", "w-3")).toBe("clear");
    expect(rules("Christa", "Whitcombe", "1991-12-02", "w-3")).toBe("clear");
    expect(rules("Chris", "Whitcombe", "1991-12-03", "w-3")).toBe("clear");
  });

  it("matches Eastern European surname spellings by their Daitch–Mokotoff code", () => {
    expect(rules("Tomasz", "Kovalchik", "1979-06-21", "w-4")).toEqual(["dob_exact", "family_slavic", "given_exact"]);
    expect(rules("Yevgeny", "Shvarts", "1968-02-27", "w-5")).not.toBe("clear");
    expect(rules("Tomasz", "Kovalchik", "1979-06-22", "w-4")).toBe("clear");
    expect(rules("Tomasz", "Kaminski", "1979-06-21", "w-4")).toBe("clear");
  });

  it("leaves names of the same consonants apart when neither is spelled the Slavic way", () => {
    // Daitch–Mokotoff keeps the consonants only: Garcia and Gracai share a code, and are two names.
    expect(slavicCodes("gracai")).toEqual(slavicCodes("garcia"));
    expect(rules("Robert", "Gracai", "1980-03-07", "w-7")).toBe("clear");
  });
});
