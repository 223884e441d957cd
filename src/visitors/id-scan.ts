import { parse } from "aamva-parser";

/** The kind of document a scan came from: the subfile type of the AAMVA header (DL or ID). */
export type IdType = "driver_licence" | "id_card";

/** What a scan prefills in a sign-in: only what the desk types, never the whole card. */
export interface IdPrefill {
  readonly firstName: string;
  readonly middleName: string | null;
  readonly lastName: string;
  /** ISO date (YYYY-MM-DD). */
  readonly dateOfBirth: string;
  readonly idType: IdType;
  /** The last 4 characters of the licence or ID number: the full number is not kept. */
  readonly idLast4: string;
  /** The issuing jurisdiction (state or province code, e.g. CA, ON). */
  readonly jurisdiction: string;
  readonly country: "USA" | "CAN";
  /** AAMVA card design standard version (01-12). */
  readonly version: string;
  /** ISO date the card expires, when the card says. */
  readonly expires: string | null;
}

/** Why a scan gives no prefill. The missing list names elements, never their values. */
export type IdScanProblem =
  | { readonly reason: "not_aamva" }
  | { readonly reason: "unsupported_version"; readonly version: string }
  | { readonly reason: "truncated"; readonly expected: number; readonly received: number }
  | { readonly reason: "incomplete"; readonly missing: readonly string[] };

export type IdScanResult =
  | { readonly ok: true; readonly prefill: IdPrefill }
  | ({ readonly ok: false } & IdScanProblem);

/**
 * Compliance indicator "@", data element separator LF, record separator RS, segment terminator
 * CR, then the file type ("ANSI " since version 01, "AAMVA" on some early cards), the 6-digit
 * issuer identification number and the 2-digit version (AAMVA DL/ID Card Design Standard, D.12.3).
 */
const HEADER = /@\n?\x1e?\r?(?:ANSI |AAMVA)(\d{6})(\d{2})/;
const PROVINCES = new Set(["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]);
const MIN_VERSION = 1;
const MAX_VERSION = 12;

/** Reads the text a 2D scanner typed from the PDF417 barcode of a US or Canadian licence or ID. */
export function readIdScan(text: string): IdScanResult {
  const header = HEADER.exec(text);
  if (!header) return { ok: false, reason: "not_aamva" };
  const version = header[2]!;
  const v = Number(version);
  if (v < MIN_VERSION || v > MAX_VERSION) return { ok: false, reason: "unsupported_version", version };
  const start = header.index;
  const fileType = start + header[0].length - 13; // file type (5), IIN (6), version (2)
  const subfile = subfileOf(text.slice(fileType), v);
  // Offsets count the 4 characters before the file type ("@", LF, RS, CR) and a CR ending each
  // subfile; a wedge scanner types neither RS nor CR, so those may be missing without a cut.
  const received = text.length - fileType + 4;
  if (subfile && received + 2 + subfile.entries < subfile.end) {
    return { ok: false, reason: "truncated", expected: subfile.end, received };
  }
  const card = parse(text.slice(start));
  const raw = elementsOf(text);
  const given = card.firstName?.split(/[ ,]/).filter((s) => s.length > 0) ?? [];
  const jurisdiction = raw.get("DAJ") ?? "";
  const country = (raw.get("DCG") ?? (PROVINCES.has(jurisdiction) ? "CAN" : "USA")) === "CAN" ? "CAN" : "USA";
  const yearFirst = v === 1 || country === "CAN";
  const dateOfBirth = isoDate(raw.get("DBB"), yearFirst);
  const id = card.driversLicenseId ?? null;
  const missing = [
    ...(given.length === 0 ? ["first name"] : []),
    ...(card.lastName ? [] : ["last name"]),
    ...(dateOfBirth ? [] : ["date of birth"]),
    ...(id && id.length >= 4 ? [] : ["ID number"]),
    ...(jurisdiction ? [] : ["jurisdiction"]),
  ];
  if (missing.length > 0 || !dateOfBirth || !id || !card.lastName) {
    return { ok: false, reason: "incomplete", missing };
  }
  return {
    ok: true,
    prefill: {
      firstName: given[0]!,
      middleName: card.middleName ?? (given.length > 1 ? given.slice(1).join(" ") : null),
      lastName: card.lastName,
      dateOfBirth,
      idType: subfile?.type === "ID" ? "id_card" : "driver_licence",
      idLast4: id.slice(-4),
      jurisdiction,
      country,
      version,
      expires: isoDate(raw.get("DBA"), yearFirst),
    },
  };
}

/** The first subfile's type and where it ends, and the number of subfiles, from the header's directory. */
function subfileOf(fromFileType: string, version: number): { type: string; end: number; entries: number } | null {
  // File type (5), IIN (6), version (2), jurisdiction version (2, not in version 01), entries (2).
  const at = 5 + 6 + 2 + (version === 1 ? 0 : 2);
  const entry = /^(\d{2})(DL|ID)(\d{4})(\d{4})/.exec(fromFileType.slice(at));
  if (!entry) return null;
  return { type: entry[2]!, end: Number(entry[3]) + Number(entry[4]), entries: Number(entry[1]) };
}

/** The header's directory: each subfile's type, offset and length; the first subfile follows it. */
const DIRECTORY = /^.*(?:ANSI |AAMVA)\d{8,10}(?:[A-Z]{2}\d{8})+(?:DL|ID)/;

/** Data elements by their 3-letter id: one per line, the first on the header's line. */
function elementsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/[\n\r]/)) {
    const m = /^(D[A-Z]{2})(.*)$/.exec(line.trim().replace(DIRECTORY, ""));
    if (m && !out.has(m[1]!)) out.set(m[1]!, m[2]!.trim());
  }
  return out;
}

/** US cards write MMDDCCYY; Canadian cards and version 01 write CCYYMMDD. */
function isoDate(value: string | undefined, yearFirst: boolean): string | null {
  if (!value || !/^\d{8}$/.test(value)) return null;
  const [y, m, d] = yearFirst
    ? [value.slice(0, 4), value.slice(4, 6), value.slice(6, 8)]
    : [value.slice(4, 8), value.slice(0, 2), value.slice(2, 4)];
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d)) return null;
  return `${y}-${m}-${d}`;
}
