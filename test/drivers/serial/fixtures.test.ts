import { once } from "node:events";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SerialPortMock } from "serialport";
import { describe, expect, it } from "vitest";
import { SerialDevice } from "../../../src/drivers/serial/serial-device.js";
import { systemTimers } from "../../../src/time/timers.js";
import {
  catalog,
  catalogModel,
  deviceOf,
  pipeline,
  recordingContext,
  type DeviceFixture,
} from "../../helpers/serial-harness.js";
import { mockBindingPerTest, mockPorts, openMock } from "../../helpers/serial-mock.js";

const FIXTURES = "test/fixtures/devices";
const NOISE = Buffer.from("\x00\xff\x1b\x80", "latin1");

const serialModels = [...catalog.models.values()].filter((m) => m.transport.type === "serial").map((m) => m.model);

function fixturePath(model: string): string {
  return join(FIXTURES, `${model}.fixture.json`);
}

function loadFixture(model: string): DeviceFixture {
  return JSON.parse(readFileSync(fixturePath(model), "utf8")) as DeviceFixture;
}

const bytesOf = (f: DeviceFixture): Buffer[] => f.chunks.map((h) => Buffer.from(h, "hex"));

describe("serial catalog models and their captured fixtures", () => {
  it("every serial model has a fixture, and every serial fixture names a shipped model", () => {
    expect(serialModels.length).toBeGreaterThanOrEqual(4);
    expect(serialModels.filter((m) => !existsSync(fixturePath(m)))).toEqual([]);
    // Serial fixtures are the ones holding byte chunks; other transports keep their own formats here.
    const serialFixtures = readdirSync(FIXTURES, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".fixture.json"))
      .map((file) => ({ file, json: JSON.parse(readFileSync(join(FIXTURES, file), "utf8")) as Partial<DeviceFixture> }))
      .filter((f) => Array.isArray(f.json.chunks));
    expect(serialFixtures.length).toBe(serialModels.length);
    const misplaced = serialFixtures.filter((f) => !serialModels.includes(f.json.model ?? "") || f.file !== `${f.json.model}.fixture.json`);
    expect(misplaced.map((f) => f.file)).toEqual([]);
  });

  for (const model of serialModels) {
    describe(model, () => {
      const fixture = loadFixture(model);
      const m = catalogModel(model);
      const stream = Buffer.concat(bytesOf(fixture));
      const run = (chunks: readonly Buffer[]) => {
        const p = pipeline(m, fixture.device);
        for (const c of chunks) p.push(c, 0);
        p.idle(60_000);
        return p.out;
      };

      it("decodes as captured, and whole", () => {
        expect(run(bytesOf(fixture))).toMatchObject({ inputs: fixture.expect, bad: fixture.bad });
        expect(run([stream])).toMatchObject({ inputs: fixture.expect, bad: fixture.bad });
      });

      it("decodes byte by byte and split in two at every offset", () => {
        expect(run([...stream].map((b) => Buffer.of(b))).inputs).toEqual(fixture.expect);
        for (let k = 1; k < stream.length; k++) {
          expect(run([stream.subarray(0, k), stream.subarray(k)]).inputs, `split at ${k}`).toEqual(fixture.expect);
        }
      });

      it("decodes after line noise", () => {
        expect(run([NOISE, stream]).inputs).toEqual(fixture.expect);
      });
    });
  }
});

describe("serial fixtures through SerialDevice on the mock binding", () => {
  const cleanups = mockBindingPerTest();

  for (const model of serialModels) {
    it(`${model}: captured chunks, byte by byte, split at every offset, after noise`, async () => {
      const fixture = loadFixture(model);
      const path = `/dev/serial/by-id/usb-fixture-${model.replace("/", "-")}`;
      SerialPortMock.binding.createPort(path, { echo: false, record: true });
      const ctx = recordingContext();
      const ports = mockPorts();
      const device = new SerialDevice(deviceOf(catalogModel(model), fixture.device, path), ctx, { openPort: ports.factory, timers: systemTimers });
      await device.start();
      cleanups.push(() => device.stop());
      const send = async (chunk: Buffer): Promise<void> => {
        const port = openMock(ports.made);
        const arrived = once(port, "data");
        port.port?.emitData(chunk);
        await arrived;
      };
      for (const chunk of bytesOf(fixture)) await send(chunk);
      expect(ctx.inputs.slice(1)).toEqual(fixture.expect);
      expect(device.counters).toEqual({ framesOk: expect.any(Number) as number, framesBad: fixture.bad, reconnects: 0 });
      // Each fixture ends in the state it started from (alarms restored), so every replay decodes the same.
      const replay = async (chunks: readonly Buffer[], what: string): Promise<void> => {
        ctx.inputs.length = 0;
        for (const c of chunks) if (c.length > 0) await send(c);
        expect(ctx.inputs, what).toEqual(fixture.expect);
      };
      const stream = Buffer.concat(bytesOf(fixture));
      await replay([...stream].map((b) => Buffer.of(b)), "byte by byte");
      for (let k = 1; k < stream.length; k++) await replay([stream.subarray(0, k), stream.subarray(k)], `split at ${k}`);
      await replay([NOISE, stream], "after noise");
    });
  }
});
