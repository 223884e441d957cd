import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { vi } from "vitest";

/** Open file descriptors of this process. */
export function openFds(): number {
  return readdirSync("/proc/self/fd").length;
}

/** A socat pty pair: `gw` for the gateway side, `dev` for the fake device side. */
export class PtyPair {
  readonly gw: string;
  readonly dev: string;
  private proc: ChildProcess | null = null;

  constructor(readonly dir: string) {
    this.gw = join(dir, "gw");
    this.dev = join(dir, "dev");
  }

  /** Start socat and wait until both links exist. */
  async start(): Promise<void> {
    const proc = spawn(
      "/usr/bin/socat",
      ["-d", "-d", `pty,raw,echo=0,link=${this.gw}`, `pty,raw,echo=0,link=${this.dev}`],
      { stdio: "ignore" },
    );
    this.proc = proc;
    await vi.waitFor(
      () => {
        if (proc.exitCode !== null) throw new Error(`socat exited with ${proc.exitCode}`);
        if (!existsSync(this.gw) || !existsSync(this.dev)) throw new Error("pty links not there yet");
      },
      { timeout: 5000, interval: 5 },
    );
  }

  /** Kill socat (the "unplug") and wait until it has exited and removed its links. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (proc === null || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill("SIGTERM");
    await exited;
    await vi.waitFor(
      () => {
        if (existsSync(this.gw) || existsSync(this.dev)) throw new Error("pty links still there");
      },
      { timeout: 5000, interval: 5 },
    );
  }
}
