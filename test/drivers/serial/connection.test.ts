import { EventEmitter, once } from "node:events";
import { SerialPortMock } from "serialport";
import { describe, expect, it, vi } from "vitest";
import { backoffDelay } from "../../../src/util/backoff.js";
import { SERIAL_BACKOFF, SerialConnection, type PortSettings } from "../../../src/drivers/serial/connection.js";
import { GatewayError } from "../../../src/util/errors.js";
import { silentLogger } from "../../../src/util/log.js";
import { ManualTimers } from "../../helpers/manual-timers.js";
import { mockBindingPerTest, mockPorts, openMock, unplugMock } from "../../helpers/serial-mock.js";

const PATH = "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0";
const SETTINGS: PortSettings = { path: PATH, baudRate: 19200, dataBits: 7, parity: "even", stopBits: 2, rtscts: false };

/** Timers that also remember every delay asked for. */
class RecordingTimers extends ManualTimers {
  readonly delays: number[] = [];
  override setTimeout(fn: () => void, ms: number): unknown {
    this.delays.push(ms);
    return super.setTimeout(fn, ms);
  }
}

function harness(random = () => 0) {
  const timers = new RecordingTimers();
  const ports = mockPorts();
  const seen = { online: 0, offline: [] as string[], data: [] as { text: string; at: number }[] };
  const events = new EventEmitter();
  const link = new SerialConnection({
    settings: SETTINGS,
    log: silentLogger(),
    openPort: ports.factory,
    timers,
    random,
    onData: (chunk, now) => seen.data.push({ text: chunk.toString("latin1"), at: now }),
    onOnline: () => {
      seen.online++;
      events.emit("online");
    },
    onOffline: (reason) => {
      seen.offline.push(reason);
      events.emit("offline");
    },
  });
  return { timers, ports, seen, link, events };
}

describe("backoffDelay", () => {
  it("doubles from 250 ms to a 10 s cap; jitter only shortens it", () => {
    const none = [...Array(8).keys()].map((a) => backoffDelay(a, SERIAL_BACKOFF, () => 0));
    expect(none).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffDelay(0, SERIAL_BACKOFF, () => 1)).toBe(200);
    expect(backoffDelay(100_000, SERIAL_BACKOFF, () => 0.5)).toBe(9000);
  });
});

describe("SerialConnection over the mock binding", () => {
  const cleanups = mockBindingPerTest();

  it("opens with the model's settings, timestamps data, and writes through the same port", async () => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    const { link, ports, seen, timers } = harness();
    cleanups.push(() => link.stop());
    await link.start();
    expect(link.state).toBe("open");
    const port = openMock(ports.made);
    expect(port.port?.openOptions).toMatchObject({ path: PATH, baudRate: 19200, dataBits: 7, parity: "even", stopBits: 2 });
    timers.advance(42);
    port.port?.emitData(Buffer.from("26:2F764DD\r\n"));
    await vi.waitFor(() => expect(seen.data).toEqual([{ text: "26:2F764DD\r\n", at: timers.now() }]));
    await link.write(Buffer.from("LED 1\r\n"));
    expect(port.port?.recording.toString()).toBe("LED 1\r\n");
    expect(seen).toMatchObject({ online: 1, offline: [] });
  });

  it("a missing port is offline once, retried with doubling backoff up to the cap, online when it appears", async () => {
    const { link, seen, timers } = harness();
    cleanups.push(() => link.stop());
    await link.start();
    expect(seen.offline).toEqual([expect.stringMatching(/^cannot open: Port does not exist/)]);
    for (let i = 0; i < 7; i++) {
      const asked = timers.delays.length;
      timers.advance(timers.delays.at(-1) ?? 0);
      await vi.waitFor(() => expect(timers.delays.length).toBe(asked + 1), { interval: 1 });
    }
    expect(timers.delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    timers.advance(10_000);
    await vi.waitFor(() => expect(link.state).toBe("open"));
    expect(seen.offline).toHaveLength(1);
    expect(seen.online).toBe(1);
    expect(link.reconnects).toBe(0);
  });

  it("comes back after 100 unplugs: offline then online each time, old port objects released", async () => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    const { link, ports, seen, timers, events } = harness();
    cleanups.push(() => link.stop());
    await link.start();
    for (let i = 1; i <= 100; i++) {
      const port = openMock(ports.made);
      const offline = once(events, "offline");
      // Half the unplugs fail the pending read (serialport closes the port), half raise an error event.
      if (i % 2 === 0) await unplugMock(port);
      else port.emit("error", new Error("EIO: i/o error, read"));
      await offline;
      expect(link.state).toBe("waiting");
      const online = once(events, "online");
      timers.advance(250);
      await online;
    }
    expect(seen.offline).toHaveLength(100);
    expect(seen.online).toBe(101);
    expect(link.reconnects).toBe(100);
    expect(seen.offline[0]).toMatch(/^port lost: /);
    expect(ports.made).toHaveLength(101);
    await vi.waitFor(() => expect(ports.made.filter((p) => p.isOpen)).toHaveLength(1));
    const released = ports.made.slice(0, -1);
    expect(released.filter((p) => p.listenerCount("data") > 0 || p.listenerCount("close") > 0)).toEqual([]);
    expect(released.filter((p) => !p.destroyed)).toEqual([]);
    // Bytes still flow on the port that survived.
    openMock(ports.made).port?.emitData(Buffer.from("OK\n"));
    await vi.waitFor(() => expect(seen.data.map((d) => d.text)).toEqual(["OK\n"]));
  });

  it("reopens only once the lost port has closed: a slow close never costs a refused open and a second wait", async () => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    const h = harness();
    // The old descriptor takes 30 ms to close, longer than the retry delay: the device's lock is
    // still held when the retry falls due, as under load on the real binding.
    const slowClose: typeof h.ports.factory = (s) => {
      const port = h.ports.factory(s) as SerialPortMock;
      const close = port.close.bind(port);
      port.close = ((cb?: (err: Error | null) => void) => void setTimeout(() => close(cb), 30)) as typeof port.close;
      return port;
    };
    const link = new SerialConnection({
      settings: SETTINGS,
      log: silentLogger(),
      openPort: slowClose,
      timers: h.timers,
      random: () => 0,
      onData: () => undefined,
      onOnline: () => h.seen.online++,
      onOffline: (reason) => h.seen.offline.push(reason),
    });
    cleanups.push(() => link.stop());
    await link.start();
    for (let i = 0; i < 3; i++) {
      openMock(h.ports.made).emit("error", new Error("EIO: i/o error, read"));
      h.timers.advance(250);
      await vi.waitFor(() => expect(h.seen.online).toBe(i + 2), { timeout: 2000 });
    }
    expect(h.seen.offline.filter((r) => r.startsWith("cannot open"))).toEqual([]);
    expect(h.ports.made).toHaveLength(4);
    expect(link.reconnects).toBe(3);
  });

  it("stop cancels a pending retry, and a port that opens during stop is closed again", async () => {
    const waiting = harness();
    await waiting.link.start();
    expect(waiting.link.state).toBe("waiting");
    await waiting.link.stop();
    waiting.timers.advance(60_000);
    expect(waiting.ports.made).toHaveLength(1);

    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    const opening = harness();
    const started = opening.link.start();
    await opening.link.stop();
    await started;
    expect(opening.seen.online).toBe(0);
    expect(opening.ports.made.every((p) => !p.isOpen)).toBe(true);
    // The exclusive lock went with it: the path opens again.
    const again = new SerialPortMock({ path: PATH, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => again.open((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });

  it("notices an unplug the binding misses: the device node vanishes, or is replaced, under an open port", async () => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    let node: string | null = "inode-1";
    const timers = new ManualTimers();
    const ports = mockPorts();
    const events = new EventEmitter();
    const offline: string[] = [];
    const link = new SerialConnection({
      settings: SETTINGS,
      log: silentLogger(),
      openPort: ports.factory,
      timers,
      random: () => 0,
      presence: async () => node,
      presenceMs: 100,
      onData: () => undefined,
      onOnline: () => events.emit("online"),
      onOffline: (reason) => (offline.push(reason), events.emit("offline")),
    });
    cleanups.push(() => link.stop());
    // The probe answers asynchronously: let it settle before time moves on.
    const tick = async (ms: number): Promise<void> => {
      await new Promise((resolve) => setImmediate(resolve));
      timers.advance(ms);
    };
    await link.start();
    await tick(100);
    await tick(100);
    expect(offline).toEqual([]);
    node = null;
    let gone = once(events, "offline");
    await tick(100);
    await gone;
    expect(offline).toEqual(["port lost: device gone from its path"]);
    node = "inode-2";
    const back = once(events, "online");
    await tick(250);
    await back;
    node = "inode-3";
    gone = once(events, "offline");
    await tick(100);
    await gone;
    expect(offline).toHaveLength(2);
    expect(ports.made.filter((p) => p.isOpen)).toHaveLength(0);
  });

  it("refuses a write while the port is down", async () => {
    const { link } = harness();
    cleanups.push(() => link.stop());
    await link.start();
    await expect(link.write(Buffer.from("x"))).rejects.toMatchObject({ code: "PORT_CLOSED" });
    await expect(link.write(Buffer.from("x"))).rejects.toBeInstanceOf(GatewayError);
  });
});
