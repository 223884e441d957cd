import type { HidReport } from "../../catalog/transport-hid.js";
import type { DeviceModel } from "../../config/runtime-model.js";
import type { Input } from "../../core/inputs.js";
import { KeyTracker, parseBootReport } from "./keyboard.js";
import { ButtonEdges, hotkeyHeld, vendorButtonState, type Hotkey } from "./panic-report.js";
import { WedgeAssembler } from "./wedge.js";

/** What one report came to: inputs for the core, and whether the report (or a read in it) was bad. */
export interface DecodeResult {
  readonly inputs: readonly Input[];
  /** ok: a good report; bad: malformed or a rejected read; ignored: a report of no interest. */
  readonly verdict: "ok" | "bad" | "ignored";
}

/** Turns a model's raw reports into inputs. */
export interface HidDecoder {
  decode(data: Uint8Array, now: number): DecodeResult;
  /** Forget partial state (after a disconnect). */
  reset(): void;
}

/** A keyboard-wedge reader types a badge in tens of ms; a second of silence means a line was cut short. */
const DEFAULT_MAX_GAP_MS = 1000;
/** Badge digits in the config are at most 20; 64 leaves room for prefixes while catching a stuck key. */
const MAX_LINE = 64;
/** What a digits read may be (the same rule as badges in the site config). */
const DIGITS = /^\d{1,20}$/;

/** Drop the leading report id of a numbered boot keyboard report; null when it is another report. */
function bootPayload(data: Uint8Array, reportId: number | undefined): Uint8Array | null {
  if (reportId === undefined) return data;
  return data[0] === reportId ? data.subarray(1) : null;
}

function wedgeDecoder(device: DeviceModel, report: Extract<HidReport, { format: "boot_keyboard" }>): HidDecoder {
  const keys = new KeyTracker();
  const wedge = new WedgeAssembler({ maxGapMs: report.max_gap_ms ?? DEFAULT_MAX_GAP_MS, maxLength: MAX_LINE });
  return {
    decode(data, now) {
      const payload = bootPayload(data, report.report_id);
      if (payload === null) return { inputs: [], verdict: "ignored" };
      const parsed = parseBootReport(payload);
      if (parsed === null) return { inputs: [], verdict: "bad" };
      const inputs: Input[] = [];
      let verdict: DecodeResult["verdict"] = "ok";
      for (const line of wedge.feed(keys.feed(parsed), now)) {
        if (line.kind === "line" && DIGITS.test(line.text)) {
          inputs.push({ kind: "badge", reader: device.id, read: { kind: "digits", digits: line.text } });
        } else {
          verdict = "bad";
        }
      }
      return { inputs, verdict };
    },
    reset() {
      keys.reset();
      wedge.reset();
    },
  };
}

function hotkeyDecoder(device: DeviceModel, report: Extract<HidReport, { format: "boot_keyboard" }>, hotkey: Hotkey): HidDecoder {
  const edges = new ButtonEdges();
  return {
    decode(data) {
      const payload = bootPayload(data, report.report_id);
      if (payload === null) return { inputs: [], verdict: "ignored" };
      const parsed = parseBootReport(payload);
      if (parsed === null) return { inputs: [], verdict: "bad" };
      if (parsed.phantom) return { inputs: [], verdict: "ok" };
      const change = edges.update(hotkeyHeld(parsed, hotkey));
      const inputs: Input[] = change === null ? [] : [{ kind: "panic", device: device.id, pressed: change }];
      return { inputs, verdict: "ok" };
    },
    reset: () => edges.reset(),
  };
}

function vendorDecoder(device: DeviceModel, report: Extract<HidReport, { format: "vendor" }>): HidDecoder {
  const edges = new ButtonEdges();
  const button = { reportId: report.report_id ?? null, byte: report.panic_byte, mask: report.panic_mask };
  return {
    decode(data) {
      const state = vendorButtonState(data, button);
      if (state === "other") return { inputs: [], verdict: "ignored" };
      if (state === "short") return { inputs: [], verdict: "bad" };
      const change = edges.update(state);
      const inputs: Input[] = change === null ? [] : [{ kind: "panic", device: device.id, pressed: change }];
      return { inputs, verdict: "ok" };
    },
    reset: () => edges.reset(),
  };
}

/**
 * The decoder of a HID device from its model: a reader with boot keyboard reports is a keyboard
 * wedge; a panic button is a hotkey (boot keyboard) or a bit in a vendor report. Anything else is a
 * model error, returned as a message.
 */
export function createHidDecoder(device: DeviceModel): HidDecoder | string {
  const t = device.model.transport;
  if (t.type !== "hid") return `model ${device.model.model} is not a HID model`;
  const report = t.report;
  if (device.kind === "reader" && report.format === "boot_keyboard" && report.hotkey === undefined) {
    return wedgeDecoder(device, report);
  }
  if (device.kind === "panic" && report.format === "boot_keyboard" && report.hotkey !== undefined) {
    return hotkeyDecoder(device, report, report.hotkey);
  }
  if (device.kind === "panic" && report.format === "vendor") return vendorDecoder(device, report);
  return `a ${device.kind} with ${report.format} reports${report.format === "boot_keyboard" && report.hotkey ? " and a hotkey" : ""} is not supported over HID`;
}
