import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import type { Cleanups } from "./cleanups.js";

/** A TCP proxy on 127.0.0.1 in front of `target`. */
export interface CuttableProxy {
  readonly port: number;
  /** Drop every connection through it at once, as a pulled cable would; new ones still pass. */
  cut(): void;
}

/** Start a proxy to `target` on 127.0.0.1, closed after the test. */
export async function cuttableProxy(cleanups: Cleanups, target: number): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  const server = createServer((inbound) => {
    const outbound = connect(target, "127.0.0.1");
    for (const s of [inbound, outbound]) {
      open.add(s);
      s.on("error", () => undefined);
      s.once("close", () => open.delete(s));
    }
    inbound.pipe(outbound).pipe(inbound);
    inbound.once("close", () => outbound.destroy());
    outbound.once("close", () => inbound.destroy());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const cut = (): void => open.forEach((s) => s.destroy());
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())), cut);
  return { port: (server.address() as AddressInfo).port, cut };
}
