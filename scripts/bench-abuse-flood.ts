/**
 * The abuse of scripts/bench-abuse.ts: loops that hit a broker as fast as it answers, each from
 * addresses of its own (any 127.x.y.z reaches a loopback listener on Linux), until stopped.
 */
import { connectPacket, publishPacket, rawLogin, rawSocket } from "../test/helpers/raw-mqtt.js";

/** What the flood did. */
export interface FloodCount {
  /** Connections opened. */
  attempts: number;
  /** Logins refused (bad credentials, throttled, or closed as they came). */
  refusedLogins: number;
}

/** Loops of each kind running at once. */
const LOOPS = 3;
/** A PUBLISH announcing 256 MB, and bytes that are no MQTT packet at all. */
const OVERSIZED = Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]);
const GARBAGE = Buffer.from([0x00, 0x00, 0xff, 0x13, 0x37, 0xde, 0xad]);

/** Start flooding the broker at 127.0.0.1:`port`; `stop` ends every loop and resolves the count. */
export function floodBroker(port: number, username: string, password: string): { stop: () => Promise<FloodCount> } {
  const count: FloodCount = { attempts: 0, refusedLogins: 0 };
  let running = true;
  const address = (block: number, i: number): string => `127.0.${block}.${2 + (i % 250)}`;
  const login = async (packet: Buffer, from: string): Promise<void> => {
    count.attempts++;
    const outcome = await rawLogin(port, packet, from).catch(() => "closed" as const);
    if (outcome !== 0) count.refusedLogins++;
  };
  const kinds: ((loop: number, i: number) => Promise<void>)[] = [
    // Wrong passwords for the real user, and made-up users, from ever-changing addresses.
    (loop, i) => login(connectPacket({ clientId: `bad-${loop}-${i}`, keepalive: 60, username: i % 2 === 0 ? username : `user-${i}`, password: `guess-${i}` }), address(1 + loop, i)),
    // Connections churned with the right password.
    (loop, i) => login(connectPacket({ clientId: `churn-${loop}-${i}`, keepalive: 60, username, password }), address(10 + loop, i)),
    // Logged in, then malformed requests until dropped.
    async (loop, i) => {
      count.attempts++;
      const socket = await rawSocket(port, address(20 + loop, i));
      const spam = Array.from({ length: 300 }, (_, k) => publishPacket("gatehouse/lincoln-es/request/set_mode", k % 2 === 0 ? "{nope" : '{"mode":7}'));
      socket.on("error", () => undefined);
      socket.write(Buffer.concat([connectPacket({ clientId: `spam-${loop}-${i}`, keepalive: 60, username, password }), ...spam]));
      await new Promise((resolve) => {
        socket.once("close", resolve);
        setTimeout(resolve, 200);
      });
      socket.destroy();
    },
    // Garbage and oversized packets.
    async (loop, i) => {
      count.attempts++;
      const socket = await rawSocket(port, address(30 + loop, i));
      socket.on("error", () => undefined);
      socket.write(i % 2 === 0 ? GARBAGE : OVERSIZED);
      await new Promise((resolve) => {
        socket.once("close", resolve);
        setTimeout(resolve, 200);
      });
      socket.destroy();
    },
  ];
  const loops = kinds.flatMap((kind) =>
    Array.from({ length: LOOPS }, async (_, loop) => {
      for (let i = 0; running; i++) await kind(loop, i).catch(() => undefined);
    }),
  );
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return count;
    },
  };
}
