/**
 * A gateway process reduced to its uplink, for crash tests: opens the store in the given directory and
 * delivers its events to the district broker until it is killed. Run by `spawnChildGateway`:
 * `node --import tsx test/helpers/child-gateway-main.ts '<json options>'`.
 */
import { z } from "zod";
import { silentLogger } from "../../src/util/log.js";
import { testUplinkModel, uplinkHarness } from "./uplink-harness.js";

const Options = z.strictObject({
  dir: z.string(),
  url: z.string(),
  protocolVersion: z.union([z.literal(4), z.literal(5)]),
  window: z.number().int().positive(),
});

const opts = Options.parse(JSON.parse(process.argv[2] ?? "{}"));
const h = uplinkHarness(testUplinkModel(opts.url, { protocolVersion: opts.protocolVersion, window: opts.window }), {
  dir: opts.dir,
  log: silentLogger(),
});
h.uplink.start();
process.stdout.write("ready\n");

const stop = async (): Promise<void> => {
  await h.stop();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
