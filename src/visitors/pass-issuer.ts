import { randomInt } from "node:crypto";
import type { VisitorsModel } from "../config/compile-visitors.js";
import type { VisitorPassInput } from "../core/inputs.js";
import type { IssuedPass, PassRefusal, VisitorPasses } from "./ports.js";
import type { PassStore, StoredPass } from "./pass-store.js";
import { SchoolDayEnd } from "./day-end.js";

/** Digits of a printed pass's code: about 63 bits of chance, within what a keyboard-wedge read carries (20). */
const CODE_DIGITS = 20;

/** A printed pass's code: random digits, the first not 0 (a wedge read's leading zeros are not part of it). */
export function passCode(): string {
  let code = String(randomInt(1, 10));
  while (code.length < CODE_DIGITS) code += String(randomInt(0, 10));
  return code;
}

/** What the issuer runs on. */
export interface PassIssuerOptions {
  readonly visitors: VisitorsModel;
  readonly timezone: string;
  readonly store: PassStore;
  /** Hands an input to the decision core. */
  readonly submit: (input: VisitorPassInput) => void;
  /** Wall time, epoch ms, as the core reckons it. */
  readonly now: () => number;
}

/**
 * The desk's passes: a card of the pool (the first one free, back in the pool at revoke) or a printed
 * pass with a random code, for the doors of the visitor's destination until the requested time or
 * the end of the school day, whichever is first. Each change is written to the store, then given to
 * the core, which decides every read of the pass on its own.
 */
export class PassIssuer implements VisitorPasses {
  readonly #out = new Map<string, StoredPass>();
  readonly #dayEnd: SchoolDayEnd;

  constructor(private readonly opts: PassIssuerOptions) {
    this.#dayEnd = new SchoolDayEnd(opts.timezone, opts.visitors.schoolDayEnd);
  }

  /**
   * Give the core back the passes the store holds (at start). A card pass whose card left the pool
   * since is dropped; the others keep their doors and expiry.
   */
  restore(): number {
    const pool = new Map(this.opts.visitors.passCards.map((c) => [c.label, c.key]));
    for (const pass of this.opts.store.load()) {
      if (pass.kind === "card" && pool.get(pass.card_label ?? "") !== pass.key) continue;
      this.#out.set(pass.visitor_id, pass);
    }
    this.opts.store.save(this.#out.values(), this.opts.now());
    for (const pass of this.#out.values()) this.opts.submit(issueInput(pass));
    return this.#out.size;
  }

  issue(request: { visitor_id: string; destination: string; kind: "card" | "printed"; expires_at: string }): IssuedPass | { refused: PassRefusal } {
    const destination = this.opts.visitors.destinations.get(request.destination);
    if (destination === undefined) return { refused: "unknown_destination" };
    if (request.kind === "printed" && !this.opts.visitors.printedPasses) return { refused: "printed_passes_off" };
    const previous = this.#out.get(request.visitor_id);
    const held = new Set([...this.#out.values()].filter((p) => p !== previous).map((p) => p.card_label));
    const card = request.kind === "card" ? this.opts.visitors.passCards.find((c) => !held.has(c.label)) : undefined;
    if (request.kind === "card" && card === undefined) return { refused: "pool_empty" };
    const code = card === undefined ? passCode() : null;
    const now = this.opts.now();
    const pass: StoredPass = {
      visitor_id: request.visitor_id,
      kind: request.kind,
      card_label: card?.label ?? null,
      qr: code,
      doors: destination.doors,
      expires_at: new Date(this.expiry(request.expires_at, now)).toISOString(),
      key: card?.key ?? `digits:${code ?? ""}`,
    };
    this.#out.set(request.visitor_id, pass);
    this.opts.store.save(this.#out.values(), now);
    if (previous !== undefined && previous.key !== pass.key) this.opts.submit({ kind: "visitor_pass", action: "revoke", key: previous.key });
    this.opts.submit(issueInput(pass));
    return publicPass(pass);
  }

  revoke(visitor_id: string): void {
    const pass = this.#out.get(visitor_id);
    if (pass === undefined) return;
    this.#out.delete(visitor_id);
    this.opts.store.save(this.#out.values(), this.opts.now());
    this.opts.submit({ kind: "visitor_pass", action: "revoke", key: pass.key });
  }

  /** The pass a visitor holds, if any. */
  passOf(visitor_id: string): IssuedPass | undefined {
    const pass = this.#out.get(visitor_id);
    return pass === undefined ? undefined : publicPass(pass);
  }

  /** Cards of the pool not handed out. */
  freeCards(): string[] {
    const held = new Set([...this.#out.values()].map((p) => p.card_label));
    return this.opts.visitors.passCards.filter((c) => !held.has(c.label)).map((c) => c.label);
  }

  /**
   * The requested end, or the next end of the school day (site time) if that comes first: after
   * today's end, tomorrow's, the same instant the visit is signed out at.
   */
  private expiry(requested: string, now: number): number {
    const end = this.#dayEnd.next(now);
    const asked = Date.parse(requested);
    return Number.isNaN(asked) ? end : Math.min(asked, end);
  }
}

function issueInput(pass: StoredPass): VisitorPassInput {
  const expiresAt = Date.parse(pass.expires_at);
  return { kind: "visitor_pass", action: "issue", key: pass.key, pass: { visitor: pass.visitor_id, doors: pass.doors, expiresAt } };
}

function publicPass({ key: _key, ...pass }: StoredPass): IssuedPass {
  return pass;
}
