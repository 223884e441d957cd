import type { SerialDecoder } from "../../catalog/transport-serial.js";
import type { ScreeningInput } from "../../core/inputs.js";
import { bad, compile, compilePatterns, frameText, match, troubleReason, unmatched, type DecodeOutcome, type FrameDecoder, type Groups } from "./decode-common.js";

type Counts = NonNullable<ScreeningInput["counts"]>;

/** Highest zone number accepted: the largest walk-through detectors have 33 zones; 64 leaves room. */
const MAX_ZONE = 64;
/** Counters are at most 9 digits: detectors roll over long before a billion passages. */
const COUNTER = /^[0-9]{1,9}$/;
/** Why a counters group was refused. */
const BAD_COUNTER = "counter is not a number of 1-9 digits";

/** Zone numbers from a `zones` group ("3", "3,4", "03 04"), sorted, unique; null when out of range. */
function parseZones(text: string | undefined): number[] | null {
  if (text === undefined) return [];
  const zones = new Set<number>();
  for (const part of text.split(/[^0-9]+/)) {
    if (part === "") continue;
    const z = Number(part);
    if (part.length > 2 || z < 1 || z > MAX_ZONE) return null;
    zones.add(z);
  }
  return [...zones].sort((a, b) => a - b);
}

/** Counters from `passages`/`alarms` groups; null when one is malformed. */
function parseCounts(g: Groups): Counts | null {
  const out: { passages?: number; alarms?: number } = {};
  for (const key of ["passages", "alarms"] as const) {
    const v = g[key];
    if (v === undefined) continue;
    if (!COUNTER.test(v)) return null;
    out[key] = Number(v);
  }
  return out;
}

/**
 * A walk-through metal detector's serial line profile, all patterns from the catalog: alarm lines
 * (with zones), passage lines, counters lines and trouble lines. Counters reported on their own
 * line are remembered and attached to the next alarm or passage.
 */
export function createScreeningDecoder(
  device: string,
  d: Extract<SerialDecoder, { type: "screening_lines" }>,
): FrameDecoder {
  const { alarm, passage, counters, trouble } = compilePatterns(d.patterns);
  const ignore = compile(d.ignore);
  let last: Counts = {};

  const screening = (result: ScreeningInput["result"], zones: number[], g: Groups): DecodeOutcome[] => {
    const own = parseCounts(g);
    if (own === null) return bad(BAD_COUNTER);
    const counts = { ...last, ...own };
    last = counts;
    const input: ScreeningInput = { kind: "screening", device, result, zones };
    const withCounts = Object.keys(counts).length > 0 ? { ...input, counts } : input;
    return [{ kind: "input", input: withCounts, source: zones.length > 0 ? `zones ${zones.join(",")}` : null }];
  };

  return {
    decode(frame): DecodeOutcome[] {
      const text = frameText(frame);
      const a = match(alarm, text);
      if (a !== null) {
        const zones = parseZones(a.zones);
        return zones === null ? bad(`zone outside 1-${MAX_ZONE}`) : screening("alarm", zones, a);
      }
      const s = match(passage, text);
      if (s !== null) return screening("passage", [], s);
      const c = match(counters, text);
      if (c !== null) {
        const own = parseCounts(c);
        if (own === null) return bad(BAD_COUNTER);
        last = { ...last, ...own };
        return [{ kind: "none" }];
      }
      const t = match(trouble, text);
      if (t !== null) return [{ kind: "trouble", reason: troubleReason(t, "detector trouble") }];
      return unmatched(ignore, text);
    },
  };
}
