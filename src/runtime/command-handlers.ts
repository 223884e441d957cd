import type { Identity } from "../bus/broker.js";
import { RequestError, type RequestRouter } from "../bus/requests.js";
import { DoorRequest, ModeRequest } from "../bus/request-schemas.js";
import type { Principal } from "../core/inputs.js";
import type { Engine } from "./engine.js";
import { didYouMean } from "../util/suggest.js";

/** The principal of a request: a local user's role, or the district. Anonymous users have none. */
export function principalOf(from: Identity): Principal {
  if (from.source === "district") return { name: "district", actor: from.operator?.name ?? from.username ?? from.clientId, source: "district" };
  if (from.role === null) throw new RequestError("not_permitted", "anonymous clients may not command");
  return { name: from.role, actor: from.username, source: "local" };
}

function outcome(engine: Engine, submitted: ReturnType<Engine["submit"]>, hint = ""): { mode: string; events: number[] } {
  if (submitted.refused !== null) throw new RequestError(submitted.refused.code, `${submitted.refused.message}${hint}`);
  return { mode: engine.current.safety.mode, events: submitted.events.map((e) => e.seq) };
}

/**
 * Register the commands: `mode` and `door`. Both go through the decision core, which checks the
 * principal's rights; a refusal changes nothing and is answered with its code.
 */
export function registerCommands(router: RequestRouter, engine: Engine, now: () => number, doorIds: readonly string[]): void {
  router.register("mode", {
    schema: ModeRequest,
    changes: true,
    handle: (req, from) =>
      outcome(
        engine,
        engine.submit({
          kind: "mode_request",
          action: req.action,
          mode: req.mode ?? "lockdown",
          drill: req.drill,
          by: principalOf(from),
          reason: req.reason ?? null,
          location: req.location ?? null,
        }),
      ),
  });
  router.register("door", {
    schema: DoorRequest,
    changes: true,
    handle: (req, from) => {
      const until = req.until === undefined ? null : Date.parse(req.until);
      if (until !== null && until <= now()) throw new RequestError("invalid_request", "until is in the past");
      const submitted = engine.submit({ kind: "door_command", door: req.door, action: req.action, until, by: principalOf(from) });
      return outcome(engine, submitted, submitted.refused?.code === "unknown_door" ? didYouMean(req.door, doorIds) : "");
    },
  });
}
