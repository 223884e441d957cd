// @ts-check
/** What a page says after a request: its own words when done, the gateway's reason when refused. */

/** @param {import("../live.js").Answer} answer @param {string} done */
export function said(answer, done) {
  return answer.status === "ok" ? done : `Refused: ${answer.error.message}`;
}

/** The fields of a submitted form by name. @param {SubmitEvent} ev */
export function formFields(ev) {
  ev.preventDefault();
  return Object.fromEntries(new FormData(/** @type {HTMLFormElement} */ (ev.currentTarget)).entries());
}

/** A comma- or space-separated list typed into a field, as ids. @param {unknown} text */
export function idList(text) {
  return String(text ?? "").split(/[\s,]+/).filter((x) => x !== "");
}
