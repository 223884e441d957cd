/**
 * `gatehouse sign-command`: sign a request for a gateway's district broker (see
 * bus/signed-command.ts), for operators' scripts. Writes the payload to publish on stdout:
 *
 *     gatehouse sign-command --key dispatch.key --key-id dispatch-2026 --operator j.alvarez \
 *       --site lincoln-es --request mode '{"action":"raise","mode":"lockdown","transaction":"t1"}' \
 *       | mosquitto_pub -t gatehouse/lincoln-es/request/mode -q 1 -s
 *
 * The request JSON is taken as given (its bytes are what is signed); `-` reads it from stdin, for a
 * credential part too long for a command line.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parsePrivateKey } from "../bus/ed25519-keys.js";
import { signCommand } from "../bus/signed-command.js";
import { siteTopics } from "../bus/topics.js";

/** Where a tool writes, and what it reads as stdin. */
export interface ToolIo {
  write(data: string | Uint8Array): void;
  error(text: string): void;
  stdin(): Buffer;
}

export const SIGN_USAGE =
  "gatehouse sign-command --key <private key file> --key-id <id> --operator <name> --site <site_id> --request <name> <request json | ->";

const OPTIONS = {
  key: { type: "string" },
  "key-id": { type: "string" },
  operator: { type: "string" },
  site: { type: "string" },
  request: { type: "string" },
} as const;

/** Run `gatehouse sign-command` with its arguments; resolves its exit status. */
export async function runSignCommand(args: string[], io: ToolIo): Promise<number> {
  const bad = (message: string): number => (io.error(`gatehouse sign-command: ${message}\nusage: ${SIGN_USAGE}\n`), 2);
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  } catch (err) {
    return bad((err as Error).message);
  }
  const { key, "key-id": keyId, operator, site, request } = parsed.values;
  if (key === undefined || keyId === undefined || operator === undefined || site === undefined || request === undefined) {
    return bad("--key, --key-id, --operator, --site and --request are required");
  }
  if (parsed.positionals.length !== 1) return bad("give the request JSON (or - for stdin) as the one argument");
  const text = parsed.positionals[0] === "-" ? io.stdin() : Buffer.from(parsed.positionals[0] ?? "", "utf8");
  try {
    JSON.parse(text.toString("utf8"));
  } catch {
    return bad("the request is not JSON");
  }
  try {
    const privateKey = parsePrivateKey(readFileSync(key, "utf8"));
    io.write(signCommand({ keyId, operator, privateKey }, siteTopics(site).request(request), text));
  } catch (err) {
    io.error(`gatehouse sign-command: ${(err as Error).message}\n`);
    return 1;
  }
  return 0;
}
