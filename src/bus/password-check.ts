import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { parsePasswordHash, verifyPassword, type PasswordHash } from "./password-hash.js";
import { passwordMatches } from "./passwords.js";

/** What a broker account is checked against: a mosquitto hash, or (demo only) the password itself. */
export type StoredPassword = { readonly hash: PasswordHash } | { readonly plain: string };

/**
 * Checks presented passwords against the accounts' stored ones. A hash check runs PBKDF2 off the event
 * loop; once a user's password has been verified, presenting it again is answered from memory (an
 * HMAC of it under a key of this process), so a dashboard reconnecting a hundred times a minute costs
 * one PBKDF2, not a hundred.
 */
export class PasswordCheck {
  private readonly key = randomBytes(32);
  private readonly verified = new Map<string, Buffer>();
  /** Checked for an unknown user, so that timing does not tell which usernames exist. */
  private decoy: StoredPassword = { plain: "\u0000" };
  private stored: ReadonlyMap<string, StoredPassword> = new Map();

  constructor(stored: ReadonlyMap<string, StoredPassword>) {
    this.replace(stored, []);
  }

  /** Check against `stored` from now on, forgetting the verified passwords of `changed` users. */
  replace(stored: ReadonlyMap<string, StoredPassword>, changed: Iterable<string>): void {
    this.stored = stored;
    for (const username of changed) this.verified.delete(username);
    this.decoy = [...stored.values()].find((s) => "hash" in s) ?? { plain: "\u0000" };
  }

  /** Whether `presented` is `username`'s password; false for an unknown user or a missing password. */
  async verify(username: string, presented: Buffer | string | undefined): Promise<boolean> {
    const stored = this.stored.get(username);
    const given = presented === undefined ? undefined : Buffer.from(presented);
    if (stored !== undefined && given !== undefined && this.remembered(username, given)) return true;
    const matches = await check(stored ?? this.decoy, given);
    if (stored === undefined || given === undefined || !matches) return false;
    this.verified.set(username, this.mac(given));
    return true;
  }

  /** Whether `presented` is the password `username` last logged in with (no PBKDF2). */
  remembered(username: string, presented: Buffer | string | undefined): boolean {
    const known = this.verified.get(username);
    return known !== undefined && presented !== undefined && timingSafeEqual(known, this.mac(Buffer.from(presented)));
  }

  private mac(password: Buffer): Buffer {
    return createHmac("sha256", this.key).update(password).digest();
  }
}

/** Check a password against what is stored. */
async function check(stored: StoredPassword, presented: Buffer | undefined): Promise<boolean> {
  if ("plain" in stored) return passwordMatches(stored.plain, presented);
  // The hash is still computed for a missing password, so that it takes as long as a wrong one.
  const ok = await verifyPassword(stored.hash, presented ?? Buffer.alloc(0));
  return ok && presented !== undefined;
}

/** The stored password of an account: its hash parsed, or its plain password; undefined when the hash is unusable. */
export function storedPassword(account: { readonly password?: string; readonly passwordHash?: string }): StoredPassword | undefined {
  if (account.passwordHash === undefined) return account.password === undefined || account.password === "" ? undefined : { plain: account.password };
  const hash = parsePasswordHash(account.passwordHash);
  return hash === undefined ? undefined : { hash };
}
