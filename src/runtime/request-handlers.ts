import type { RequestRouter } from "../bus/requests.js";
import type { SafetyPayload } from "../bus/response-schemas.js";
import { EventsRequest, StateRequest } from "../bus/request-schemas.js";
import type { RuntimeModel } from "../config/runtime-model.js";
import { siteSummary } from "../core/site-summary.js";
import { doorById, type CoreState, type SafetyState } from "../core/state.js";
import type { DeviceDriver } from "../drivers/driver.js";
import type { EventLog } from "../store/event-log.js";

/** What the local request handlers read. */
export interface HandlerDeps {
  readonly model: RuntimeModel;
  readonly state: () => CoreState;
  readonly drivers: ReadonlyMap<string, DeviceDriver>;
  readonly events: EventLog;
}

/** A door as `request/state` reports it. */
function doorSnapshot(deps: HandlerDeps, id: string) {
  const door = doorById(deps.model.core, deps.state(), id);
  const model = deps.model.core.doors.get(id);
  return {
    id,
    name: model?.name ?? id,
    groups: model?.groups ?? [],
    locked: door?.locked ?? true,
    open: door?.open ?? false,
    alarm: door?.alarm ?? "none",
  };
}

/** The safety mode as it goes on the wire: its time in ISO 8601, null when it never changed (as `mode_since`). */
export function safetyPayload(safety: SafetyState): SafetyPayload {
  const { mode, drill, silent, since, by } = safety;
  return { mode, drill, silent, since: since > 0 ? new Date(since).toISOString() : null, by };
}

/** Register the read-only requests every gateway answers: `state` and `events`. */
export function registerReadRequests(router: RequestRouter, deps: HandlerDeps): void {
  router.register("state", {
    schema: StateRequest,
    handle: () => ({
      site: deps.model.site,
      summary: siteSummary(deps.model.core, deps.state()),
      safety: safetyPayload(deps.state().safety),
      doors: [...deps.model.core.doors.keys()].map((id) => doorSnapshot(deps, id)),
      devices: [...deps.drivers.values()].map((d) => ({
        id: d.device.id,
        kind: d.device.kind,
        model: d.device.model.model,
        frames_ok: d.counters.framesOk,
        frames_bad: d.counters.framesBad,
        reconnects: d.counters.reconnects,
      })),
    }),
  });
  router.register("events", {
    schema: EventsRequest,
    handle: (req) => {
      const events = deps.events.readAfter(req.after_seq, req.limit);
      return { events, last_seq: deps.events.lastSeq() };
    },
  });
}
