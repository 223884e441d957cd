import { z } from "zod";
import { ANONYMOUS_ACCESS, BUS_ROLES } from "../bus/acl.js";
import { KNOWN_FORMATS } from "../core/credential-index/credential-record.js";
import { HOLDER_STATUSES } from "../core/model.js";
import { baudRateOf } from "./baud-rate.js";
import { AlarmsSchema } from "./schema-alarms.js";
import { AreaSchema, CalendarSchema, LockoutSchema, RoleSchema, SafetySchema, ScheduleSchema } from "./schema-safety.js";
import { BROKER_LISTENER_FIELDS } from "./schema-listeners.js";
import { OsdpReaderParams, OsdpSection } from "./schema-osdp.js";
import { ReaderFeedbackParams } from "./schema-reader-feedback.js";
import { RetentionSchema } from "./schema-retention.js";
import { UplinkSchema } from "./schema-uplink.js";
import { BROKER_LIMITS_DEFAULTS, BrokerLimitsSchema, isLoopbackHost } from "./schema-broker-limits.js";
import { DrillsSchema } from "./schema-drills.js";
import { IncidentsSchema } from "./schema-incidents.js";
import { VisitorsSchema } from "./schema-visitors.js";
import { OccupancySchema } from "./schema-occupancy.js";
import { ConsoleSchema } from "./schema-console.js";
import { closestTimeZone, isTimeZone } from "./timezone.js";

/**
 * The site configuration as district IT writes it (snake_case YAML), validated by one schema that is
 * the single source of its types and defaults. Cross-references (door → device, device → model) are
 * checked by the compiler, which knows the device catalog.
 */

/** Lower-case ids with digits, dashes and underscores: safe in MQTT topics, file names and logs. */
export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must be 1-64 of a-z 0-9 _ - and start with a letter or digit");

/** An IANA time zone the runtime knows; an unknown one names the zone it was likely meant to be. */
const TimeZone = z.string().superRefine((tz, ctx) => {
  if (isTimeZone(tz)) return;
  const suggestion = closestTimeZone(tz);
  ctx.addIssue({ code: "custom", message: "unknown IANA time zone", input: tz, ...(suggestion === undefined ? {} : { params: { suggestion } }) });
});

const Site = z.strictObject({
  id: Id,
  name: z.string().min(1),
  timezone: TimeZone,
});

const BrokerUser = z.strictObject({
  username: z.string().min(1).max(64),
  /**
   * Secrets never sit in YAML: the password's hash is read from this mosquitto password file (relative
   * to the config dir; default `broker.password_file`). A plain password is accepted only in a demo.
   */
  password_file: z.string().min(1).optional(),
  role: z.enum(BUS_ROLES),
});

const Broker = z.strictObject({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.number().int().min(0).max(65535).default(1883),
  /** "viewer" lets clients without a password watch (read only); "deny" refuses them. */
  anonymous: z.enum(ANONYMOUS_ACCESS).default("deny"),
  users: z.array(BrokerUser).default([]),
  ...BROKER_LISTENER_FIELDS,
  /** The users' mosquitto password file (`gatehouse passwd`, `mosquitto_passwd`), unless a user names its own. */
  password_file: z.string().min(1).optional(),
  /** A demonstration broker: plain password files are accepted, and so the host must be a loopback one. */
  demo: z.boolean().default(false),
  limits: BrokerLimitsSchema.default(BROKER_LIMITS_DEFAULTS),
}).refine((b) => !b.demo || isLoopbackHost(b.host), { path: ["demo"], message: "a demo broker must listen on a loopback host (127.0.0.1, ::1, localhost)" });

const Storage = z.strictObject({
  /**
   * SQLite file of the audit log, relative to the data directory (`run --data-dir`, the config dir
   * without it); it must not lead outside it.
   */
  path: z.string().min(1).default("gatehouse.db"),
  retention: RetentionSchema.optional(),
});

const Logging = z.strictObject({
  level: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
});

/** The rates a serial port is set to in practice: a number between them is a typo. */
const SERIAL_BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600] as const;

const SerialParams = z.strictObject({
  /** A stable path such as /dev/serial/by-id/usb-…; /dev/ttyUSB0 can change between boots. */
  path: z.string().min(1),
  baud_rate: baudRateOf(SERIAL_BAUD_RATES, "a standard rate").optional(),
});

const GpioParams = z.strictObject({
  /** BCM line number (GPIO17 is 17), not the sysfs number. */
  line: z.number().int().min(0).max(53),
  /** Inputs: overrides the model's debounce (ms), for a long or noisy cable. */
  debounce_ms: z.number().int().min(0).max(10_000).optional(),
});

/** A USB vendor or product id (16 bits); YAML accepts hex such as 0x0c45. */
const UsbId = z.number().int().min(0).max(0xffff);

const HidParams = z.strictObject({
  /** Picks one of several identical devices (`gatehouse devices` shows it). */
  serial_number: z.string().min(1).optional(),
  /** For generic models: the ids of this brand (override the model's, when it has any). */
  vendor_id: UsbId.optional(),
  product_id: UsbId.optional(),
});

const Device = z.strictObject({
  id: Id,
  /** Catalog model, as `<vendor>/<model>` (the file devices/<vendor>/<model>.yaml). */
  model: z.string().regex(/^[a-z0-9_-]+\/[a-z0-9_.-]+$/, "must be <vendor>/<model>"),
  name: z.string().min(1).optional(),
  /** Where the device is (room, zone), carried in alarms: "Front office", "Gym, north wall". */
  location: z.string().min(1).optional(),
  serial: SerialParams.optional(),
  gpio: GpioParams.optional(),
  hid: HidParams.optional(),
  osdp: OsdpReaderParams.optional(),
  feedback: ReaderFeedbackParams.optional(),
});

const Door = z.strictObject({
  id: Id,
  name: z.string().min(1),
  groups: z.array(Id).default([]),
  /** Milliseconds a grant releases the lock. 5 s is the common factory default. */
  strike_ms: z.number().int().min(500).max(300_000).default(5000),
  /** Milliseconds an authorised opening may last before held-open. */
  held_open_ms: z.number().int().min(1000).max(3_600_000).default(30_000),
  /** Warn this long before held-open (0: no warning). */
  held_open_warning_ms: z.number().int().min(0).max(3_600_000).default(0),
  /** Strike time for holders with extended_unlock (accessibility). */
  extended_strike_ms: z.number().int().min(500).max(300_000).default(15_000),
  /** An access-controlled egress door: a fire alarm releases it in every mode. Default: true when its
   *  lock is fail-safe (a maglock on an egress path), false otherwise. */
  egress: z.boolean().optional(),
  /** A schedule (id) that keeps the door unlocked while active, e.g. morning entry. */
  unlock_schedule: Id.optional(),
  /** Card and PIN: a badge must be followed by the holder's PIN on the reader's keypad. */
  card_and_pin: z.boolean().default(false),
  readers: z.array(Id).default([]),
  contact: Id.optional(),
  rex: Id.optional(),
  lock: Id.optional(),
});

const AccessGroup = z.strictObject({
  id: Id,
  name: z.string().optional(),
  doors: z.array(Id).default([]),
  /** Every door carrying one of these door groups. */
  door_groups: z.array(Id).default([]),
  /** When the group opens its doors (a schedule id); omit for always. */
  schedule: Id.optional(),
});

const Badge = z.union([
  z.strictObject({
    format: z.enum(KNOWN_FORMATS),
    facility: z.number().int().nonnegative(),
    number: z.number().int().nonnegative(),
  }),
  z.strictObject({ bits: z.string().regex(/^[01]{1,256}$/, "must be 1-256 characters of 0 and 1") }),
  z.strictObject({ digits: z.string().regex(/^\d{1,20}$/, "must be 1-20 digits") }),
]);

const Cardholder = z.strictObject({
  id: Id,
  name: z.string().min(1),
  role: RoleSchema,
  status: z.enum(HOLDER_STATUSES).default("active"),
  valid_from: z.iso.datetime({ offset: true }).optional(),
  valid_until: z.iso.datetime({ offset: true }).optional(),
  access_groups: z.array(Id).default([]),
  /** PIN for card+PIN doors (4-8 digits). */
  pin: z.string().regex(/^\d{4,8}$/, "must be 4-8 digits").optional(),
  /** Longer strike time at every door (accessibility). */
  extended_unlock: z.boolean().default(false),
  badges: z.array(Badge).min(1),
});

/** The whole site configuration: the sections of every YAML file in the config directory, merged. */
export const SiteConfigSchema = z.strictObject({
  site: Site,
  broker: Broker.default({ host: "127.0.0.1", port: 1883, anonymous: "deny", users: [], demo: false, limits: BROKER_LIMITS_DEFAULTS }),
  storage: Storage.default({ path: "gatehouse.db" }),
  logging: Logging.default({ level: "info" }),
  devices: z.array(Device).default([]),
  doors: z.array(Door).default([]),
  access_groups: z.array(AccessGroup).default([]),
  cardholders: z.array(Cardholder).default([]),
  /** A CSV export of the cardholders (relative to the config dir), instead of the `cardholders` section. */
  cardholders_file: z.string().min(1).optional(),
  safety: SafetySchema.default({
    modes: {},
    door_control: ["officer", "admin", "district"],
    unlock_in_mode: ["admin"],
    panic_buttons: [],
    key_switches: [],
  }),
  schedules: z.array(ScheduleSchema).default([]),
  calendar: CalendarSchema.default({ holidays: [], closures: [], exceptions: [] }),
  areas: z.array(AreaSchema).default([]),
  readers: z
    .strictObject({
      lockout: LockoutSchema.default({ threshold: 5, block_ms: 30_000, max_block_ms: 600_000 }),
      /** How long a card+PIN reader waits for the PIN after the badge. */
      pin_timeout_ms: z.number().int().min(2000).max(60_000).default(10_000),
    })
    .default({ lockout: { threshold: 5, block_ms: 30_000, max_block_ms: 600_000 }, pin_timeout_ms: 10_000 }),
  /** OSDP bus settings (optional; readers name their bus in their device's `osdp`). */
  osdp: OsdpSection.optional(),
  /** The district broker; without it the gateway runs alone. */
  uplink: UplinkSchema.optional(),
  alarms: AlarmsSchema.default(AlarmsSchema.parse({})),
  /** Drill requirements (state profile) and the school years; without it drills are not tracked. */
  drills: DrillsSchema.optional(),
  /** The front desk: destinations, visitor cards, end of the school day, how long visits are kept. */
  visitors: VisitorsSchema.optional(),
  /** How long closed incident records are kept; without it, as long as the audit log's events. */
  incidents: IncidentsSchema.optional(),
  /** Who is in the building (entry and exit readers) and the roll call's assembly points. */
  occupancy: OccupancySchema.optional(),
  /** The web console (HTTPS, or HTTP on loopback); without it the gateway serves none. */
  console: ConsoleSchema.optional(),
});

/** The configuration after validation and defaults. */
export type SiteConfig = z.infer<typeof SiteConfigSchema>;
export type BadgeConfig = SiteConfig["cardholders"][number]["badges"][number];
