import { z } from "zod";
import type { DeviceKind } from "./schema.js";

/**
 * A device on a serial port (RS-232, RS-485, USB serial): port settings, how the byte stream is cut
 * into frames, and how a frame becomes an input. All of it is data, so a new model of a known kind
 * is one YAML file. Every regular expression is compiled and its named groups checked when the
 * catalog loads, so a typo is a catalog problem with file and line, never a failure at a door.
 */

/** Longest pattern accepted: a line profile is a few dozen characters; the cap bounds compile cost. */
const MAX_PATTERN = 500;
/** Longest frame any framing accepts: far above any line a reader or detector prints. */
const MAX_FRAME = 4096;

/** The message of the SyntaxError a pattern raises when compiled, or null when it compiles. */
export function patternError(pattern: string): string | null {
  try {
    new RegExp(pattern);
    return null;
  } catch (err) {
    // V8 repeats the pattern in its message ("Invalid regular expression: /…/: reason"); keep the reason.
    return (err as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, "");
  }
}

/** Names of the named capture groups of a pattern (`(?<name>…)`; lookbehinds are not groups). */
export function namedGroups(pattern: string): Set<string> {
  const names = new Set<string>();
  for (const m of pattern.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)) if (m[1] !== undefined) names.add(m[1]);
  return names;
}

/** Which named groups a pattern may use, and what it must have (a message when it lacks it). */
interface GroupRule {
  readonly allowed: readonly string[];
  readonly require?: (names: ReadonlySet<string>) => string | null;
}

/** A regular expression (JavaScript syntax) that must compile. */
const Pattern = z
  .string()
  .min(1)
  .max(MAX_PATTERN)
  .superRefine((p, ctx) => {
    const err = patternError(p);
    if (err !== null) ctx.addIssue({ code: "custom", message: `invalid regular expression: ${err}` });
  });

/** Adds a problem at `path` when a compiling pattern breaks its group rule. */
function checkGroups(ctx: z.RefinementCtx, path: PropertyKey[], pattern: string | undefined, rule: GroupRule): void {
  if (pattern === undefined || patternError(pattern) !== null) return;
  const names = namedGroups(pattern);
  const unknown = [...names].filter((n) => !rule.allowed.includes(n));
  if (unknown.length > 0) {
    const allowed = rule.allowed.length === 0 ? "none" : rule.allowed.join(", ");
    ctx.addIssue({ code: "custom", path, message: `unknown named group ${unknown.join(", ")} (allowed: ${allowed})` });
    return;
  }
  const missing = rule.require?.(names) ?? null;
  if (missing !== null) ctx.addIssue({ code: "custom", path, message: missing });
}

/**
 * Silence after which a partial frame is stale and dropped (a device reset or plug-in noise mid
 * frame); null never drops. 1 s: a whole line at 9600 baud takes ~25 ms, so real lines never wait
 * that long. At most a minute: a partial frame older than that is never the start of a real one.
 */
const StaleMs = z.number().int().min(1).max(60_000).nullable().default(1000);
/** Longest frame in bytes; 256 holds any line a reader or detector prints with room to spare. */
const MaxLength = z.number().int().min(1).max(MAX_FRAME).default(256);
/** One byte value (start and end markers). */
const Byte = z.number().int().min(0).max(255);

/** Lines ended by any of `delimiters` (CR, LF or CRLF by default); empty lines are dropped. */
const DelimiterFraming = z.strictObject({
  type: z.literal("delimiter"),
  /** Byte sequences that end a frame (YAML escapes: "\r", "\n", "\x03"). */
  delimiters: z.array(z.string().min(1).max(8)).min(1).default(["\r", "\n"]),
  /** Longest frame without its delimiter; longer is a bad frame and bytes are skipped to the next delimiter. */
  max_length: MaxLength,
  /** Printable ASCII only: any other byte (not part of a delimiter) is noise and breaks the frame. */
  text_only: z.boolean().default(true),
  stale_ms: StaleMs,
});

/** Frames between a start byte and an end byte (STX 0x02 … ETX 0x03 by default); bytes outside are skipped. */
const StartEndFraming = z
  .strictObject({
    type: z.literal("start_end"),
    start: Byte.default(0x02),
    end: Byte.default(0x03),
    max_length: MaxLength,
    stale_ms: StaleMs,
  })
  .refine((f) => f.start !== f.end, { message: "start and end must differ", path: ["end"] });

/** A frame ends after `gap_ms` of silence (converters that print without a line end). */
const InterByteTimeoutFraming = z.strictObject({
  type: z.literal("inter_byte_timeout"),
  /**
   * Silence that ends a frame. 50 ms: five times the ~10 ms a converter needs between bytes at 1200
   * baud, well under a human re-badge. At most 10 s: longer would hold a read past anyone's patience.
   */
  gap_ms: z.number().int().min(1).max(10_000).default(50),
  max_length: MaxLength,
});

/** Frames of exactly `length` bytes. */
const FixedLengthFraming = z.strictObject({
  type: z.literal("fixed_length"),
  length: z.number().int().min(1).max(MAX_FRAME),
  stale_ms: StaleMs,
});

/** How the byte stream is cut into frames. */
export const SerialFraming = z.discriminatedUnion("type", [
  DelimiterFraming,
  StartEndFraming,
  InterByteTimeoutFraming,
  FixedLengthFraming,
]);
export type SerialFraming = z.infer<typeof SerialFraming>;

/** Lines that are known and harmless (banners, prompts): neither inputs nor bad frames. */
const Ignore = z.array(Pattern).default([]);

/**
 * The keypad of a Wiegand reader, its keys told from card reads by their bit count: `4bit` one key
 * per 4-bit frame, `8bit` one key per 8-bit frame (the key's complement, then the key), `buffered`
 * the whole entry in one frame of `buffered_bits` (4 bits per key, first key first; 0xF nibbles
 * pad). Keys 0-9 are digits, 10 is '*' (clear) and 11 is '#' (end); `pin_length` ends a PIN without
 * '#' once that many digits are typed, where the reader is set up that way.
 */
export const WiegandKeypad = z
  .strictObject({
    format: z.enum(["4bit", "8bit", "buffered"]),
    buffered_bits: z.number().int().min(8).max(64).multipleOf(4).optional(),
    pin_length: z.number().int().min(4).max(8).nullable().default(null),
  })
  .refine((k) => (k.format === "buffered") === (k.buffered_bits !== undefined), {
    message: "buffered_bits is needed by the buffered format and only by it",
    path: ["buffered_bits"],
  });
export type WiegandKeypad = z.infer<typeof WiegandKeypad>;

/**
 * A Wiegand converter printing bit count and value. `pattern` names its groups: `bits` (a 0/1
 * string), or `count` with `hex` or `value` (decimal). E.g. `^(?<count>\d{1,3}):(?<hex>[0-9A-F]+)$`.
 */
const WiegandTextDecoder = z.strictObject({
  type: z.literal("wiegand_text"),
  /** The line, with named groups bits, or count and hex/value. */
  pattern: Pattern,
  /** check: a 26/35/37-bit read whose parity fails is a bad frame; pass: forward it for the core to deny and log. */
  parity: z.enum(["check", "pass"]).default("check"),
  /** Bit counts accepted; others are bad frames. Empty accepts every count from 1 to 256. */
  bit_counts: z.array(z.number().int().min(1).max(256)).default([]),
  /** The reader's keypad (card+PIN doors); absent: the reader has none. */
  keypad: WiegandKeypad.optional(),
  ignore: Ignore,
});

/** A reader printing the card number as digits; `pattern` must have a `digits` group (1-20 digits). */
const AsciiCardDecoder = z.strictObject({
  type: z.literal("ascii_card"),
  /** The line, with a digits group; default: the whole line is 1-20 digits. */
  pattern: Pattern.default("^(?<digits>[0-9]{1,20})$"),
  ignore: Ignore,
});

/** A wireless panic receiver. Groups: `id` (transmitter) in any pattern, `reason` in trouble. */
const PanicReceiverDecoder = z.strictObject({
  type: z.literal("panic_receiver"),
  patterns: z.strictObject({
    /** A transmitter's alarm (required). */
    alarm: Pattern,
    /** When absent, an alarm is momentary: pressed, then released at once. */
    restore: Pattern.optional(),
    /** A supervision check-in; needed for checkin_timeout_ms. */
    checkin: Pattern.optional(),
    /** Low battery, tamper, jamming: reported as device trouble. */
    trouble: Pattern.optional(),
  }),
  /** No check-in for this long → trouble "missed check-in"; null disables supervision. 1 s to 7 days. */
  checkin_timeout_ms: z.number().int().min(1000).max(604_800_000).nullable().default(null),
  ignore: Ignore,
});

/** A metal detector's text lines. Groups: `zones` (alarm), `passages`, `alarms` (counters), `reason` (trouble). */
const ScreeningLinesDecoder = z.strictObject({
  type: z.literal("screening_lines"),
  /** Named line patterns; an alarm or a passage pattern is required. */
  patterns: z.strictObject({
    /** Something was detected; `zones` lists where (1-based). */
    alarm: Pattern.optional(),
    /** Someone walked through clean. */
    passage: Pattern.optional(),
    /** Counters on their own line, attached to the next alarm or passage. */
    counters: Pattern.optional(),
    /** A detector fault: reported as device trouble. */
    trouble: Pattern.optional(),
  }),
  ignore: Ignore,
});

/** How a frame becomes an input. */
export const SerialDecoder = z.discriminatedUnion("type", [
  WiegandTextDecoder,
  AsciiCardDecoder,
  PanicReceiverDecoder,
  ScreeningLinesDecoder,
]);
export type SerialDecoder = z.infer<typeof SerialDecoder>;

const COUNTS = ["passages", "alarms"] as const;
const needCounts = (names: ReadonlySet<string>): string | null =>
  COUNTS.some((n) => names.has(n)) ? null : "needs a passages or alarms group";

function wiegandGroups(names: ReadonlySet<string>): string | null {
  if (names.has("hex") && names.has("value")) return "use either hex or value, not both";
  if (names.has("bits")) return names.has("hex") || names.has("value") ? "bits excludes hex and value" : null;
  if (!names.has("count")) return "needs a bits group, or a count group with hex or value";
  return names.has("hex") || names.has("value") ? null : "a count group needs a hex or value group";
}

/** Group rules of every decoder pattern, checked at load. */
function checkDecoder(d: SerialDecoder, ctx: z.RefinementCtx): void {
  const at = (...p: PropertyKey[]): PropertyKey[] => ["decoder", ...p];
  switch (d.type) {
    case "wiegand_text":
      return checkGroups(ctx, at("pattern"), d.pattern, { allowed: ["bits", "count", "hex", "value"], require: wiegandGroups });
    case "ascii_card":
      return checkGroups(ctx, at("pattern"), d.pattern, {
        allowed: ["digits"],
        require: (n) => (n.has("digits") ? null : "needs a digits group"),
      });
    case "panic_receiver":
      for (const key of ["alarm", "restore", "checkin"] as const) {
        checkGroups(ctx, at("patterns", key), d.patterns[key], { allowed: ["id"] });
      }
      checkGroups(ctx, at("patterns", "trouble"), d.patterns.trouble, { allowed: ["id", "reason"] });
      if (d.checkin_timeout_ms !== null && d.patterns.checkin === undefined) {
        ctx.addIssue({ code: "custom", path: at("patterns"), message: "checkin_timeout_ms needs a checkin pattern" });
      }
      return;
    case "screening_lines":
      checkGroups(ctx, at("patterns", "alarm"), d.patterns.alarm, { allowed: ["zones", ...COUNTS] });
      checkGroups(ctx, at("patterns", "passage"), d.patterns.passage, { allowed: [...COUNTS] });
      checkGroups(ctx, at("patterns", "counters"), d.patterns.counters, { allowed: [...COUNTS], require: needCounts });
      checkGroups(ctx, at("patterns", "trouble"), d.patterns.trouble, { allowed: ["reason"] });
      if (d.patterns.alarm === undefined && d.patterns.passage === undefined) {
        ctx.addIssue({ code: "custom", path: at("patterns"), message: "needs an alarm or a passage pattern" });
      }
      return;
  }
}

/** What a reader can be asked to show (see devices/reader-signal.ts). */
export const READER_SIGNAL_KINDS = ["grant", "deny", "present_pin", "lockout", "lockdown", "rest"] as const;
export type ReaderSignalKind = (typeof READER_SIGNAL_KINDS)[number];

/**
 * The command line a converter takes for each signal (YAML escapes: "G\r"), for readers whose LED and
 * beeper the converter drives; a signal without a line is not shown.
 */
const SerialFeedback = z.partialRecord(z.enum(READER_SIGNAL_KINDS), z.string().min(1).max(64));

/** A device on a serial port (RS-232, RS-485, USB serial). Defaults: 9600 8N1, no flow control. */
export const SerialTransport = z
  .strictObject({
    type: z.literal("serial"),
    /** The model's factory rate; a site's device may override it (`serial.baud_rate`). */
    baud_rate: z.number().int().positive().default(9600),
    /** Bits per character; 7 with even parity is common on older RS-232 equipment. */
    data_bits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
    /** Linux serial drivers support none, even and odd. */
    parity: z.enum(["none", "even", "odd"]).default("none"),
    /** 1 or 2 (Linux has no 1.5). */
    stop_bits: z.union([z.literal(1), z.literal(2)]).default(1),
    /** RTS/CTS hardware handshake, for devices that hold their output until the host raises RTS. */
    rtscts: z.boolean().default(false),
    /** How the byte stream is cut into frames. */
    framing: SerialFraming,
    /** How a frame becomes an input. */
    decoder: SerialDecoder,
    /** Readers: the converter's command lines for the reader's LED and beeper. */
    feedback: SerialFeedback.optional(),
  })
  .superRefine((t, ctx) => checkDecoder(t.decoder, ctx));
export type SerialTransport = z.infer<typeof SerialTransport>;

/** Which device kinds each decoder can serve. */
export const DECODER_KINDS: Readonly<Record<SerialDecoder["type"], DeviceKind>> = {
  wiegand_text: "reader",
  ascii_card: "reader",
  panic_receiver: "panic",
  screening_lines: "metal_detector",
};
