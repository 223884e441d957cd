import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import mqtt, { type MqttClient } from "mqtt";

/** How the gateway is started: the built CLI (as the systemd unit runs it) or the TypeScript sources. */
export type Entry = "dist" | "src";

/** A `gatehouse run` child process. */
export interface GatewayProcess {
  readonly child: ChildProcess;
  /** When it was spawned (performance.now()). */
  readonly spawnedAt: number;
  /** The last lines it wrote, for a failure message. */
  output(): string;
  /**
   * When it said every output is at its start level (performance.now()): the levels the stored
   * safety state asks, the drivers started. Null if it exited or was killed before.
   */
  readonly outputsAt: Promise<number | null>;
  kill9(): Promise<void>;
}

/** The gateway's line (at debug) once every output is at its start level; see runtime/components/outputs.ts. */
const OUTPUTS_LINE = "outputs at their start levels";

/** Longest output kept per process: enough for a start-up failure, bounded for 200 restarts. */
const OUTPUT_KEEP = 8_000;

/** A TCP port free right now on 127.0.0.1 (the config needs a number before the gateway starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Spawn `gatehouse run --config <dir> --data-dir <dir>` with the gateway's node options, from the repository root. */
export function spawnGateway(root: string, entry: Entry, configDir: string, dataDir: string): GatewayProcess {
  const main = entry === "dist" ? ["dist/cli.js"] : ["--import", "tsx", "src/cli.ts"];
  const child = spawn(process.execPath, ["--v8-pool-size=1", ...main, "run", "--config", configDir, "--data-dir", dataDir, "--log-level", "debug"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const spawnedAt = performance.now();
  const guard = (): void => void child.kill("SIGKILL");
  process.once("exit", guard);
  child.once("exit", () => process.off("exit", guard));
  let out = "";
  let outputsSeen: ((at: number | null) => void) | null = null;
  const outputsAt = new Promise<number | null>((resolve) => (outputsSeen = resolve));
  child.once("exit", () => outputsSeen?.(null));
  const keep = (chunk: Buffer): void => {
    const text = chunk.toString();
    // Searched in what was kept before too: the line may come in two chunks.
    if (outputsSeen !== null && (out.slice(-200) + text).includes(OUTPUTS_LINE)) {
      outputsSeen(performance.now());
      outputsSeen = null;
    }
    out = (out + text).slice(-OUTPUT_KEEP);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return {
    child,
    spawnedAt,
    output: () => out,
    outputsAt,
    kill9: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Connect to the gateway's broker, retrying every few ms until it listens or `deadline` passes. */
export async function connectWhenUp(port: number, opts: mqtt.IClientOptions, deadline: number, gateway: GatewayProcess): Promise<MqttClient> {
  for (;;) {
    if (gateway.child.exitCode !== null) throw new Error(`gateway exited with ${gateway.child.exitCode}:\n${gateway.output()}`);
    try {
      return await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { ...opts, reconnectPeriod: 0, connectTimeout: 1_000 });
    } catch {
      if (performance.now() > deadline) throw new Error(`gateway broker not up in time:\n${gateway.output()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
