import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../../src/core/events.js";
import { silentLogger } from "../../src/util/log.js";
import { EventBus } from "../../src/runtime/event-bus.js";

const event = (seq: number): StoredEvent => ({ id: `id-${seq}`, seq, ts: "2026-11-23T15:00:00.000Z", type: "door", door: "main", action: "opened" });

describe("the notice bus", () => {
  it("tells every listener in order, goes on past one that throws, and stops telling one that left", () => {
    const bus = new EventBus(silentLogger());
    const heard: string[] = [];
    bus.on("recorded", (events) => heard.push(`a${events[0]?.seq}`));
    const leave = bus.on("recorded", () => {
      throw new Error("listener bug");
    });
    bus.on("recorded", (events) => heard.push(`c${events[0]?.seq}`));
    bus.emit("recorded", [event(1)]);
    leave();
    bus.emit("recorded", [event(2)]);
    expect(heard).toEqual(["a1", "c1", "a2", "c2"]);
  });
});
