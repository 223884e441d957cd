import { SerialPortMock } from "serialport";
import { describe, it } from "vitest";
import { OsdpSerialTransport } from "../../../src/drivers/osdp/serial-transport.js";
import { silentLogger } from "../../../src/util/log.js";
import { expectCardRead, expectChunkedRead, expectSecureSession, serialCp, type SerialCp } from "../../helpers/osdp-serial-cp.js";
import { mockLineEnd, SerialLine } from "../../helpers/osdp-serial-line.js";
import { mockBindingPerTest, mockPorts, openMock } from "../../helpers/serial-mock.js";

const PATH = "/dev/osdp-mock";

describe("OSDP control panel over a serial port (mock binding)", () => {
  const cleanups = mockBindingPerTest();

  async function site(): Promise<SerialCp> {
    SerialPortMock.binding.createPort(PATH);
    const { factory, made } = mockPorts();
    const transport = new OsdpSerialTransport({ path: PATH, baudRate: 9600, log: silentLogger(), openPort: factory });
    await transport.start();
    cleanups.push(() => transport.stop());
    const line = new SerialLine(mockLineEnd(openMock(made)));
    cleanups.push(() => line.close());
    const cp = serialCp(transport, line);
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
});
