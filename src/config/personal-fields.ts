/**
 * Fields of a site's configuration that hold personal data: a cardholder's name, PIN and badges. A
 * problem with one says what is wrong but never repeats the value, since `gatehouse check` runs
 * before every start and its report lands in the system journal.
 */
const PERSONAL_HOLDER_FIELDS: ReadonlySet<PropertyKey> = new Set(["name", "pin", "badges"]);

/** Whether the value at a configuration path (`cardholders.3.badges.0.number`) is personal data. */
export function isPersonalPath(path: readonly PropertyKey[]): boolean {
  return path[0] === "cardholders" && path.length > 2 && PERSONAL_HOLDER_FIELDS.has(path[2] as PropertyKey);
}
