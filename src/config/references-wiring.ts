import { realpathSync } from "node:fs";
import type { Findings } from "./findings.js";
import type { SiteConfig } from "./schema.js";

/** The device node a path leads to when it exists here (by-id links resolved), else the path as written. */
function deviceNode(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * One wire, one device: a GPIO line belongs to one device (a relay output on the line of a fire
 * input would drive the input), and a serial port to one serial device or one OSDP bus, however
 * its path is written (an OSDP bus is one port named the same way by all of its readers).
 */
export function checkWiring(f: Findings, config: SiteConfig): void {
  const lines = new Map<number, string>();
  const ports = new Map<string, { owner: string; written: string }>();
  config.devices.forEach((d, i) => {
    if (d.gpio !== undefined) {
      const other = lines.get(d.gpio.line);
      if (other !== undefined) f.add(["devices", i, "gpio", "line"], `GPIO line ${d.gpio.line} is already device "${other}"'s: one device per line`);
      else lines.set(d.gpio.line, d.id);
    }
    const written = d.serial?.path ?? d.osdp?.port;
    if (written === undefined) return;
    const owner = d.serial !== undefined ? `device "${d.id}"` : `the OSDP bus on ${written}`;
    const node = deviceNode(written);
    const other = ports.get(node);
    if (other === undefined) ports.set(node, { owner, written });
    else if (other.owner !== owner) {
      const field = d.serial !== undefined ? ["devices", i, "serial", "path"] : ["devices", i, "osdp", "port"];
      const same = other.written === written ? written : `${written} (the same port as ${other.written})`;
      f.add(field, `${same} is already ${other.owner}'s: one serial port per device or OSDP bus, named the same way by all its readers`);
    }
  });
}
