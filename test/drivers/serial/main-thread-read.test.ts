import { closeSync, openSync, writeSync } from "node:fs";
import { scrypt } from "node:crypto";
import { performance } from "node:perf_hooks";
import { SerialPortStream } from "@serialport/stream";
import { beforeEach, describe, expect, it } from "vitest";
import { realSerialBinding } from "../../../src/drivers/serial/binding.js";
import { cleanupsAfterEach } from "../../helpers/cleanups.js";
import { PtyPair } from "../../helpers/serial-pty.js";
import { tempDir } from "../../helpers/temp-dir.js";

/** More jobs than libuv's thread pool has threads (4 unless UV_THREADPOOL_SIZE says otherwise). */
const POOL_JOBS = 16;

/** Keep every thread-pool thread busy for a while: scrypt with a large cost runs on the pool. */
function saturateThreadPool(): Promise<number> {
  const started = performance.now();
  const jobs = Array.from(
    { length: POOL_JOBS },
    (_, i) => new Promise<void>((resolve) => scrypt(`pw-${i}`, "salt", 32, { N: 2 ** 15, r: 8, p: 2, maxmem: 2 ** 28 }, () => resolve())),
  );
  return Promise.all(jobs).then(() => performance.now() - started);
}

describe("the real binding's ports read on the event loop's thread", () => {
  const cleanups = cleanupsAfterEach();
  let pty: PtyPair;

  beforeEach(async () => {
    const pair = new PtyPair(tempDir(cleanups, "gatehouse-loop-read-"));
    cleanups.push(() => pair.stop());
    pty = pair;
    await pty.start();
  });

  it("delivers a reader's frame while every thread-pool thread is busy", async () => {
    const port = new SerialPortStream({ binding: realSerialBinding(), path: pty.gw, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    cleanups.push(() => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
    const dev = openSync(pty.dev, "w");
    cleanups.push(() => closeSync(dev));
    // A first frame, so that the port's read is waiting on the poller before the pool fills.
    const first = new Promise((resolve) => port.once("data", resolve));
    writeSync(dev, "26:2F764DD\r\n");
    await first;

    const busy = saturateThreadPool();
    let got = "";
    const arrived = new Promise<number>((resolve) =>
      port.on("data", (chunk: Buffer) => {
        got += chunk.toString("latin1");
        if (got.endsWith("\r\n")) resolve(performance.now());
      }),
    );
    const sent = performance.now();
    writeSync(dev, "26:2020002\r\n");
    const at = await arrived;
    const poolMs = await busy;
    expect(got).toBe("26:2020002\r\n");
    // Through the pool the frame would have waited for the scrypt jobs (hundreds of ms at least).
    expect(poolMs).toBeGreaterThan(4 * (at - sent));
    expect(at - sent).toBeLessThan(poolMs / 2);
  });

  it("reports a closed port to a pending read as bindings-cpp does, and reads nothing after", async () => {
    const port = new SerialPortStream({ binding: realSerialBinding(), path: pty.gw, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    const errors: Error[] = [];
    port.on("error", (err) => errors.push(err));
    port.on("data", () => undefined);
    await new Promise<void>((resolve) => port.close(() => resolve()));
    const dev = openSync(pty.dev, "w");
    cleanups.push(() => closeSync(dev));
    writeSync(dev, "26:2F764DD\r\n");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors).toEqual([]);
    expect(port.isOpen).toBe(false);
  });
});
