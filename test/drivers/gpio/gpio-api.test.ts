import { describe, expect, it } from "vitest";
import { onoffGpioApi } from "../../../src/drivers/gpio/gpio-api.js";
import { GatewayError } from "../../../src/util/errors.js";

// The test machines have no /sys/class/gpio (GUIDE: no GPIO hardware or kernel simulation): the real
// onoff-backed API must load lazily and then say so clearly.
describe("the onoff GPIO API without sysfs GPIO", () => {
  it("reports GPIO as unavailable instead of crashing", async () => {
    const api = onoffGpioApi();
    for (const open of [() => api.openInput(529, "both"), () => api.openOutput(529, 0)]) {
      const err = await open().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(GatewayError);
      expect((err as GatewayError).code).toBe("DEVICE_UNAVAILABLE");
      expect((err as GatewayError).message).toMatch(/\/sys\/class\/gpio/);
    }
  });
});
