import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * Add `username` with `password` to the mosquitto password file `file` with the real
 * `mosquitto_passwd` (creating the file when it does not exist); `sha512` writes mosquitto 1.x's `$6$`.
 */
export function mosquittoPasswd(file: string, username: string, password: string, hash: "sha512-pbkdf2" | "sha512" = "sha512-pbkdf2"): void {
  const create = existsSync(file) ? [] : ["-c"];
  execFileSync("mosquitto_passwd", ["-H", hash, ...create, "-b", file, username, password], { stdio: "ignore" });
}
