import type { CatalogModel } from "../catalog/schema.js";
import type { OsdpSettings, OsdpSiteParams } from "./osdp-settings.js";

/**
 * Debounce when neither the model nor the site says: mechanical contacts settle within a few ms (and
 * rarely past 20), while 30 ms adds nothing a person notices to a panic or a door.
 */
export const DEFAULT_DEBOUNCE_MS = 30;

/** What a site's device config sets besides its model (camelCase; null or absent: the model's value). */
export interface SiteDeviceParams {
  readonly serial?: { readonly path: string; readonly baudRate?: number | null } | null;
  /** BCM line, and a debounce (ms) over the model's. */
  readonly gpio?: { readonly line: number; readonly debounceMs?: number | null } | null;
  /** Serial number to pick, and USB ids over the model's. */
  readonly hid?: { readonly serialNumber?: string | null; readonly vendorId?: number | null; readonly productId?: number | null } | null;
  /** The reader's bus, address and policy, with its bus's settings. */
  readonly osdp?: OsdpSiteParams | null;
}

/** A simulated device: driven over MQTT, nothing to set. */
export interface SimSettings {
  readonly transport: "sim";
}

/** A device on a GPIO line. `line` is null when the site named none (the driver reports a fault). */
export interface GpioSettings {
  readonly transport: "gpio";
  readonly line: number | null;
  readonly activeLow: boolean;
  /** Inputs: ms a new level must hold (site, else model, else DEFAULT_DEBOUNCE_MS). */
  readonly debounceMs: number;
  /** Panic loops: ms open before it is also trouble; null: not supervised. */
  readonly supervisionMs: number | null;
}

/** A USB HID device to look for. Ids are null when neither site nor model names them (a fault at start). */
export interface HidSettings {
  readonly transport: "hid";
  readonly vendorId: number | null;
  readonly productId: number | null;
  readonly serialNumber: string | null;
  readonly interface: number | null;
}

/** A device on a serial port. `path` is null when the site named none (a fault at start). */
export interface SerialSettings {
  readonly transport: "serial";
  readonly path: string | null;
  readonly baudRate: number;
  readonly dataBits: 5 | 6 | 7 | 8;
  readonly parity: "none" | "even" | "odd";
  readonly stopBits: 1 | 2;
  readonly rtscts: boolean;
}

/** A device's transport settings, resolved once: the site's over the model's over the defaults. */
export type DeviceSettings = SimSettings | GpioSettings | HidSettings | SerialSettings | OsdpSettings;

/** The settings a device runs with, from its catalog model and the site's parameters. */
export function resolveSettings(model: CatalogModel, site: SiteDeviceParams): DeviceSettings {
  const t = model.transport;
  switch (t.type) {
    case "sim":
      return { transport: "sim" };
    case "gpio":
      return {
        transport: "gpio",
        line: site.gpio?.line ?? null,
        activeLow: t.active_low,
        debounceMs: site.gpio?.debounceMs ?? t.debounce_ms ?? DEFAULT_DEBOUNCE_MS,
        supervisionMs: t.supervision_ms ?? null,
      };
    case "hid":
      return {
        transport: "hid",
        vendorId: site.hid?.vendorId ?? t.vendor_id ?? null,
        productId: site.hid?.productId ?? t.product_id ?? null,
        serialNumber: site.hid?.serialNumber ?? null,
        interface: t.interface ?? null,
      };
    case "serial":
      return {
        transport: "serial",
        path: site.serial?.path ?? null,
        baudRate: site.serial?.baudRate ?? t.baud_rate,
        dataBits: t.data_bits,
        parity: t.parity,
        stopBits: t.stop_bits,
        rtscts: t.rtscts,
      };
    case "osdp":
      return resolveOsdp(t, site.osdp ?? null);
  }
}

function resolveOsdp(t: Extract<CatalogModel["transport"], { type: "osdp" }>, site: OsdpSiteParams | null): OsdpSettings {
  return {
    transport: "osdp",
    port: site?.port ?? null,
    address: site?.address ?? 0,
    secure: site?.secure ?? "required",
    baudRate: site?.bus.baudRate ?? t.baud_rate,
    bus: site?.bus.timing ?? {},
    capture: site?.bus.capture ?? null,
    features: { keypad: t.keypad, display: t.display, led: t.led, buzzer: t.buzzer },
  };
}

/** How a lock fails without power (the catalog requires locks to say); null for every other kind. */
export function resolveFailMode(model: CatalogModel): "safe" | "secure" | null {
  return model.kind === "lock" ? (model.fail_mode ?? "secure") : null;
}
