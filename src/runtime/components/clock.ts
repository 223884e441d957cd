import { ClockWatch } from "../clock-watch.js";
import type { Component } from "../lifecycle.js";
import { part, type GatewayContext, type GatewayParts } from "./parts.js";

/** The wall-clock watch: tells the engine of clock steps and of the time source's sync status. */
export function clockComponent(ctx: GatewayContext, parts: GatewayParts): Component {
  let watch: ClockWatch | null = null;
  return {
    name: "clock",
    start: () => {
      const engine = part(parts, "engine");
      const log = ctx.log.child({ mod: "runtime/clock" });
      watch = new ClockWatch({ clock: ctx.clock, submit: (input) => engine.submit(input), sync: ctx.clockSync, log });
      watch.start();
    },
    stop: () => watch?.stop(),
  };
}
