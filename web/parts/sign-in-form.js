// @ts-check
/**
 * The front desk's sign-in form. The latest ID scan fills in the visitor's name, date of birth, ID
 * type and last 4 (staff only check them); staff choose the host, destination, reason, escort and pass.
 */
import { useEffect, useState } from "preact/hooks";
import { html } from "../html.js";

/** The form's labels by request field, also naming the fields of a refused request. */
export const FIELD_LABELS = /** @type {Record<string, string>} */ ({
  first_name: "First name", last_name: "Last name", date_of_birth: "Date of birth", id_type: "ID type", id_last4: "Last 4 of ID number",
  host: "Host", destination: "Destination", reason: "Reason for the visit", escort_required: "Escort required", pass_kind: "Pass",
});

const ID_TYPES = [["driver_licence", "Driver's licence"], ["id_card", "ID card"], ["passport", "Passport"], ["other", "Other"]];
const EMPTY = { first_name: "", last_name: "", date_of_birth: "", id_type: "driver_licence", id_last4: "", host: "", destination: "", reason: "", escort_required: false, pass_kind: "card" };

/** The newest scan of any desk scanner. @param {Record<string, any>} desk */
export function latestScan(desk) {
  return Object.values(desk).reduce((a, b) => (a === null || String(b.at) > String(a.at) ? b : a), null);
}

/** "invalid fields: id_last4, host" as the form's labels, or null for another refusal. @param {{ code: string, message: string }} error */
export function fieldsNamed(error) {
  if (error.code !== "invalid_request" || !error.message.startsWith("invalid fields: ")) return null;
  return error.message.slice(16).split(", ").map((f) => FIELD_LABELS[f] ?? f);
}

/** @param {{ scan: any, destinations: { id: string, name: string }[], busy: boolean, onSubmit: (fields: object) => void }} props */
export function SignInForm({ scan, destinations, busy, onSubmit }) {
  const [fields, setFields] = useState({ ...EMPTY, destination: destinations[0]?.id ?? "" });
  const prefill = scan?.result?.ok ? scan.result.prefill : null;
  useEffect(() => {
    if (prefill === null) return;
    const { first_name, last_name, date_of_birth, id_type, id_last4 } = prefill;
    setFields((f) => ({ ...f, first_name, last_name, date_of_birth, id_type, id_last4 }));
  }, [scan?.at]);
  /** @param {string} name @returns {(e: any) => void} */
  const set = (name) => (e) => setFields((f) => ({ ...f, [name]: e.currentTarget.type === "checkbox" ? e.currentTarget.checked : e.currentTarget.value }));
  /** @param {string} name @param {string} [type] */
  const input = (name, type = "text") => html`<label for=${`in-${name}`}>${FIELD_LABELS[name]}</label>
    <input id=${`in-${name}`} name=${name} type=${type} value=${/** @type {any} */ (fields)[name]} onInput=${set(name)} autocomplete="off" />`;
  /** @param {SubmitEvent} ev */
  const submit = (ev) => {
    ev.preventDefault();
    onSubmit({ action: "sign_in", ...fields });
  };
  return html`<form class="sign-in" onSubmit=${submit} aria-labelledby="sign-in-title">
    <h2 id="sign-in-title">Sign a visitor in</h2>
    ${scan === null || scan.result === null ? html`<p>Scan the visitor's licence or ID card to fill in their details.</p>`
      : scan.result.ok ? html`<p class="scan">${scan.result.prefill.id_expired ? html`<strong class="bad">The scanned ID has expired.</strong> ` : null}Details from the ID scanned at ${new Date(scan.at).toLocaleTimeString()}.</p>`
      : html`<p class="bad" role="alert">The scan could not be read: ${scan.result.message}</p>`}
    ${input("first_name")}${input("last_name")}${input("date_of_birth", "date")}
    <label for="in-id_type">${FIELD_LABELS.id_type}</label>
    <select id="in-id_type" name="id_type" value=${fields.id_type} onChange=${set("id_type")}>${ID_TYPES.map(([v, t]) => html`<option value=${v}>${t}</option>`)}</select>
    ${input("id_last4")}${input("host")}
    <label for="in-destination">${FIELD_LABELS.destination}</label>
    <select id="in-destination" name="destination" value=${fields.destination} onChange=${set("destination")}>${destinations.map((d) => html`<option value=${d.id}>${d.name}</option>`)}</select>
    ${input("reason")}
    <label class="check"><input type="checkbox" name="escort_required" checked=${fields.escort_required} onChange=${set("escort_required")} /> ${FIELD_LABELS.escort_required}</label>
    <label for="in-pass_kind">${FIELD_LABELS.pass_kind}</label>
    <select id="in-pass_kind" name="pass_kind" value=${fields.pass_kind} onChange=${set("pass_kind")}><option value="card">Visitor card</option><option value="printed">Printed pass</option></select>
    <button type="submit" disabled=${busy}>Sign in</button>
  </form>`;
}
