import type { DeviceDriver } from "../drivers/driver.js";

/**
 * Every device's driver, in configuration order, as they are made: the outputs alone once they start
 * (before the engine), every device once the inputs are made too. One map for the whole run, so whoever
 * holds it sees the inputs added.
 */
export class DriverTable {
  private readonly map = new Map<string, DeviceDriver>();

  /** `order`: every configured device's id, in configuration order. */
  constructor(private readonly order: readonly string[]) {}

  /** Add drivers just made; the table stays in configuration order. */
  add(drivers: ReadonlyMap<string, DeviceDriver>): void {
    const all = new Map([...this.map, ...drivers]);
    this.map.clear();
    for (const id of this.order) {
      const driver = all.get(id);
      if (driver !== undefined) this.map.set(id, driver);
    }
  }

  get all(): ReadonlyMap<string, DeviceDriver> {
    return this.map;
  }
}
