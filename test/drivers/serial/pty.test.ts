import { EventEmitter, once } from "node:events";
import { closeSync, openSync, writeSync } from "node:fs";
import type { SerialPortStream } from "@serialport/stream";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { encodeBits } from "../../../src/core/badge.js";
import type { Input } from "../../../src/core/inputs.js";
import { SerialDevice } from "../../../src/drivers/serial/serial-device.js";
import { realSerialBinding } from "../../../src/drivers/serial/binding.js";
import { SerialConnection, type PortFactory } from "../../../src/drivers/serial/connection.js";
import { bindingTuning, portsOn } from "../../../src/drivers/serial/ports.js";
import { systemTimers } from "../../../src/time/timers.js";
import { silentLogger } from "../../../src/util/log.js";
import { cleanupsAfterEach } from "../../helpers/cleanups.js";
import { catalogModel, deviceOf, recordingContext } from "../../helpers/serial-harness.js";
import { openFds, PtyPair } from "../../helpers/serial-pty.js";
import { tempDir } from "../../helpers/temp-dir.js";

const PAT = encodeBits("h10301", 123, 45678);
const FC1 = encodeBits("h10301", 1, 1);
/** Small backoff so a replug is noticed within milliseconds in tests. */
const FAST = { minMs: 5, maxMs: 40 };
/** The real binding (with its unplug check) on the system clock, as the gateway runs a serial device. */
const REAL = { ...bindingTuning(realSerialBinding()), timers: systemTimers };
/** Slack for descriptors the runtime opens lazily (libuv, the test runner's IPC): not a per-replug leak. */
const FD_SLACK = 2;

/** A scripted fake device: writes bytes into the device end of the pty pair. */
function fakeDevice(pty: PtyPair) {
  const fd = openSync(pty.dev, "w");
  return {
    write: (text: string) => writeSync(fd, Buffer.from(text, "latin1")),
    close: () => closeSync(fd),
  };
}

const statuses = (inputs: readonly Input[]): string[] =>
  inputs.flatMap((i) => (i.kind === "device_status" ? [i.status] : []));

describe("serial over a socat pty pair with the real binding", () => {
  const cleanups = cleanupsAfterEach();
  let pty: PtyPair;

  beforeEach(async () => {
    const pair = new PtyPair(tempDir(cleanups, "gatehouse-pty-"));
    // Registered before the start, so socat is killed even when its links never appear.
    cleanups.push(() => pair.stop());
    pty = pair;
    await pty.start();
  });

  it("decodes what a scripted reader writes, whole and split across writes", async () => {
    const ctx = recordingContext();
    const device = new SerialDevice(deviceOf(catalogModel("generic/wiegand-serial-text"), "rdr-1", pty.gw), ctx, REAL);
    await device.start();
    cleanups.push(() => device.stop());
    const reader = fakeDevice(pty);
    cleanups.push(() => reader.close());

    reader.write("WIEGAND CONVERTER V2.1\r\n26:2F764DD\r\n");
    reader.write("26:20");
    reader.write("20002\r\n");
    await vi.waitFor(() => expect(ctx.inputs.filter((i) => i.kind === "badge")).toHaveLength(2), { interval: 5 });
    expect(ctx.inputs).toEqual([
      { kind: "device_status", device: "rdr-1", status: "online", reason: null },
      { kind: "badge", reader: "rdr-1", read: { kind: "bits", bits: PAT } },
      { kind: "badge", reader: "rdr-1", read: { kind: "bits", bits: FC1 } },
    ]);
    expect(device.counters).toEqual({ framesOk: 3, framesBad: 0, reconnects: 0 });
  });

  it("comes back after socat is killed and restarted 10 times, offline then online, with flat descriptors", async () => {
    const fdsBefore = openFds();
    const ctx = recordingContext();
    // A killed socat hangs the pty up; reads then see end-of-file, which only the presence check notices.
    const device = new SerialDevice(deviceOf(catalogModel("generic/ascii-card-reader"), "rdr-2", pty.gw), ctx, {
      ...REAL,
      backoff: FAST,
      presenceMs: 20,
    });
    await device.start();
    const REPLUGS = 10;
    for (let n = 1; n <= REPLUGS; n++) {
      await pty.stop();
      const wait = { timeout: 5000, interval: 2 };
      await vi.waitFor(() => expect(statuses(ctx.inputs).filter((s) => s === "offline")).toHaveLength(n), wait);
      await pty.start();
      await vi.waitFor(() => expect(statuses(ctx.inputs).filter((s) => s === "online")).toHaveLength(n + 1), wait);
    }
    expect(statuses(ctx.inputs)).toEqual(["online", ...Array<string[]>(REPLUGS).fill(["offline", "online"]).flat()]);
    const reader = fakeDevice(pty);
    reader.write(`${REPLUGS}\r\n`);
    reader.close();
    await vi.waitFor(() =>
      expect(ctx.inputs.at(-1)).toEqual({ kind: "badge", reader: "rdr-2", read: { kind: "digits", digits: String(REPLUGS) } }),
    );
    expect(device.counters.reconnects).toBe(REPLUGS);
    await device.stop();
    expect(openFds()).toBeLessThanOrEqual(fdsBefore + FD_SLACK);
  });

  it("releases the real port's descriptor on each of 100 losses: descriptors stay flat", async () => {
    const made: SerialPortStream[] = [];
    const ports = portsOn(realSerialBinding());
    const tracked: PortFactory = (s) => {
      const port = ports(s);
      made.push(port as SerialPortStream);
      return port;
    };
    const events = new EventEmitter();
    const link = new SerialConnection({
      settings: { path: pty.gw, baudRate: 9600, dataBits: 8, parity: "none", stopBits: 1, rtscts: false },
      log: silentLogger(),
      openPort: tracked,
      timers: systemTimers,
      backoff: { minMs: 1, maxMs: 1 },
      onData: () => undefined,
      onOnline: () => events.emit("online"),
      onOffline: (reason) => offline.push(reason),
    });
    const offline: string[] = [];
    await link.start();
    cleanups.push(() => link.stop());
    const lose = async (): Promise<void> => {
      const online = once(events, "online");
      made.at(-1)?.emit("error", new Error("EIO: i/o error, read"));
      await online;
    };
    // One loss first, so descriptors the runtime opens lazily on a first close are in the baseline.
    await lose();
    const fdsOpen = openFds();
    for (let i = 0; i < 100; i++) await lose();
    await vi.waitFor(() => expect(openFds()).toBeLessThanOrEqual(fdsOpen + FD_SLACK), { timeout: 5000, interval: 5 });
    // One port object per loss, plus one per attempt that could not open (a loaded machine may refuse
    // an open now and then; each such attempt must be released too).
    const refused = offline.filter((r) => r.startsWith("cannot open"));
    expect(made.length, offline.join("; ")).toBe(102 + refused.length);
    expect(made.filter((p) => p.isOpen)).toHaveLength(1);
    expect(link.reconnects, offline.join("; ")).toBe(101);
  });
});
