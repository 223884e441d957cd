import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/config/load-site.js";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import { encodeBits } from "../../src/core/badge.js";
import { createDecider } from "../../src/core/decide.js";
import type { Input, VisitorPassInput } from "../../src/core/inputs.js";
import { initialState, type CoreState } from "../../src/core/state.js";
import { openDatabase } from "../../src/store/database.js";
import { KeyValue } from "../../src/store/kv.js";
import { silentLogger } from "../../src/util/log.js";
import { PassIssuer } from "../../src/visitors/pass-issuer.js";
import { PassStore } from "../../src/visitors/pass-store.js";
import { auditStore } from "../helpers/audit-store.js";
import { cleanupsAfterEach, type Cleanups } from "../helpers/cleanups.js";
import { SCHOOL_HOURS } from "../helpers/demo-site.js";
import { loaded } from "../helpers/load-result.js";
import { VISITORS_YAML, visitorDemoDir } from "../helpers/visitor-site.js";

/** 16:00 in Chicago on the demo's Monday: the end of its school day. */
const DAY_END = "2026-11-23T22:00:00.000Z";
const LATE = "2026-11-24T01:00:00.000Z";

function site(cleanups: Cleanups, yaml = VISITORS_YAML): RuntimeModel {
  return loaded(loadSite({ configDir: visitorDemoDir(cleanups, yaml) }));
}

/** An issuer on a store file, recording what it gives the core. */
function issuerOn(model: RuntimeModel, kv: KeyValue, inputs: VisitorPassInput[] = [], now = SCHOOL_HOURS) {
  const visitors = model.visitors;
  if (!visitors) throw new Error("the test site has no visitors section");
  const issuer = new PassIssuer({ visitors, timezone: model.site.timezone, store: new PassStore(kv), submit: (i) => inputs.push(i), now: () => now });
  return { issuer, inputs };
}

const card = (visitor_id: string, destination = "office", expires_at = LATE) => ({ visitor_id, destination, kind: "card" as const, expires_at });

/** Run inputs through the site's real core from a fresh state. */
function decideAll(model: RuntimeModel, inputs: readonly Input[], from: CoreState = initialState(model.core)): CoreState {
  const decide = createDecider(model.core);
  return inputs.reduce((state, input) => decide(state, input, SCHOOL_HOURS).state, from);
}

function accessAt(model: RuntimeModel, state: CoreState, reader: string, bits: string) {
  const effects = createDecider(model.core)(state, { kind: "badge", reader, read: { kind: "bits", bits } }, SCHOOL_HOURS + 1000).effects;
  const event = effects.find((e) => e.type === "event")?.event;
  return event?.type === "access" ? [event.result, event.reason, event.holder] : event;
}

describe("the pass issuer", () => {
  const cleanups = cleanupsAfterEach();

  it("hands out the first free card, refuses when the pool is empty, and takes a card back at revoke", () => {
    const model = site(cleanups);
    const { issuer } = issuerOn(model, auditStore(cleanups).kv);
    expect(issuer.issue(card("visit-1"))).toMatchObject({ kind: "card", card_label: "V-01", qr: null, doors: ["main-inner", "office"] });
    expect(issuer.issue(card("visit-2", "library"))).toMatchObject({ card_label: "V-02", doors: ["main-inner", "library"] });
    expect(issuer.issue(card("visit-3"))).toEqual({ refused: "pool_empty" });
    issuer.revoke("visit-1");
    expect(issuer.freeCards()).toEqual(["V-01"]);
    expect(issuer.issue(card("visit-3"))).toMatchObject({ card_label: "V-01" });
  });

  it("ends every pass at the end of the school day, or earlier when asked", () => {
    const { issuer } = issuerOn(site(cleanups), auditStore(cleanups).kv);
    expect(issuer.issue(card("visit-1", "office", LATE))).toMatchObject({ expires_at: DAY_END });
    expect(issuer.issue(card("visit-2", "office", "2026-11-23T17:30:00Z"))).toMatchObject({ expires_at: "2026-11-23T17:30:00.000Z" });
  });

  it("gives a visitor who signs in after the day's end a pass until the next day's end, never one already expired", () => {
    const evening = Date.parse("2026-11-23T23:00:00Z"); // 17:00 in Chicago, an hour after the day's end
    const { issuer } = issuerOn(site(cleanups), auditStore(cleanups).kv, [], evening);
    expect(issuer.issue(card("visit-1", "office", LATE))).toMatchObject({ expires_at: LATE });
    expect(issuer.issue(card("visit-2", "office", "2026-11-26T00:00:00Z"))).toMatchObject({ expires_at: "2026-11-24T22:00:00.000Z" });
  });

  it("prints a random 20-digit code the core holds as digits, and refuses what the site does not offer", () => {
    const { issuer, inputs } = issuerOn(site(cleanups), auditStore(cleanups).kv);
    const printed = issuer.issue({ ...card("visit-1"), kind: "printed" });
    if ("refused" in printed) throw new Error(printed.refused);
    expect(printed.qr).toMatch(/^[1-9]\d{19}$/);
    expect(printed.card_label).toBeNull();
    expect(inputs.at(-1)).toMatchObject({ action: "issue", key: `digits:${printed.qr}` });
    const other = issuer.issue({ ...card("visit-2"), kind: "printed" });
    expect("qr" in other && other.qr).not.toBe(printed.qr);
    expect(issuer.issue(card("visit-3", "gym"))).toEqual({ refused: "unknown_destination" });
    const noPrinting = issuerOn(site(cleanups, VISITORS_YAML.replace('  school_day_end: "16:00"', '  school_day_end: "16:00"\n  printed_passes: false')), auditStore(cleanups).kv);
    expect(noPrinting.issuer.issue({ ...card("visit-1"), kind: "printed" })).toEqual({ refused: "printed_passes_off" });
  });

  it("replaces a visitor's pass when issued again, withdrawing the old one from the core", () => {
    const model = site(cleanups);
    const { issuer, inputs } = issuerOn(model, auditStore(cleanups).kv);
    issuer.issue(card("visit-1"));
    expect(issuer.issue({ ...card("visit-1", "library"), kind: "printed" })).toMatchObject({ kind: "printed", doors: ["main-inner", "library"] });
    expect(issuer.freeCards()).toEqual(["V-01", "V-02"]);
    const state = decideAll(model, inputs);
    expect(accessAt(model, state, "rdr-office", encodeBits("h10301", 200, 1))).toEqual(["denied", "unknown_credential", null]);
  });

  it("gives the core back every pass out after a restart, from the store file", () => {
    const model = site(cleanups);
    const store = auditStore(cleanups);
    const before = issuerOn(model, store.kv).issuer;
    before.issue(card("visit-1"));
    before.issue(card("visit-2", "library"));
    before.revoke("visit-1");
    before.issue(card("visit-3"));
    store.db.close();
    const db = openDatabase(store.path, silentLogger());
    cleanups.push(() => {
      db.close();
    });
    const { issuer, inputs } = issuerOn(model, new KeyValue(db));
    expect(issuer.restore()).toBe(2);
    const state = decideAll(model, inputs);
    const [v1, v2] = [encodeBits("h10301", 200, 1), encodeBits("h10301", 200, 2)];
    expect(accessAt(model, state, "rdr-office", v1)).toEqual(["granted", null, "visit-3"]);
    expect(accessAt(model, state, "rdr-library", v2)).toEqual(["granted", null, "visit-2"]);
    expect(accessAt(model, state, "rdr-east-ext", v2)).toEqual(["denied", "outside_pass", "visit-2"]);
    expect(issuer.issue(card("visit-4"))).toEqual({ refused: "pool_empty" });
    issuer.revoke("visit-2");
    expect(issuer.issue(card("visit-4"))).toMatchObject({ card_label: "V-02" });
  });

  it("drops at restart a card pass whose card left the pool", () => {
    const store = auditStore(cleanups);
    issuerOn(site(cleanups), store.kv).issuer.issue(card("visit-1"));
    const smaller = site(cleanups, VISITORS_YAML.replace("    - { label: V-01, format: h10301, facility: 200, number: 1 }\n", ""));
    const { issuer, inputs } = issuerOn(smaller, store.kv);
    expect(issuer.restore()).toBe(0);
    expect(inputs).toEqual([]);
    expect(new PassStore(store.kv).load()).toEqual([]);
  });
});
