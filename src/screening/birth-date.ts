/** Dates of birth as numbers (yyyymmdd), and the variants a record's date may have been entered as. */

/** A date of birth (YYYY-MM-DD) as yyyymmdd. */
export function dobNumber(dob: string): number {
  return Number(dob.slice(0, 4)) * 10_000 + Number(dob.slice(5, 7)) * 100 + Number(dob.slice(8, 10));
}

/** How a listed date of birth relates to a visitor's. */
export type DobRule = "dob_exact" | "dob_transposed";

/** The date with day and month swapped (03/04 entered as 04/03), or null when that is no date or the same one. */
export function transposed(dob: number): number | null {
  const year = Math.floor(dob / 10_000);
  const month = Math.floor(dob / 100) % 100;
  const day = dob % 100;
  if (day > 12 || day === month) return null;
  return year * 10_000 + day * 100 + month;
}

/** The dates a listed person born on `dob` may be found under: the date, and its transposition. */
export function dobVariants(dob: number): readonly (readonly [number, DobRule])[] {
  const swapped = transposed(dob);
  return swapped === null ? [[dob, "dob_exact"]] : [[dob, "dob_exact"], [swapped, "dob_transposed"]];
}
