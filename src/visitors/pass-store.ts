import { z } from "zod";
import type { KeyValue } from "../store/kv.js";
import type { IssuedPass } from "./ports.js";

/** The kv key under which the passes out are kept. */
const PASSES_KEY = "visitors.passes";

/** A pass out, with the credential key its card or code is held under in the core. */
export interface StoredPass extends IssuedPass {
  readonly key: string;
}

const StoredPassSchema = z.strictObject({
  visitor_id: z.string().min(1),
  kind: z.enum(["card", "printed"]),
  card_label: z.string().nullable(),
  qr: z.string().nullable(),
  doors: z.array(z.string()),
  expires_at: z.string(),
  key: z.string().min(1),
});

const StoredPassesSchema = z.array(StoredPassSchema);

/**
 * The passes out, kept in the store so that a restart gives every visitor back the doors of their
 * pass and no pool card is handed out twice. A few dozen at most: written whole at each change.
 */
export class PassStore {
  constructor(private readonly kv: KeyValue) {}

  /** Every pass out when last written; none for a store that never held one. */
  load(): StoredPass[] {
    return this.kv.get(PASSES_KEY, StoredPassesSchema) ?? [];
  }

  /** Write the passes out, durably, before the core is told. */
  save(passes: Iterable<StoredPass>, now: number): void {
    this.kv.set(PASSES_KEY, [...passes], now);
  }
}
