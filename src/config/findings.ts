import type { Locator, Problem } from "./problems.js";

/** A field path in the configuration. */
export type Path = (string | number)[];

/** Collects problems at config paths. */
export class Findings {
  readonly problems: Problem[] = [];
  constructor(private readonly locate: Locator) {}

  /** Report a problem at a path. */
  add(path: Path, message: string): void {
    this.problems.push({ ...this.locate(path), path: path.join("."), message });
  }
}
