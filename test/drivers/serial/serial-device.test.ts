import { EventEmitter, once } from "node:events";
import { pino } from "pino";
import { SerialPortMock } from "serialport";
import { describe, expect, it } from "vitest";
import { CatalogModelSchema, type CatalogModel } from "../../../src/catalog/schema.js";
import { encodeBits } from "../../../src/core/badge.js";
import type { Input } from "../../../src/core/inputs.js";
import { SerialDevice } from "../../../src/drivers/serial/serial-device.js";
import { ManualTimers } from "../../helpers/manual-timers.js";
import { catalogModel, deviceOf, recordingContext } from "../../helpers/serial-harness.js";
import { mockBindingPerTest, mockPorts, openMock, unplugMock } from "../../helpers/serial-mock.js";

const PATH = "/dev/serial/by-id/usb-Prolific_PL2303-if00-port0";
const PAT = encodeBits("h10301", 123, 45678);
const HOUR = 3_900_000;

/** A device on the mock binding with manual timers, its recorded inputs, and a way to send bytes. */
function rig(model: CatalogModel, opts: { id?: string; baud?: number | null; logLines?: string[] } = {}) {
  const ctx = recordingContext();
  const emitted = new EventEmitter();
  const inputs = ctx.inputs;
  const lines = opts.logLines;
  const log = lines === undefined ? ctx.log : pino({ level: "debug" }, { write: (s: string) => lines.push(s) });
  const timers = new ManualTimers();
  const ports = mockPorts();
  const id = opts.id ?? "dev-1";
  const device = new SerialDevice(
    deviceOf(model, id, PATH, opts.baud ?? null),
    { ...ctx, log, emit: (i) => (inputs.push(i), emitted.emit("input", i)) },
    { openPort: ports.factory, timers, random: () => 0, backoff: { minMs: 10, maxMs: 40 } },
  );
  const send = async (text: string): Promise<void> => {
    const port = openMock(ports.made);
    const arrived = once(port, "data");
    port.port?.emitData(Buffer.from(text, "latin1"));
    await arrived;
  };
  const next = (match: (i: Input) => boolean): Promise<Input> =>
    new Promise((resolve) => {
      const on = (i: Input): void => {
        if (!match(i)) return;
        emitted.off("input", on);
        resolve(i);
      };
      emitted.on("input", on);
    });
  return { device, inputs, timers, ports, send, next, id };
}

const status = (device: string, s: string, reason: string | null): Input => ({
  kind: "device_status",
  device,
  status: s as "online",
  reason,
});

describe("SerialDevice on the mock binding", () => {
  const cleanups = mockBindingPerTest();

  it("a reader: online, badge reads, bad frames counted; the site's baud overrides the model's", async () => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    const r = rig(catalogModel("generic/wiegand-serial-text"), { baud: 19200 });
    cleanups.push(() => r.device.stop());
    await r.device.start();
    expect(openMock(r.ports.made).port?.openOptions).toMatchObject({ baudRate: 19200, dataBits: 8, parity: "none" });
    await r.send("26:2F764DD\r\n26:2F764DC\r\nhello\r\n");
    expect(r.inputs).toEqual([
      status("dev-1", "online", null),
      { kind: "badge", reader: "dev-1", read: { kind: "bits", bits: PAT } },
    ]);
    expect(r.device.counters).toEqual({ framesOk: 1, framesBad: 2, reconnects: 0 });
  });

  it("starts without its port (offline), comes online when it appears, and counts reconnects after an unplug", async () => {
    const r = rig(catalogModel("generic/ascii-card-reader"));
    cleanups.push(() => r.device.stop());
    await r.device.start();
    expect(r.inputs).toEqual([status("dev-1", "offline", expect.stringMatching(/^cannot open: /) as string)]);
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    const online = r.next((i) => i.kind === "device_status" && i.status === "online");
    r.timers.advance(10);
    await online;
    const offline = r.next((i) => i.kind === "device_status" && i.status === "offline");
    await unplugMock(openMock(r.ports.made));
    expect(await offline).toEqual(status("dev-1", "offline", expect.stringMatching(/^port lost: /) as string));
    const back = r.next((i) => i.kind === "device_status" && i.status === "online");
    r.timers.advance(10);
    await back;
    await r.send("0004512345\r\n");
    expect(r.inputs.at(-1)).toEqual({ kind: "badge", reader: "dev-1", read: { kind: "digits", digits: "0004512345" } });
    expect(r.device.counters.reconnects).toBe(1);
  });

  it("a panic receiver reports a missed check-in as trouble, and online again when the transmitter checks in", async () => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    const r = rig(catalogModel("generic/wireless-panic-receiver"), { id: "panic-1" });
    cleanups.push(() => r.device.stop());
    await r.device.start();
    r.timers.advance(HOUR - 1);
    expect(r.inputs).toEqual([status("panic-1", "online", null)]);
    r.timers.advance(1);
    expect(r.inputs.at(-1)).toEqual(status("panic-1", "trouble", "missed check-in (receiver)"));
    await r.send("CHECKIN 12\r\n");
    expect(r.inputs.at(-1)).toEqual(status("panic-1", "online", "check-in restored"));
    r.timers.advance(HOUR / 2);
    await r.send("CHECKIN 7\r\n");
    r.timers.advance(HOUR / 2);
    expect(r.inputs.at(-1)).toEqual(status("panic-1", "trouble", "missed check-in (transmitter 12)"));
    r.timers.advance(HOUR);
    expect(r.inputs.slice(-2)).toEqual([
      status("panic-1", "trouble", "missed check-in (transmitter 12)"),
      status("panic-1", "trouble", "missed check-in (transmitter 7)"),
    ]);
    await r.send("ALARM 12\r\n");
    expect(r.inputs.at(-1)).toEqual({ kind: "panic", device: "panic-1", pressed: true });
    await r.send("CHECKIN 7\r\n");
    expect(r.inputs.at(-1)).toEqual(status("panic-1", "online", "check-in restored"));
  });

  it("a missed check-in and an unplug write no info or warn line of their own: the recorded device event is that line", async () => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    const logLines: string[] = [];
    const r = rig(catalogModel("generic/wireless-panic-receiver"), { id: "panic-1", logLines });
    cleanups.push(() => r.device.stop());
    await r.device.start();
    r.timers.advance(HOUR);
    expect(r.inputs.at(-1)).toEqual(status("panic-1", "trouble", "missed check-in (receiver)"));
    await r.send("TROUBLE 7 LOWBATT\r\n");
    const offline = r.next((i) => i.kind === "device_status" && i.status === "offline");
    await unplugMock(openMock(r.ports.made));
    await offline;
    const loud = logLines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 30);
    expect(loud.map((l) => l.msg)).toEqual([]);
  });

  it("a metal detector: screening inputs and a detector fault as trouble", async () => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    const r = rig(catalogModel("generic/wtmd-serial-text"), { id: "wtmd-1" });
    cleanups.push(() => r.device.stop());
    await r.device.start();
    await r.send("ALARM Z05 P000010 A000002\r\nERR 12 RX COIL\r\n");
    expect(r.inputs.slice(1)).toEqual([
      { kind: "screening", device: "wtmd-1", result: "alarm", zones: [5], counts: { passages: 10, alarms: 2 } },
      status("wtmd-1", "trouble", "12 RX COIL"),
    ]);
  });

  it("inter-byte timeout framing completes a frame on the injected clock", async () => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    const model = CatalogModelSchema.parse({
      model: "acme/silent-converter",
      vendor: "Acme",
      name: "Converter without line ends",
      kind: "reader",
      transport: {
        type: "serial",
        framing: { type: "inter_byte_timeout", gap_ms: 30 },
        decoder: { type: "wiegand_text", pattern: "^(?<count>\\d+):(?<hex>[0-9A-F]+)$" },
      },
    });
    const r = rig(model);
    cleanups.push(() => r.device.stop());
    await r.device.start();
    await r.send("26:2F7");
    await r.send("64DD");
    r.timers.advance(29);
    expect(r.inputs).toHaveLength(1);
    r.timers.advance(1);
    expect(r.inputs.at(-1)).toEqual({ kind: "badge", reader: "dev-1", read: { kind: "bits", bits: PAT } });
  });

  it("logs bad frames with their hex, and never a full badge number", async () => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    const lines: string[] = [];
    const r = rig(catalogModel("generic/wiegand-serial-text"), { logLines: lines });
    cleanups.push(() => r.device.stop());
    await r.device.start();
    await r.send("26:2F764DD\r\nXY\r\n");
    const bad = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "bad frame");
    expect(bad).toMatchObject({ reason: "no pattern matches", hex: "…859", len: 2, device: "dev-1" });
    expect(lines.join("\n")).not.toContain(PAT);
    expect(lines.join("\n")).not.toContain("2F764DD");
  });

  it("refuses a decoder that does not fit the device kind", async () => {
    const wtmd = catalogModel("generic/wtmd-serial-text");
    const r = rig({ ...wtmd, kind: "reader" });
    await expect(r.device.start()).rejects.toMatchObject({ code: "DEVICE_START" });
  });

  it("writes go through the open port", async () => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
    const r = rig(catalogModel("generic/ascii-card-reader"));
    cleanups.push(() => r.device.stop());
    await r.device.start();
    await r.device.write(Buffer.from("BEEP\r\n"));
    expect(openMock(r.ports.made).port?.recording.toString()).toBe("BEEP\r\n");
  });
});
