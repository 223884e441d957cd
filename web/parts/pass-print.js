// @ts-check
/**
 * Printing a visitor's pass: the gateway answers `request/pass` with the pass as HTML, which opens in
 * a new window from a blob (no address carries the visitor's name) for the badge printer.
 */

/** How long the pass's blob stays readable once its window opened it. */
const BLOB_KEEP_MS = 60_000;

/**
 * Ask for the pass and open it; resolves to an error text, or "" once the window is open.
 * @param {import("../live.js").Live} live @param {string} visitorId
 */
export async function printPass(live, visitorId) {
  const answer = await live.request("pass", { action: "print", visitor_id: visitorId });
  if (answer.status !== "ok") return `The pass could not be printed: ${answer.error.message}`;
  const url = URL.createObjectURL(new Blob([String(answer.data.html)], { type: "text/html" }));
  const opened = window.open(url, "_blank");
  setTimeout(() => URL.revokeObjectURL(url), BLOB_KEEP_MS);
  return opened === null ? "The browser blocked the pass window: allow pop-ups for the console." : "";
}
