import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EdgeCallback, GpioApi, GpioEdge, GpioLine, Level } from "../../src/drivers/gpio/gpio-api.js";

/** Every call the drivers make on the fake, in order. */
export type GpioOp =
  | { readonly op: "open_input"; readonly n: number; readonly edge: GpioEdge }
  | { readonly op: "open_output"; readonly n: number; readonly level: Level }
  | { readonly op: "write"; readonly n: number; readonly level: Level }
  | { readonly op: "unwatch"; readonly n: number }
  | { readonly op: "unexport"; readonly n: number };

/**
 * A fake GPIO: lines hold physical levels the test sets (as the wiring would), watchers fire on every
 * change like the kernel's edge interrupts, and every call is logged with the level history of each
 * line, so a test can prove an output never passed through another level.
 */
export class FakeGpio implements GpioApi {
  readonly ops: GpioOp[] = [];
  /** Every level each line has had since it was opened, in order. */
  readonly history = new Map<number, Level[]>();
  private readonly levels = new Map<number, Level>();
  private readonly watchers = new Map<number, EdgeCallback[]>();
  /** Make the next open fail with this error. */
  failNextOpen: Error | null = null;

  /** The wiring's level on a line (inputs); changing it fires the line's watchers. */
  setLevel(n: number, level: Level): void {
    const before = this.levels.get(n);
    this.levels.set(n, level);
    if (before === level) return;
    this.history.get(n)?.push(level);
    for (const cb of this.watchers.get(n) ?? []) cb(null, level);
  }

  level(n: number): Level | undefined {
    return this.levels.get(n);
  }

  watcherCount(n: number): number {
    return this.watchers.get(n)?.length ?? 0;
  }

  async openInput(n: number, edge: GpioEdge): Promise<GpioLine> {
    this.takeFailure();
    this.ops.push({ op: "open_input", n, edge });
    if (!this.levels.has(n)) this.levels.set(n, 0);
    this.history.set(n, [this.levels.get(n) ?? 0]);
    return this.line(n);
  }

  async openOutput(n: number, initial: Level): Promise<GpioLine> {
    this.takeFailure();
    this.ops.push({ op: "open_output", n, level: initial });
    this.levels.set(n, initial);
    this.history.set(n, [initial]);
    return this.line(n);
  }

  private takeFailure(): void {
    const err = this.failNextOpen;
    this.failNextOpen = null;
    if (err !== null) throw err;
  }

  private line(n: number): GpioLine {
    return {
      read: () => this.levels.get(n) ?? 0,
      write: (level) => {
        this.ops.push({ op: "write", n, level });
        const before = this.levels.get(n);
        this.levels.set(n, level);
        if (before !== level) this.history.get(n)?.push(level);
      },
      watch: (cb) => this.watchers.set(n, [...(this.watchers.get(n) ?? []), cb]),
      unwatchAll: () => {
        this.ops.push({ op: "unwatch", n });
        this.watchers.delete(n);
      },
      unexport: () => {
        this.ops.push({ op: "unexport", n });
      },
    };
  }
}

/** One gpiochip of a fake sysfs tree. */
export interface FakeChip {
  readonly base: number;
  readonly ngpio: number;
  readonly label: string;
}

/** A sysfs GPIO tree in a temp dir, as the kernel lays it out; remove it with `cleanup`. */
export function makeSysfs(chips: readonly FakeChip[]): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), "gatehouse-sysfs-"));
  writeFileSync(join(root, "export"), "");
  writeFileSync(join(root, "unexport"), "");
  for (const c of chips) {
    const dir = join(root, `gpiochip${c.base}`);
    mkdirSync(dir);
    writeFileSync(join(dir, "base"), `${c.base}\n`);
    writeFileSync(join(dir, "ngpio"), `${c.ngpio}\n`);
    writeFileSync(join(dir, "label"), `${c.label}\n`);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A Raspberry Pi 4 on Raspberry Pi OS Bookworm: the main chip numbered from 512. */
export const PI4_BOOKWORM: readonly FakeChip[] = [
  { base: 512, ngpio: 58, label: "pinctrl-bcm2711" },
  { base: 570, ngpio: 8, label: "raspberrypi-exp-gpio" },
];
