import { z } from "zod";
import { LOCK_POLICIES, PASSBACK_STYLES, RAISED_MODES, ROLES, type RaisedMode } from "../core/model.js";
import { HOLIDAY_RULES, WEEKDAYS } from "../core/schedule.js";

/**
 * Configuration of the safety modes (Standard Response Protocol), panic buttons, key switches,
 * schedules and reader rules. Every field has a default shipped in safety-defaults.ts, so a site only
 * writes what it changes.
 */

/** A cardholder role as configuration names it. */
export const RoleSchema = z.enum(ROLES);
const Mode = z.enum(RAISED_MODES);
const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must be 1-64 of a-z 0-9 _ - and start with a letter or digit");
/**
 * A principal: a local user's role that commands (officer, admin), district, or a device kind (panic,
 * key_switch). `operator` is the deprecated name of `officer`: accepted, and the same principal.
 */
const PrincipalName = z.enum(["officer", "admin", "district", "panic", "key_switch", "operator"]);

const DoorRule = z.strictObject({
  /** Door groups the rule applies to; "*" is every door. Later rules win over earlier ones. */
  groups: z.array(z.union([z.literal("*"), Id])).min(1),
  lock: z.enum(LOCK_POLICIES),
  /** Roles that may still badge in; omit for every role. */
  allow_roles: z.array(RoleSchema).optional(),
});

const ModeRules = z.strictObject({
  priority: z.number().int().min(1).max(1000).optional(),
  raise: z.array(PrincipalName).optional(),
  clear: z.array(PrincipalName).optional(),
  strobes: z.boolean().optional(),
  doors: z.array(DoorRule).optional(),
});

const PanicButton = z.strictObject({
  device: Id,
  mode: Mode.default("lockdown"),
  /** Held at least this long before it triggers; 0 triggers on press. */
  hold_ms: z.number().int().min(0).max(10_000).default(0),
  /** Presses needed within within_ms (1: a single press). */
  presses: z.number().int().min(1).max(10).default(1),
  within_ms: z.number().int().min(100).max(30_000).default(3000),
  /** Silent alarm (Alyssa's Law): no local strobes; the alert still reaches the district at once. */
  silent: z.boolean().default(false),
  location: z.string().min(1).optional(),
});

const KeySwitch = z.strictObject({
  device: Id,
  mode: Mode.default("lockdown"),
  location: z.string().min(1).optional(),
});

/** Each raisable mode's rules, every one optional. */
const modeFields = Object.fromEntries(RAISED_MODES.map((m) => [m, ModeRules.optional()])) as Record<RaisedMode, z.ZodOptional<typeof ModeRules>>;

/** Safety modes and what triggers them. */
export const SafetySchema = z.strictObject({
  modes: z.strictObject(modeFields).default({}),
  door_control: z.array(PrincipalName).default(["officer", "admin", "district"]),
  unlock_in_mode: z.array(PrincipalName).default(["admin"]),
  panic_buttons: z.array(PanicButton).default([]),
  key_switches: z.array(KeySwitch).default([]),
  /** Strobe and sounder devices driven by modes; default every strobe and sounder of the site. */
  strobes: z.array(Id).optional(),
});
export type SafetyConfig = z.infer<typeof SafetySchema>;
export type ModeRulesConfig = z.infer<typeof ModeRules>;

const Weekday = z.enum(WEEKDAYS);
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be "HH:MM" (00:00-24:00)');
const IsoDate = z.iso.date();

/** Weekly schedules, in the site's time zone. */
export const ScheduleSchema = z.strictObject({
  id: Id,
  windows: z.array(z.strictObject({ days: z.array(Weekday).min(1), from: Clock, to: Clock })).min(1),
  /** closed: off on holidays and closures (default); ignore: runs every day. */
  holidays: z.enum(HOLIDAY_RULES).default("closed"),
});

/** Holidays, closures (a snow day) and one-off exceptions (early release). */
export const CalendarSchema = z.strictObject({
  holidays: z.array(IsoDate).default([]),
  closures: z.array(z.strictObject({ from: IsoDate, to: IsoDate, reason: z.string().min(1) })).default([]),
  exceptions: z
    .array(
      z.strictObject({
        date: IsoDate,
        schedules: z.array(Id).min(1),
        windows: z.array(z.strictObject({ from: Clock, to: Clock })),
      }),
    )
    .default([]),
});

/** Anti-passback areas. */
export const AreaSchema = z.strictObject({
  id: Id,
  /** soft: let through and flag; hard: deny. */
  passback: z.enum(PASSBACK_STYLES),
  entry: z.array(Id).min(1),
  exit: z.array(Id).default([]),
});

/** Reader lockout after consecutive invalid reads: 5 failures and 30 s is the common field setting. */
export const LockoutSchema = z.strictObject({
  threshold: z.number().int().min(2).max(100).default(5),
  block_ms: z.number().int().min(1000).max(3_600_000).default(30_000),
  max_block_ms: z.number().int().min(1000).max(86_400_000).default(600_000),
});
