import { systemTimers } from "../../../src/time/timers.js";
import { realSerialBinding } from "../../../src/drivers/serial/binding.js";
import { bindingTuning } from "../../../src/drivers/serial/ports.js";
import { describe, it } from "vitest";
import { OsdpSerialTransport } from "../../../src/drivers/osdp/serial-transport.js";
import { silentLogger } from "../../../src/util/log.js";
import { cleanupsAfterEach } from "../../helpers/cleanups.js";
import { expectCardRead, expectChunkedRead, expectSecureSession, serialCp, type SerialCp } from "../../helpers/osdp-serial-cp.js";
import { osdpPtyLine } from "../../helpers/osdp-pty.js";

describe("OSDP control panel over a serial port (socat pty pair, real binding)", () => {
  const cleanups = cleanupsAfterEach();

  async function site(): Promise<SerialCp> {
    const { pair, line } = await osdpPtyLine(cleanups);
    const transport = new OsdpSerialTransport({ path: pair.gw, baudRate: 9600, log: silentLogger(), ...bindingTuning(realSerialBinding()), timers: systemTimers });
    await transport.start();
    cleanups.push(() => transport.stop());
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
