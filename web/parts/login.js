// @ts-check
/** The login form: the broker's users and passwords; the session goes in an HttpOnly cookie. */
import { useState } from "preact/hooks";
import { html } from "../html.js";

/** @param {{ onLogin: () => void }} props */
export function Login({ onLogin }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  /** @param {SubmitEvent} ev */
  const submit = async (ev) => {
    ev.preventDefault();
    const form = new FormData(/** @type {HTMLFormElement} */ (ev.currentTarget));
    setBusy(true);
    setError("");
    try {
      const res = await fetch("/api/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: form.get("username"), password: form.get("password") }),
      });
      if (res.ok) return onLogin();
      const body = await res.json().catch(() => ({}));
      setError(body.error ?? "login failed");
    } catch {
      setError("the gateway cannot be reached");
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="login">
    <h1>Gatehouse console</h1>
    <form onSubmit=${submit}>
      <label for="username">Username</label>
      <input id="username" name="username" autocomplete="username" required />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      <button type="submit" disabled=${busy}>Log in</button>
      <p class="error" role="alert">${error}</p>
    </form>
  </main>`;
}
