/** The kinds of id a configuration refers to. */
export type RefKind = "devices" | "doors" | "door_groups" | "access_groups" | "schedules";

/**
 * Ids that may exist although the checks could not see them: the id of an entry that failed the
 * schema, or every id of a section held by a file that failed to parse. A reference to such an id is
 * not reported as missing, since it is a consequence of a problem already reported, not a mistake.
 */
export class Excuses {
  private readonly ids = new Map<RefKind, Set<string>>();
  private readonly whole = new Set<RefKind>();

  /** Excuse one id (ignored unless it is a string, as an invalid entry's id may not be). */
  add(kind: RefKind, id: unknown): void {
    if (typeof id !== "string") return;
    const set = this.ids.get(kind) ?? new Set<string>();
    set.add(id);
    this.ids.set(kind, set);
  }

  /** Excuse every id of a kind: its section could not be read. */
  addAll(kind: RefKind): void {
    this.whole.add(kind);
  }

  /** Whether a reference to id may be to something the checks could not see. */
  has(kind: RefKind, id: string): boolean {
    return this.whole.has(kind) || (this.ids.get(kind)?.has(id) ?? false);
  }
}
