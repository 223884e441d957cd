import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fchownSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parsePasswordFile, renderPasswordFile, validUsername, type PasswordFileLine } from "../bus/password-file.js";
import { encodePasswordHash, hashPassword } from "../bus/password-hash.js";
import { whyUnreadable } from "../util/file-errors.js";

/** What `gatehouse passwd` was asked to do. */
export interface PasswdRequest {
  readonly file: string;
  readonly username: string;
  /** Remove the user instead of setting a password. */
  readonly delete: boolean;
  /** Read the password from this file's first line instead of asking. */
  readonly passwordFile?: string;
}

/** Where the command reads and writes: the process's streams, or a test's. */
export interface PasswdIo {
  readonly stdin: NodeJS.ReadStream;
  readonly stderr: NodeJS.WritableStream;
}

/** A usage or input problem: reported on stderr, exit 1. */
class PasswdError extends Error {}

/**
 * `gatehouse passwd [--delete] <file> <user>`: add a user to a mosquitto password file, change their
 * password, or remove them. The password is asked twice without echo on a terminal, else read from
 * `--password-file` or the first line of stdin (for scripts). The file is written as
 * `mosquitto_passwd` writes it ($7$, PBKDF2-SHA512), atomically and readable by its owner only.
 */
export async function runPasswdCommand(req: PasswdRequest, io: PasswdIo): Promise<number> {
  try {
    if (!validUsername(req.username)) throw new PasswdError(`invalid username "${req.username}": 1-64 characters, no ':' or control characters`);
    const lines = readLines(req.file, req.delete);
    const at = lines.findIndex((l) => "username" in l && l.username === req.username);
    if (req.delete) {
      if (at < 0) throw new PasswdError(`user ${req.username} is not in ${req.file}`);
      writeAtomically(req.file, renderPasswordFile(lines.filter((l) => !("username" in l && l.username === req.username))));
      io.stderr.write(`removed user ${req.username} from ${req.file}\n`);
      return 0;
    }
    const password = await readPassword(req, io);
    const entry: PasswordFileLine = { username: req.username, hash: encodePasswordHash(await hashPassword(password)) };
    const kept = lines.filter((l, i) => !("username" in l && l.username === req.username) || i === at);
    writeAtomically(req.file, renderPasswordFile(at < 0 ? [...kept, entry] : kept.map((l) => ("username" in l && l.username === req.username ? entry : l))));
    io.stderr.write(`${at < 0 ? "added" : "changed the password of"} user ${req.username} in ${req.file}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof PasswdError)) throw err;
    io.stderr.write(`gatehouse passwd: ${err.message}\n`);
    return 1;
  }
}

/** The lines of the file; none when it does not exist yet (unless a user is to be removed from it). */
function readLines(file: string, mustExist: boolean): PasswordFileLine[] {
  try {
    return parsePasswordFile(readFileSync(file, "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" && !mustExist) return [];
    throw new PasswdError(`cannot read ${file}: ${whyUnreadable(err)}`);
  }
}

/** The new password: from --password-file, asked twice on a terminal, or stdin's first line. */
async function readPassword(req: PasswdRequest, io: PasswdIo): Promise<string> {
  let password: string;
  if (req.passwordFile !== undefined) {
    password = firstLine(readOrFail(req.passwordFile));
  } else if (io.stdin.isTTY === true) {
    password = await askHidden(io, "Password: ");
    if ((await askHidden(io, "Reenter password: ")) !== password) throw new PasswdError("passwords do not match");
  } else {
    password = firstLine(await readAll(io.stdin));
  }
  if (password === "") throw new PasswdError("empty password");
  return password;
}

/** A file's text, or a PasswdError saying why it cannot be read. */
function readOrFail(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new PasswdError(`cannot read ${path}: ${whyUnreadable(err)}`);
  }
}

/** The first line without its line ending (a password may hold spaces, so it is not trimmed). */
function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0] ?? "";
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** Ask on the terminal with echo off: raw mode, the typed characters read one by one. */
function askHidden(io: PasswdIo, prompt: string): Promise<string> {
  const { stdin, stderr } = io;
  stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = "";
    const done = (err: Error | null): void => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write("\n");
      if (err === null) resolve(typed);
      else reject(err);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of String(chunk)) {
        if (ch === "\r" || ch === "\n") return done(null);
        if (ch === "\u0003" || ch === "\u0004") return done(new PasswdError("cancelled"));
        if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.on("data", onData);
    stdin.resume();
  });
}

/**
 * Replace `file` with `text` so that a reader (the gateway, mosquitto) sees the old file or the new
 * one, never half of one: write a temp file beside it with mode 0600, fsync, rename over. The new
 * file keeps the old one's owner (a new one takes its directory's), so that root editing the file
 * leaves it readable by the gateway's user.
 */
function writeAtomically(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, "wx", 0o600);
  } catch (err) {
    throw new PasswdError(`cannot write beside ${file}: ${whyUnreadable(err)}`);
  }
  try {
    try {
      const owner = statSync(existsSync(file) ? file : dirname(file));
      if (process.getuid?.() === 0) fchownSync(fd, owner.uid, owner.gid);
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new PasswdError(`cannot write ${file}: ${whyUnreadable(err)}`);
  }
}
