import { encodeBits } from "../core/badge.js";
import type { Findings, Path } from "./findings.js";
import { passCardKeys } from "./references-visitors.js";
import type { SiteConfig } from "./schema.js";

type Holder = SiteConfig["cardholders"][number];
type Badge = Holder["badges"][number];

/** A configured badge as one comparable string (see badgeConfigKey). */
export type BadgeKeyOf = (badge: Badge) => string;

/**
 * The cross-reference checks of cardholders, one holder at a time: its access groups exist, its
 * validity runs forward, its badges fit their format and belong to no other holder nor to the desk's
 * pool of visitor cards, its id is its own. Holds only the ids and badges seen, so a long list can be checked as it is read.
 */
export class HolderChecks {
  readonly #groups: ReadonlySet<string>;
  readonly #ids = new Set<string>();
  readonly #badges = new Map<string, string>();
  /** The desk's visitor cards: key → label. */
  readonly #passCards: ReadonlyMap<string, string>;

  constructor(
    private readonly f: Findings,
    config: SiteConfig,
    private readonly badgeKey: BadgeKeyOf,
  ) {
    this.#groups = new Set(config.access_groups.map((g) => g.id));
    this.#passCards = passCardKeys(config, badgeKey);
  }

  /** Check the holder at `index` of the list; problems go to the findings. */
  check(holder: Holder, index: number): void {
    const f = this.f;
    if (this.#ids.has(holder.id)) f.add(["cardholders", index, "id"], `duplicate id "${holder.id}"`);
    this.#ids.add(holder.id);
    holder.access_groups.forEach((g, j) => {
      if (!this.#groups.has(g)) f.missing(["cardholders", index, "access_groups", j], "access_groups", g, this.#groups, `no access group "${g}"`);
    });
    if (holder.valid_from !== undefined && holder.valid_until !== undefined) {
      if (Date.parse(holder.valid_from) >= Date.parse(holder.valid_until)) {
        f.add(["cardholders", index, "valid_until"], "must be after valid_from");
      }
    }
    holder.badges.forEach((badge, j) => {
      checkBadge(f, ["cardholders", index, "badges", j], badge);
      const key = this.badgeKey(badge);
      const owner = this.#badges.get(key);
      if (owner !== undefined) f.add(["cardholders", index, "badges", j], `badge already belongs to "${owner}"`);
      const card = this.#passCards.get(key);
      if (card !== undefined) f.add(["cardholders", index, "badges", j], `badge is visitor card "${card}" of visitors.pass_cards`);
      this.#badges.set(key, holder.id);
    });
  }
}

function checkBadge(f: Findings, path: Path, badge: Badge): void {
  if (!("format" in badge)) return;
  try {
    encodeBits(badge.format, badge.facility, badge.number);
  } catch (err) {
    f.add(path, `does not fit ${badge.format}: ${(err as Error).message}`);
  }
}
