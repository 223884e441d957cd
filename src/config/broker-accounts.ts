import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { isPasswordFile, userEntry } from "../bus/password-file.js";
import { whyUnreadable } from "../util/file-errors.js";
import type { Locator, Problem } from "../source/problems.js";
import { secretFileWarning } from "./data-dir.js";
import type { BrokerAccount } from "./runtime-model.js";
import type { SiteConfig } from "./schema.js";

/** Where an account's password was read, to read it again when the file changes. */
interface PasswordSource {
  /** The file's absolute path. */
  readonly path: string;
  /** The path as the configuration names it, for messages. */
  readonly shown: string;
  /** Whether a lone plain password is accepted (a demo broker). */
  readonly plainAllowed: boolean;
}

/**
 * The password file of each account read from one: beside the account rather than in it, so the
 * runtime model stays what it was (a username, a role and a password) while a reload can find the
 * file again.
 */
const sources = new WeakMap<BrokerAccount, PasswordSource>();

/** The password file `account` was read from, absent for an account made another way. */
export function passwordFileOf(account: BrokerAccount): string | undefined {
  return sources.get(account)?.path;
}

/** What a password file gives one user: their account, or why it gives none (`absent`: the file has no line for them). */
type Read = { account: BrokerAccount } | { problem: string; absent?: true };

function remember(account: BrokerAccount, from: PasswordSource): BrokerAccount {
  sources.set(account, from);
  return account;
}

/**
 * A user's password from a password file: their line of a mosquitto password file (the hash), or,
 * when the file is a lone secret, that secret, accepted only when `plainAllowed` (a demo broker).
 */
function readPassword(username: string, role: BrokerAccount["role"], from: PasswordSource): Read {
  const { path, shown, plainAllowed } = from;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    return { problem: `cannot read secret file ${path}: ${whyUnreadable(err)}` };
  }
  if (isPasswordFile(text)) {
    const entry = userEntry(text, username);
    if (!entry.ok) return { problem: `password file ${shown} ${entry.reason}`, ...(entry.absent && { absent: entry.absent }) };
    return { account: remember({ username, role, passwordHash: entry.hash }, from) };
  }
  const secret = (text.split(/\r?\n/, 1)[0] ?? "").trim();
  if (secret === "") return { problem: `secret file ${path} is empty` };
  if (!plainAllowed) {
    return {
      problem:
        `password file ${shown} holds a plain password, which only a demo broker (broker.demo: true) accepts; ` +
        `store its hash instead: gatehouse passwd ${shown} ${username}`,
    };
  }
  return { account: remember({ username, role, password: secret }, from) };
}

/**
 * The broker's accounts, each with its password read from its password file (the user's own
 * `password_file`, else `broker.password_file`), with a problem for each that cannot be read and a
 * warning for each file others may read; `dropAbsent` (a reload): a user whose file has no line for
 * them is left out rather than a problem.
 */
export function readAccounts(config: Pick<SiteConfig, "broker">, locate: Locator, dir: string, warnings: Problem[], opts: { dropAbsent?: boolean } = {}): { accounts: BrokerAccount[]; problems: Problem[] } {
  const accounts: BrokerAccount[] = [];
  const problems: Problem[] = [];
  const warned = new Set<string>();
  config.broker.users.forEach((u, i) => {
    const own = u.password_file !== undefined;
    const file = u.password_file ?? config.broker.password_file;
    const field = own ? ["broker", "users", i, "password_file"] : ["broker", "users", i];
    const at = { ...locate(field), path: field.join(".") };
    if (file === undefined) return void problems.push({ ...at, message: "needs a password_file, or broker.password_file for every user" });
    const path = isAbsolute(file) ? file : resolve(dir, file);
    const shown = isAbsolute(file) ? file : join(dir, file);
    const read = readPassword(u.username, u.role, { path, shown, plainAllowed: config.broker.demo });
    if ("problem" in read) return void (read.absent === true && opts.dropAbsent === true ? undefined : problems.push({ ...at, message: read.problem }));
    accounts.push(read.account);
    const warning = warned.has(path) ? undefined : secretFileWarning(path, shown);
    warned.add(path);
    if (warning !== undefined) warnings.push({ ...at, message: warning });
  });
  return { accounts, problems };
}
