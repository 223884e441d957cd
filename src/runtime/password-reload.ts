import type { Broker } from "../bus/broker.js";
import { passwordFileOf } from "../config/broker-accounts.js";
import { configFiles, rereadAccounts } from "../config/reread-accounts.js";
import type { BrokerAccount } from "../config/runtime-model.js";
import { watchFiles, type FileWatch, type FileWatchOptions } from "../util/file-watch.js";
import type { Logger } from "../util/log.js";

/** What a reload leaves for later, said in its log line. */
export const REST_AT_NEXT_START = "any other change to the configuration takes effect at the next start: run gatehouse check before restarting";

/**
 * Read the broker's users again, the configuration's `broker.users` and their password files, and
 * hand the broker the accounts they now give: a user added (or given another role) may log in, one
 * removed or whose line is gone is refused, and the sessions of users removed or whose role or
 * password changed end. Anything that cannot be used (a file unreadable or half written, a line
 * without a usable hash) changes nothing: the broker keeps the previous users, and the error says
 * which file and why. Returns the accounts now in use, or null when nothing changed.
 */
export function reloadAccounts(configDir: string, broker: Pick<Broker, "setUsers">, log: Logger): BrokerAccount[] | null {
  const read = rereadAccounts(configDir);
  if ("problems" in read) {
    log.error({ problems: read.problems }, "broker users not reloaded; the previous users stay");
    return null;
  }
  try {
    const ended = broker.setUsers(read.accounts);
    // The line must not read as if every edit took effect: only the users did.
    log.info({ users: read.accounts.length, ended, rest: REST_AT_NEXT_START }, "broker users reloaded");
    return read.accounts;
  } catch (err) {
    log.error({ err }, "broker users not reloaded; the previous users stay");
    return null;
  }
}

/** The files the accounts come from: the configuration's and the password files. */
function sourcesOf(configDir: string, accounts: readonly BrokerAccount[]): string[] {
  return [...new Set([...configFiles(configDir), ...accounts.flatMap((a) => passwordFileOf(a) ?? [])])].sort();
}

/**
 * Reload the broker's users whenever the configuration or one of their password files changes
 * (`gatehouse passwd`, `mosquitto_passwd`, an editor), without a restart: MQTT clients and the web
 * console's logins alike. A reload that names another password file watches it from then on.
 */
export function watchAccounts(configDir: string, accounts: readonly BrokerAccount[], broker: Pick<Broker, "setUsers">, log: Logger, opts?: FileWatchOptions): FileWatch {
  let files = sourcesOf(configDir, accounts);
  let watch: FileWatch;
  const arm = (): void => {
    watch = watchFiles(files, () => {
      const now = reloadAccounts(configDir, broker, log);
      const next = now === null ? files : sourcesOf(configDir, now);
      if (next.join("\n") === files.join("\n")) return;
      watch.close();
      files = next;
      arm();
    }, opts);
  };
  if (files.length === 0) return { close: () => undefined };
  arm();
  return { close: () => watch.close() };
}
