// The current school year's drill compliance in the runtime: `state/drills`, and an alarm per overdue requirement.
import type { DrillsStatePayload } from "../bus/drill-payloads.js";
import type { AlarmEvent, EventBody } from "../core/events.js";
import type { TimerApi } from "../time/timers.js";
import { evaluate, type HeldDrill, type RequirementStatus } from "./compliance.js";
import type { DrillStore } from "./drill-store.js";
import { complianceState } from "./drill-wire.js";
import { lastDayBefore } from "./school-year.js";
import { yearAt, yearNamed, type DrillsModel, type NamedSchoolYear } from "./drills-model.js";

const DAY_MS = 86_400_000;

export interface ComplianceWatchDeps {
  readonly model: DrillsModel;
  readonly store: DrillStore;
  /** Wall time, epoch ms: deadlines are dates. */
  readonly now: () => number;
  /** The timer of the daily check. */
  readonly timers: TimerApi;
  readonly publish: (state: DrillsStatePayload) => void;
  /** Record events through the engine's report path. */
  readonly report: (...events: EventBody[]) => void;
  /**
   * Whether a drill mode is on: the engine marks what it records then as drill (and a site may
   * suppress drill alarms), so overdue alarms wait for the drill's end, which checks again.
   */
  readonly drillOn: () => boolean;
}

/** The alarm source of one requirement: each overdue requirement is an alarm of its own. */
export const overdueSource = (requirement: string): string => `drills:${requirement}`;

function overdueAlarm(s: RequirementStatus, active: boolean, timeZone: string): AlarmEvent {
  const reason = active ? `${s.held} of ${s.count} held by ${lastDayBefore(s.deadline, timeZone)}` : null;
  return { type: "alarm", alarm: "drill_overdue", active, device: overdueSource(s.id), door: null, location: null, until: null, reason };
}

/** A school year's drills as compliance counts them. */
export function yearCompliance(model: DrillsModel, store: DrillStore, year: NamedSchoolYear, now: number): DrillsStatePayload {
  const held: HeldDrill[] = store.between(year.firstDay, year.end);
  return complianceState(model.profile, year.name, evaluate(model.profile, year, held, now), model.timeZone);
}

/**
 * Evaluates the current school year at start, whenever a drill record changes, daily and at the next
 * deadline: publishes the retained compliance and raises a `drill_overdue` alarm for each requirement
 * that passes its deadline undone (ended when it is no longer overdue, e.g. a new school year).
 */
export class ComplianceWatch {
  private overdue = new Map<string, RequirementStatus>();
  private timer: unknown = null;
  private stopped = false;

  constructor(private readonly deps: ComplianceWatchDeps) {}

  start(): void {
    this.check();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** A school year by name, or the current one; undefined for a year the site does not list. */
  year(name?: string): NamedSchoolYear | undefined {
    return name === undefined ? yearAt(this.deps.model, this.deps.now()) : yearNamed(this.deps.model, name);
  }

  /** A year's compliance, by name or the current one; undefined for a year the site does not list. */
  compliance(name?: string): DrillsStatePayload | undefined {
    const year = this.year(name);
    return year && yearCompliance(this.deps.model, this.deps.store, year, this.deps.now());
  }

  check(): void {
    if (this.stopped) return;
    const state = this.compliance();
    if (state !== undefined) {
      this.deps.publish(state);
      if (!this.deps.drillOn()) this.alarm(state);
    }
    this.arm(state);
  }

  private alarm(state: DrillsStatePayload): void {
    const now = new Map(
      state.requirements
        .filter((r) => r.status === "overdue")
        .map((r) => [r.id, { ...r, deadline: Date.parse(r.deadline) }] as const),
    );
    const zone = this.deps.model.timeZone;
    const events = [
      ...[...now.values()].filter((s) => !this.overdue.has(s.id)).map((s) => overdueAlarm(s, true, zone)),
      ...[...this.overdue.values()].filter((s) => !now.has(s.id)).map((s) => overdueAlarm(s, false, zone)),
    ];
    this.overdue = now;
    if (events.length > 0) this.deps.report(...events);
  }

  /** Wake daily, or sooner at the next deadline still open. */
  private arm(state: DrillsStatePayload | undefined): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    const now = this.deps.now();
    const deadlines = (state?.requirements ?? []).filter((r) => r.status === "due").map((r) => Date.parse(r.deadline) - now);
    const wait = Math.max(0, Math.min(DAY_MS, ...deadlines));
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = null;
      this.check();
    }, wait);
  }
}
