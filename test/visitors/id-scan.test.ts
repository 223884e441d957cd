import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readIdScan } from "../../src/visitors/id-scan.js";

/** The text a wedge scanner types, control characters (LF, RS, CR) included. */
const scan = (name: string) => readFileSync(new URL(`../fixtures/aamva/${name}`, import.meta.url), "latin1");

describe("readIdScan", () => {
  it.each([
    ["v01-va-dl.txt", { firstName: "ANA", middleName: "LUCIA", lastName: "MORALES", dateOfBirth: "1985-03-15", idType: "driver_licence", idLast4: "8935", jurisdiction: "VA", country: "USA", version: "01", expires: "2027-03-15" }],
    ["v03-ny-id.txt", { firstName: "CHINEDU", middleName: "EMEKA", lastName: "OKAFOR", dateOfBirth: "1978-11-22", idType: "id_card", idLast4: "2187", jurisdiction: "NY", country: "USA", version: "03", expires: "2028-11-22" }],
    ["v08-ca-dl.txt", { firstName: "MINH", middleName: "THANH", lastName: "NGUYEN", dateOfBirth: "1990-04-15", idType: "driver_licence", idLast4: "9381", jurisdiction: "CA", country: "USA", version: "08", expires: "2029-04-15" }],
    ["v09-on-dl.txt", { firstName: "CLAIRE", middleName: "MARIE", lastName: "TREMBLAY", dateOfBirth: "1988-07-04", idType: "driver_licence", idLast4: "0704", jurisdiction: "ON", country: "CAN", version: "09", expires: "2030-07-04" }],
    ["v10-tx-dl.txt", { firstName: "DENISE", middleName: "RENEE", lastName: "WASHINGTON", dateOfBirth: "1982-09-03", idType: "driver_licence", idLast4: "4025", jurisdiction: "TX", country: "USA", version: "10", expires: "2031-09-03" }],
  ])("prefills a sign-in from %s", (file, prefill) => {
    expect(readIdScan(scan(file))).toEqual({ ok: true, prefill });
  });

  it("keeps only the last 4 characters of the ID number", () => {
    const result = readIdScan(scan("v08-ca-dl.txt"));
    expect(JSON.stringify(result)).not.toContain("Y4729381");
  });

  it("reads a scan whose wedge dropped the control characters before the file type", () => {
    const text = scan("v10-tx-dl.txt").replace("@\n\x1e\r", "@");
    expect(readIdScan(text)).toMatchObject({ ok: true, prefill: { lastName: "WASHINGTON" } });
  });

  it("says a scan cut short is truncated", () => {
    expect(readIdScan(scan("partial-v10-tx-dl.txt"))).toMatchObject({ ok: false, reason: "truncated" });
  });

  it("names the missing elements of a card that lacks them, not their values", () => {
    const text = scan("v08-ca-dl.txt").replace(/DBB\d+\n/, "").replace(/DAQ\w+\n/, "");
    const sub = text.replace(/DL(\d{4})(\d{4})/, (_m, off: string, len: string) => `DL${off}${String(Number(len) - 24).padStart(4, "0")}`);
    expect(readIdScan(sub)).toEqual({ ok: false, reason: "incomplete", missing: ["date of birth", "ID number"] });
  });

  it("refuses a barcode that is not an AAMVA card", () => {
    expect(readIdScan(scan("not-aamva.txt"))).toEqual({ ok: false, reason: "not_aamva" });
  });

  it("refuses a version the standard does not define", () => {
    const text = scan("v10-tx-dl.txt").replace("ANSI 63601510", "ANSI 63601599");
    expect(readIdScan(text)).toEqual({ ok: false, reason: "unsupported_version", version: "99" });
  });

  it("rejects an impossible date of birth as missing", () => {
    const text = scan("v10-tx-dl.txt").replace("DBB09031982", "DBB02301982");
    expect(readIdScan(text)).toMatchObject({ ok: false, reason: "incomplete", missing: ["date of birth"] });
  });
});
