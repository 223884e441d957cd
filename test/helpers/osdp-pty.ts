import { SerialPort } from "serialport";
import type { Cleanups } from "./cleanups.js";
import { portLineEnd, SerialLine } from "./osdp-serial-line.js";
import { PtyPair } from "./serial-pty.js";
import { tempDir } from "./temp-dir.js";

/**
 * A socat pty pair whose device end is open as the line of simulated OSDP readers: the gateway (or
 * a panel) opens `pair.gw`; readers built on `line` answer on `pair.dev`. All released by `cleanups`.
 */
export async function osdpPtyLine(cleanups: Cleanups): Promise<{ pair: PtyPair; line: SerialLine }> {
  const pair = new PtyPair(tempDir(cleanups, "osdp-pty-"));
  await pair.start();
  cleanups.push(() => pair.stop());
  const device = new SerialPort({ path: pair.dev, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => device.open((err) => (err ? reject(err) : resolve())));
  cleanups.push(() => new Promise<void>((resolve) => (device.isOpen ? device.close(() => resolve()) : resolve())));
  const line = new SerialLine(portLineEnd(device));
  cleanups.push(() => line.close());
  return { pair, line };
}
