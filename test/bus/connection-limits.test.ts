import { describe, expect, it } from "vitest";
import { ConnectionGate } from "../../src/bus/connection-gate.js";
import { PublishRate } from "../../src/bus/publish-rate.js";

describe("ConnectionGate", () => {
  it("caps connections per address and in all, and frees a place when one closes", () => {
    const gate = new ConnectionGate(3, 2);
    expect(gate.admit("a")).toBeNull();
    expect(gate.admit("a")).toBeNull();
    expect(gate.admit("a")).toBe("max_connections_per_address");
    expect(gate.admit("b")).toBeNull();
    expect(gate.admit("c")).toBe("max_clients");
    gate.release("a");
    expect(gate.admit("c")).toBeNull();
    expect(gate.open).toBe(3);
    gate.release("nobody");
    expect(gate.open).toBe(3);
  });
});

describe("PublishRate", () => {
  it("allows a burst, then the sustained rate, per client", () => {
    let now = 0;
    const rate = new PublishRate<object>(10, 5, () => now);
    const a = {};
    const b = {};
    const taken = (client: object, n: number): number => Array.from({ length: n }, () => rate.take(client)).filter(Boolean).length;
    expect(taken(a, 8)).toBe(5);
    expect(taken(b, 5)).toBe(5);
    now += 300; // 3 tokens at 10/s
    expect(taken(a, 5)).toBe(3);
    now += 10_000; // refills to the burst, not beyond
    expect(taken(a, 20)).toBe(5);
  });
});
