import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("./child-gateway-main.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Options of a child gateway (see child-gateway-main.ts). */
export interface ChildGatewayOptions {
  /** Directory of its store (`gatehouse.db`). */
  dir: string;
  /** District broker URL. */
  url: string;
  protocolVersion: 4 | 5;
  window: number;
}

/** A running child gateway process. */
export interface ChildGateway {
  readonly process: ChildProcess;
  /** SIGKILL: no cleanup, no DISCONNECT, the cursor only as far as it was flushed. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** Start `node --import tsx child-gateway-main.ts` and resolve once its uplink runs. */
export function spawnChildGateway(opts: ChildGatewayOptions): Promise<ChildGateway> {
  return spawnReadyChild(MAIN, opts);
}

/** Start `node --import tsx <main> '<json options>'` and resolve once it prints "ready". */
export async function spawnReadyChild(main: string, opts: unknown): Promise<ChildGateway> {
  const child = spawn(process.execPath, ["--import", "tsx", main, JSON.stringify(opts)], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  // If the test process ends first (a crash, a timeout), the child must not outlive it.
  const orphanGuard = (): void => void child.kill("SIGKILL");
  process.once("exit", orphanGuard);
  child.once("exit", () => process.off("exit", orphanGuard));
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready\n")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`child gateway exited with ${code}: ${output}`)));
  });
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill(signal);
    await exited;
  };
  return { process: child, kill9: () => end("SIGKILL"), stop: () => end("SIGTERM") };
}
