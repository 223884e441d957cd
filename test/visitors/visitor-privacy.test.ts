import { describe, expect, it } from "vitest";
import { cleanupsAfterEach } from "../helpers/cleanups.js";
import { capturedLog } from "../helpers/log-lines.js";
import { bootDesk, signIn } from "../helpers/visitor-desk.js";
import { entry, snapshot } from "../screening/watch-entries.js";

/** Everything personal the desk typed in the visits below: none of it may leave the register. */
const PERSONAL = /Dana|Whitfield|1983-06-14|7731|Bob|McAllister|1978-04-09|4410|Alvarez|conference|ID photo/;

/** The watch list's worker thread starts with the first list: seconds on a loaded machine. */
const WORKER_START_MS = 20_000;

describe("a visitor's personal data at the desk", () => {
  const cleanups = cleanupsAfterEach();

  it("never reaches a viewer (events or state) nor a log line, through a sign-in, a hold, a decision and a sign-out", async () => {
    const { log, lines } = capturedLog();
    const gw = await bootDesk(cleanups, { log });
    await gw.client.request("watchlist", snapshot("v1", 1, 1, [entry("w-7", "Robert", "McAllister", "1978-04-09")]), WORKER_START_MS);

    const clean = (await gw.desk.request("visitor", signIn())) as { data: { visitor_id: string } };
    const held = await gw.desk.request("visitor", signIn({ first_name: "Bob", last_name: "McAllister", date_of_birth: "1978-04-09", id_last4: "4410" }));
    expect(held).toMatchObject({ data: { status: "please_wait" } });
    const heldId = (held as { data: { visitor_id: string } }).data.visitor_id;
    await gw.officer.request("visitor", { action: "decide", visitor_id: heldId, decision: "clear", note: "ID photo differs" });
    await gw.desk.request("visitor", { action: "sign_out", visitor_id: clean.data.visitor_id });
    // A refused payload with a name in it: the refusal is logged, the name is not.
    await gw.desk.request("visitor", signIn({ first_name: "Dana", destination: "nowhere" }));
    await gw.officer.request("visitor", { action: "list" });
    await gw.viewer.waitForEvent((e) => e.type === "visitor" && e.action === "signed_out");

    const visitorEvents = gw.seenByViewer.filter((m) => m.topic.endsWith("/event/visitor"));
    expect(visitorEvents.map((m) => (JSON.parse(m.text) as { action: string }).action)).toEqual(["signed_in", "held", "decided", "signed_in", "signed_out"]);
    expect(gw.seenByViewer.filter((m) => /state\/(visitors|visitor_holds|desk)/.test(m.topic))).toEqual([]);
    expect(gw.seenByViewer.filter((m) => PERSONAL.test(m.text))).toEqual([]);

    expect(lines.some((l) => l.msg === "visitor held for an officer")).toBe(true);
    expect(lines.filter((l) => PERSONAL.test(JSON.stringify(l)))).toEqual([]);
  });
});
