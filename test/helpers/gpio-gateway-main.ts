/**
 * A whole gateway on the GPIO test site, in a process of its own, for crash tests. Its GPIO is a fake
 * that appends every output operation to a file as it happens (so a kill -9 loses none), with input
 * levels set from JSON lines on stdin (`{"n": 533, "level": 1}`). Run by `spawnReadyChild`:
 * `node --import tsx test/helpers/gpio-gateway-main.ts '<json options>'`.
 */
import { appendFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { z } from "zod";
import type { GpioApi } from "../../src/drivers/gpio/gpio-api.js";
import { realHardware } from "../../src/drivers/hardware.js";
import { silentLogger } from "../../src/util/log.js";
import { startGateway } from "../../src/main.js";
import { FakeGpio } from "./fake-gpio.js";
import { gpioSiteModel } from "./gpio-site.js";

const Level = z.union([z.literal(0), z.literal(1)]);
const Options = z.strictObject({
  dir: z.string(),
  sysfsRoot: z.string(),
  opsFile: z.string(),
  levels: z.record(z.string(), Level),
});
const Command = z.strictObject({ n: z.number().int(), level: Level });

const opts = Options.parse(JSON.parse(process.argv[2] ?? "{}"));
const fake = new FakeGpio();
for (const [n, level] of Object.entries(opts.levels)) fake.setLevel(Number(n), level);
const record = (op: object): void => appendFileSync(opts.opsFile, `${JSON.stringify(op)}\n`);
const api: GpioApi = {
  openInput: (n, edge) => fake.openInput(n, edge),
  openOutput: async (n, initial) => {
    const line = await fake.openOutput(n, initial);
    record({ op: "open_output", n, level: initial });
    return {
      ...line,
      write: (level) => {
        line.write(level);
        record({ op: "write", n, level });
      },
    };
  },
};
const gateway = await startGateway({
  model: gpioSiteModel(opts.dir),
  log: silentLogger(),
  hardware: { ...realHardware(), gpio: { api, sysfsRoot: opts.sysfsRoot } },
});
createInterface({ input: process.stdin }).on("line", (text) => {
  const c = Command.parse(JSON.parse(text));
  fake.setLevel(c.n, c.level);
});
process.stdout.write("ready\n");
process.once("SIGTERM", () => void gateway.stop().then(() => process.exit(0)));
