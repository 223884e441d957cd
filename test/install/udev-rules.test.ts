import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Catalog } from "../../src/catalog/load.js";
import type { CatalogModel } from "../../src/catalog/schema.js";
import { RULES_FILE, udevRules } from "../../scripts/udev-rules.js";
import { shippedCatalog } from "../helpers/device-harness.js";

/** The shipped catalog plus one HID model that declares its USB ids. */
function catalogWithIds(): Catalog {
  const base = shippedCatalog();
  const button = base.models.get("generic/usb-vendor-report-panic-button") as CatalogModel;
  if (button.transport.type !== "hid") throw new Error("not hid");
  const branded: CatalogModel = { ...button, model: "acme/panic-7", transport: { ...button.transport, vendor_id: 0x1209, product_id: 0x00a1 } };
  return { models: new Map([...base.models, [branded.model, branded]]) };
}

describe("udev rules", () => {
  it("ships the rules the catalog gives (run npm run udev-rules after a catalog change)", () => {
    expect(readFileSync(RULES_FILE, "utf8")).toBe(udevRules(shippedCatalog()));
  });

  it("gives a HID model's hidraw node to group plugdev, mode 0660, by its USB ids", () => {
    const lines = udevRules(catalogWithIds()).split("\n");
    const at = lines.indexOf('SUBSYSTEM=="hidraw", ATTRS{idVendor}=="1209", ATTRS{idProduct}=="00a1", GROUP="plugdev", MODE="0660"');
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1]).toBe("# acme/panic-7");
  });

  it("names USB serial adapters under /dev/gatehouse by ids and serial number, or by port without one", () => {
    const rules = udevRules(shippedCatalog());
    expect(rules).toContain('ENV{ID_SERIAL_SHORT}=="?*", SYMLINK+="gatehouse/usb-$env{ID_VENDOR_ID}-$env{ID_MODEL_ID}-$env{ID_SERIAL_SHORT}-if$env{ID_USB_INTERFACE_NUM}"');
    expect(rules).toContain('ENV{ID_SERIAL_SHORT}!="?*", ENV{ID_PATH_TAG}=="?*", SYMLINK+="gatehouse/usb-$env{ID_VENDOR_ID}-$env{ID_MODEL_ID}-port-$env{ID_PATH_TAG}"');
  });

  it("writes no rule line with a trailing comment, which udev would not accept", () => {
    const rules = udevRules(catalogWithIds()).split("\n").filter((l) => l.length > 0 && !l.startsWith("#"));
    for (const rule of rules) expect(rule).not.toMatch(/"\s+#/);
  });
});
