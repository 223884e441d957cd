import { describe, expect, it } from "vitest";
import { lockEnergised, safeActive } from "../../../src/drivers/lock-level.js";
import { SimDevice } from "../../../src/drivers/sim/sim-device.js";
import { deviceOf, recordingContext } from "../../helpers/device-harness.js";

/** A simulated output: it takes no messages, so it must start without the broker (before it, at boot). */
function simOutput(model: string): SimDevice {
  return new SimDevice(deviceOf(model), recordingContext().ctx);
}

describe("a simulated output", () => {
  it.each([
    ["a fail-safe maglock", "sim/maglock", true],
    ["a fail-secure strike", "sim/strike", false],
    ["a strobe", "sim/strobe", false],
  ])("starts at its safe level without the broker: %s", async (_n, model, energised) => {
    const driver = simOutput(model);
    await driver.start();
    expect(driver.isActive).toBe(energised);
    expect(driver.isActive).toBe(safeActive(driver.device));
  });

  it("starts and stops at the rest level it is told, as a GPIO relay does", async () => {
    const driver = simOutput("sim/maglock");
    driver.restAt(lockEnergised("safe", false));
    await driver.start();
    expect(driver.isActive).toBe(false);
    driver.setActive(true);
    await driver.stop();
    expect(driver.isActive).toBe(false);
  });
});
