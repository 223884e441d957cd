import { systemTimers } from "../../../src/time/timers.js";
import { SerialPortMock } from "serialport";
import { describe, expect, it, vi } from "vitest";
import { OsdpSerialTransport } from "../../../src/drivers/osdp/serial-transport.js";
import { silentLogger } from "../../../src/util/log.js";
import {
  expectCardRead,
  expectChunkedRead,
  expectSecureSession,
  noticesOf,
  serialCp,
  untilOnline,
  type SerialCp,
  type SerialCpOptions,
} from "../../helpers/osdp-serial-cp.js";
import { capturedLog } from "../../helpers/log-lines.js";
import { H10301 } from "../../helpers/osdp-cp-site.js";
import { mockDevicePorts, SerialLine } from "../../helpers/osdp-serial-line.js";
import { mockBindingPerTest, mockPorts, openMock, unplugMock } from "../../helpers/serial-mock.js";

const PATH = "/dev/osdp-mock";

describe("OSDP control panel over a serial port (mock binding)", () => {
  const cleanups = mockBindingPerTest();
  /** The mock port objects of the latest site, newest last. */
  let ports: SerialPortMock[] = [];

  async function site(options: SerialCpOptions = {}): Promise<SerialCp> {
    SerialPortMock.binding.createPort(PATH);
    const { factory, made, end } = mockDevicePorts();
    const log = options.log ?? silentLogger();
    const backoff = { minMs: 50, maxMs: 200, jitter: 0 };
    const transport = new OsdpSerialTransport({ path: PATH, baudRate: 9600, log, openPort: factory, backoff, timers: systemTimers });
    await transport.start();
    cleanups.push(() => transport.stop());
    ports = made;
    const line = new SerialLine(end);
    cleanups.push(() => line.close());
    const cp = serialCp(transport, line, options);
    cleanups.push(() => cp.bus.stop());
    return cp;
  }

  it("establishes the Secure Channel session and polls inside it", async () => {
    await expectSecureSession(await site());
  });

  it("reports a card read as a notice", async () => {
    await expectCardRead(await site());
  });

  it("reads a reply delivered in chunks 100 ms apart", async () => {
    await expectChunkedRead(await site());
  });

  it("takes the reader offline while the port is unplugged, and back under a new session once it returns", async () => {
    const cp = await site({ timing: { offlineAfterMs: 400, backoffMinMs: 100, backoffMaxMs: 200 } });
    await untilOnline(cp);
    SerialPortMock.binding.reset(); // the adapter is gone: reopening fails until it is back
    await unplugMock(openMock(ports));
    await vi.waitFor(() => expect(noticesOf(cp, "offline")).toHaveLength(1), { timeout: 5000, interval: 10 });
    const before = ports.length;
    SerialPortMock.binding.createPort(PATH);
    await vi.waitFor(() => expect(noticesOf(cp, "online")).toHaveLength(2), { timeout: 5000, interval: 10 });
    expect(ports.length).toBeGreaterThan(before);
    expect(noticesOf(cp, "secure").map((n) => n.secure)).toEqual([true, false, true]);
    expect(noticesOf(cp, "alarm")).toEqual([]);
    await expectCardRead(cp);
  });

  it("switches the open port to the rate a reader confirmed with COMSET, and reopens at it after an unplug", async () => {
    const cp = await site({ timing: { offlineAfterMs: 400, backoffMinMs: 100, backoffMaxMs: 200 } });
    await untilOnline(cp);
    const outcome = await new Promise((resolve) => expect(cp.bus.comset(1, { baud: 57600 }, resolve)).toBeNull());
    expect(outcome).toEqual({ ok: true });
    expect(cp.reader.baud).toBe(57600);
    await vi.waitFor(() => expect(openMock(ports).baudRate).toBe(57600), { interval: 1 });
    await expectCardRead(cp);
    SerialPortMock.binding.reset();
    await unplugMock(openMock(ports));
    SerialPortMock.binding.createPort(PATH);
    await vi.waitFor(() => expect(noticesOf(cp, "online")).toHaveLength(2), { timeout: 5000, interval: 10 });
    expect(openMock(ports).baudRate).toBe(57600);
  });

  it("puts nothing of a card read in the log, even at debug level and with the card in clear on the wire", async () => {
    const { log, lines } = capturedLog();
    const cp = await site({ secure: "plaintext", log });
    await expectCardRead(cp);
    expect(lines.length).toBeGreaterThan(0);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(H10301);
    expect(text).not.toMatch(/1a ?00 ?00 ?82 ?69 ?40/i); // the osdp_RAW data in hex
    expect(text).not.toContain("26,0,0,130,105,64"); // or as a serialised Buffer
  });

  it("drops a packet written while the port is closed, logging its length only", async () => {
    const { log, lines } = capturedLog();
    const { factory } = mockPorts();
    const transport = new OsdpSerialTransport({ path: "/dev/osdp-absent", baudRate: 9600, log, openPort: factory, timers: systemTimers });
    await transport.start();
    cleanups.push(() => transport.stop());
    expect(transport.state).toBe("waiting");
    transport.write(Uint8Array.of(0xff, 0x53, 0x00, 0x08, 0x00, 0x06, 0x60, 0x89, 0xcc));
    await vi.waitFor(() => expect(lines.filter((l) => l.code === "PORT_CLOSED")).toHaveLength(1), { interval: 1 });
    expect(lines.find((l) => l.code === "PORT_CLOSED")).toMatchObject({ level: 20, length: 9 });
  });
});
