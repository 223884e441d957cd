import type { Excuses, RefKind } from "./excuses.js";
import type { Locator, Problem } from "../source/problems.js";
import { didYouMean } from "../util/suggest.js";

/** A field path in the configuration. */
export type Path = (string | number)[];

/** How findings map onto the source when some entries were left out of the checked configuration. */
export interface FindingsContext {
  /** Ids that may exist unseen: references to them are not reported. */
  readonly excused?: Excuses;
  /** From a path in the checked configuration to the same entry's path in the source. */
  readonly remap?: (path: Path) => Path;
}

/** Collects problems at config paths. */
export class Findings {
  readonly problems: Problem[] = [];
  constructor(
    private readonly locate: Locator,
    private readonly context: FindingsContext = {},
  ) {}

  /** Report a problem at a path. */
  add(path: Path, message: string): void {
    const at = this.context.remap?.(path) ?? path;
    this.problems.push({ ...this.locate(at), path: at.join("."), message });
  }

  /**
   * Report a reference to an id that does not exist, with the closest known id as a suggestion;
   * nothing when the id may belong to an entry that failed its own checks.
   */
  missing(path: Path, kind: RefKind, id: string, known: Iterable<string>, message: string): void {
    if (this.context.excused?.has(kind, id) === true) return;
    this.add(path, `${message}${didYouMean(id, known)}`);
  }
}
