import { createHash, type Hash } from "node:crypto";
import type { SiteConfig } from "./schema.js";

/**
 * sha256 of a validated configuration's JSON, fed section by section and holder by holder: one
 * string of a 100k-holder list would cost tens of MB for a moment. The holders may be fed as they
 * are checked, one at a time, with no list of them ever held: the sections before `cardholders`
 * are fed first, then each holder, then the sections after, as the configuration's key order says.
 */
export class ConfigHash {
  readonly #hash: Hash = createHash("sha256");
  readonly #after: [string, unknown][] = [];

  /** Feeds every section before `cardholders`; the holders come with `holder`, `config.cardholders` itself is not read. */
  constructor(config: SiteConfig) {
    let before = true;
    for (const [key, value] of Object.entries(config)) {
      if (key === "cardholders") before = false;
      else if (before) this.#section(key, value);
      else this.#after.push([key, value]);
    }
  }

  /** The next cardholder, in list order. */
  holder(holder: SiteConfig["cardholders"][number]): void {
    this.#hash.update(JSON.stringify(["cardholders", holder]));
  }

  /** The hash, hex, with the sections after `cardholders` fed. Once only. */
  digest(): string {
    for (const [key, value] of this.#after) this.#section(key, value);
    return this.#hash.digest("hex");
  }

  #section(key: string, value: unknown): void {
    if (!Array.isArray(value)) this.#hash.update(JSON.stringify([key, value]));
    else for (const item of value as unknown[]) this.#hash.update(JSON.stringify([key, item]));
  }
}

/** The hash of a whole configuration, its cardholders from `config.cardholders`. */
export function configHash(config: SiteConfig): string {
  const hash = new ConfigHash(config);
  for (const holder of config.cardholders) hash.holder(holder);
  return hash.digest();
}
