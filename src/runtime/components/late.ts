/**
 * What a part has only once something else happened: a collaborator built later (the outputs are built
 * and started before the code of the parts that follow them is even loaded), or what a part makes
 * when it starts (the open database, the bound broker). Read too early, each names what is missing.
 */
export class Late<T> {
  private value: T | undefined;

  constructor(private readonly name: string) {}

  /** Set once, by the composition root, as soon as the part is built. */
  set(value: T): void {
    if (this.value !== undefined) throw new Error(`gateway part "${this.name}" built twice`);
    this.value = value;
  }

  /** The part; throws if it has not been built yet. */
  get(): T {
    if (this.value === undefined) throw new Error(`gateway part "${this.name}" used before it was built`);
    return this.value;
  }

  /** The part, or undefined while it has not been built. */
  peek(): T | undefined {
    return this.value;
  }
}

/** What a part makes when it starts, read through its getter: throws, naming it, if read before. */
export function started<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`gateway part "${name}" used before it was started`);
  return value;
}
