import type { OsdpReaderParams, OsdpSection } from "./schema-osdp.js";

/** Bus timing a site may set (camelCase; absent: the control panel's default). */
export interface OsdpBusTiming {
  readonly pollIntervalMs?: number;
  readonly offlineAfterMs?: number;
  readonly interCharacterMs?: number;
}

/**
 * Default size at which a bus capture is rotated: 16 MiB is hours of a busy bus (about 150 bytes a
 * packet), and with the one old file kept, at most 32 MiB of the data directory.
 */
export const CAPTURE_MAX_BYTES = 16 * 1024 * 1024;

/** A bus capture: the OSDPCAP file (resolved against the data directory) and its rotation size. */
export interface OsdpCaptureSettings {
  readonly path: string;
  readonly maxBytes: number;
}

/** What a site's config says of one OSDP reader, with its bus's section entry. */
export interface OsdpSiteParams {
  readonly port: string;
  readonly address: number;
  readonly secure: OsdpReaderParams["secure"];
  readonly bus: { readonly baudRate: number | null; readonly timing: OsdpBusTiming; readonly capture: OsdpCaptureSettings | null };
}

/** What the reader has besides a card reader (from its catalog model). */
export interface OsdpFeatures {
  readonly keypad: boolean;
  readonly display: boolean;
  readonly led: boolean;
  readonly buzzer: boolean;
}

/** An OSDP reader. `port` is null when the site named none (a fault at start). */
export interface OsdpSettings {
  readonly transport: "osdp";
  readonly port: string | null;
  readonly address: number;
  readonly secure: OsdpReaderParams["secure"];
  /** The bus's rate: the site's bus entry over the model's. */
  readonly baudRate: number;
  readonly bus: OsdpBusTiming;
  /** The bus's capture, or null (the default: off). */
  readonly capture: OsdpCaptureSettings | null;
  readonly features: OsdpFeatures;
}

/** A reader's site parameters joined with the settings of its bus (by port). */
export function osdpSiteParams(reader: OsdpReaderParams, section: OsdpSection | undefined): OsdpSiteParams {
  const bus = section?.buses.find((b) => b.port === reader.port);
  const timing: OsdpBusTiming = {
    ...(bus?.poll_interval_ms !== undefined ? { pollIntervalMs: bus.poll_interval_ms } : {}),
    ...(bus?.offline_after_ms !== undefined ? { offlineAfterMs: bus.offline_after_ms } : {}),
    ...(bus?.inter_character_ms !== undefined ? { interCharacterMs: bus.inter_character_ms } : {}),
  };
  const capture = bus?.capture === undefined ? null : { path: bus.capture, maxBytes: bus.capture_max_bytes ?? CAPTURE_MAX_BYTES };
  return { port: reader.port, address: reader.address, secure: reader.secure, bus: { baudRate: bus?.baud_rate ?? null, timing, capture } };
}
