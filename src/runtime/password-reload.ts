import type { Broker } from "../bus/broker.js";
import { passwordFileOf, rereadAccounts } from "../config/broker-accounts.js";
import type { BrokerAccount } from "../config/runtime-model.js";
import { watchFiles, type FileWatch, type FileWatchOptions } from "../util/file-watch.js";
import type { Logger } from "../util/log.js";

/**
 * Read the accounts' password files again and hand the broker the accounts they now give: a user
 * whose line is gone is removed, and the sessions of users removed or whose password changed end.
 * A file that cannot be used (unreadable, a line without a usable hash) changes nothing: the broker
 * keeps the previous users, and the error says which file and why.
 */
export function reloadPasswords(accounts: readonly BrokerAccount[], broker: Pick<Broker, "setUsers">, log: Logger): void {
  const read = rereadAccounts(accounts);
  if ("problems" in read) {
    log.error({ problems: read.problems }, "broker password file not reloaded; the previous users stay");
    return;
  }
  try {
    const ended = broker.setUsers(read.accounts);
    log.info({ users: read.accounts.length, ended }, "broker password file reloaded");
  } catch (err) {
    log.error({ err }, "broker password file not reloaded; the previous users stay");
  }
}

/**
 * Reload the broker's users whenever one of their password files changes (`gatehouse passwd`,
 * `mosquitto_passwd`, an editor), without a restart. Users are those the configuration names: a
 * user added to a file but not to the configuration gets no account until the next start.
 */
export function watchPasswordFiles(accounts: readonly BrokerAccount[], broker: Pick<Broker, "setUsers">, log: Logger, opts?: FileWatchOptions): FileWatch {
  const files = accounts.flatMap((a) => passwordFileOf(a) ?? []);
  if (files.length === 0) return { close: () => undefined };
  // Every account is read again, those whose line went too: the configuration lists the users, the files their passwords.
  return watchFiles(files, () => void reloadPasswords(accounts, broker, log), opts);
}
