import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { connect, createServer, type AddressInfo } from "node:net";
import { userInfo } from "node:os";
import { join } from "node:path";

/** The Debian package's daemon. */
export const MOSQUITTO = "/usr/sbin/mosquitto";

/**
 * A free TCP port on 127.0.0.1: bind port 0, read it, close. mosquitto cannot bind port 0 and report
 * it, so the port is chosen here; another process could take it in between, which on a test machine
 * is rare enough.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** How long mosquitto may take to open its port; it needs a few ms, a loaded CI machine more. */
const START_TIMEOUT_MS = 10_000;

/** Resolve once `port` accepts a TCP connection; reject if the process exits or the time runs out. */
async function waitForListener(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}: ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not open port ${port}: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A mosquitto daemon run by a test, on 127.0.0.1, with its own config and persistence in `dir`. */
export interface Mosquitto {
  readonly port: number;
  readonly url: string;
  /** Start (again) on the same port with the same persistence. */
  start(): Promise<void>;
  /** SIGTERM and wait for the exit (mosquitto saves its persistence file on the way out). */
  stop(): Promise<void>;
}

/** What a test changes in the daemon's configuration. */
export interface MosquittoOptions {
  /** Lines that configure the listener (TLS files, `require_certificate`…); with `certfile` the URL is mqtts://. */
  listener?: string[];
  /** `allow_anonymous`; default true. */
  anonymous?: boolean;
  /** Global lines about who may do what (`password_file`, `acl_file`). */
  security?: string[];
}

/**
 * Configure a mosquitto in `dir` and start it. Anonymous clients are allowed by default; sessions and retained
 * messages persist in `dir` across `stop`/`start` (like a production district broker). Queues are
 * unbounded so that a persistent subscriber offline during a 100,000-event drain loses nothing.
 */
export async function startMosquitto(dir: string, opts: MosquittoOptions = {}): Promise<Mosquitto> {
  const port = await freePort();
  const conf = join(dir, "mosquitto.conf");
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      ...(opts.listener ?? []),
      `allow_anonymous ${opts.anonymous ?? true}`,
      ...(opts.security ?? []),
      "persistence true",
      `persistence_location ${dir}/`,
      "log_dest stdout",
      "log_type error",
      "log_type warning",
      "log_type notice",
      "log_type information",
      // Started as root, mosquitto would switch to the `mosquitto` user, who cannot write this temp dir.
      `user ${userInfo().username}`,
      "max_queued_messages 0",
      "max_inflight_messages 1000",
      // Without it mosquitto's small PUBACKs wait on Nagle's algorithm and a drain slows down tenfold.
      "set_tcp_nodelay true",
      "",
    ].join("\n"),
  );
  let proc: ChildProcess | null = null;
  let output = "";
  // If the test process ends without `stop` (a crash, a timeout), the daemon must not outlive it.
  const orphanGuard = (): void => void proc?.kill("SIGKILL");
  const mosquitto: Mosquitto = {
    port,
    url: `${opts.listener?.some((l) => l.startsWith("certfile")) === true ? "mqtts" : "mqtt"}://127.0.0.1:${port}`,
    async start() {
      const child = spawn(MOSQUITTO, ["-c", conf], { stdio: ["ignore", "pipe", "pipe"] });
      proc = child;
      process.once("exit", orphanGuard);
      output = "";
      child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      // Its stdout is block-buffered on a pipe, so the "running" line may come late: wait for the port.
      await waitForListener(port, child, () => output);
    },
    async stop() {
      const child = proc;
      proc = null;
      process.off("exit", orphanGuard);
      if (child === null || child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
  await mosquitto.start();
  return mosquitto;
}
