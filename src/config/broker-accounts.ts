import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { isPasswordFile, userEntry } from "../bus/password-file.js";
import { whyUnreadable } from "../bus/passwords.js";
import type { Locator, Problem } from "../source/problems.js";
import { secretFileWarning } from "./data-dir.js";
import type { BrokerAccount } from "./runtime-model.js";
import type { SiteConfig } from "./schema.js";

/** What a password file gives one user: their account, or why it gives none. */
type Read = { account: BrokerAccount } | { problem: string };

/**
 * A user's password from a password file: their line of a mosquitto password file (the hash), or,
 * when the file is a lone secret, that secret, accepted only when `plainAllowed` (a demo broker).
 */
function readPassword(username: string, role: BrokerAccount["role"], path: string, shown: string, plainAllowed: boolean): Read {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    return { problem: `cannot read secret file ${path}: ${whyUnreadable(err)}` };
  }
  if (isPasswordFile(text)) {
    const entry = userEntry(text, username);
    return entry.ok ? { account: { username, role, passwordHash: entry.hash } } : { problem: `password file ${shown} ${entry.reason}` };
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
  return { account: { username, role, password: secret } };
}

/**
 * The broker's accounts, each with its password read from its password file (the user's own
 * `password_file`, else `broker.password_file`), with a problem for each that cannot be read and a
 * warning for each file others may read.
 */
export function readAccounts(config: SiteConfig, locate: Locator, dir: string, warnings: Problem[]): { accounts: BrokerAccount[]; problems: Problem[] } {
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
    const read = readPassword(u.username, u.role, path, shown, config.broker.demo);
    if ("problem" in read) return void problems.push({ ...at, message: read.problem });
    accounts.push(read.account);
    const warning = warned.has(path) ? undefined : secretFileWarning(path, shown);
    warned.add(path);
    if (warning !== undefined) warnings.push({ ...at, message: warning });
  });
  return { accounts, problems };
}
