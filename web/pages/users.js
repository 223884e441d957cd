// @ts-check
/**
 * The administrator's list of the site's users (`/api/users`, for an admin's session only): each
 * user's role, what the role may request and read, and whether they have a console session open.
 * Read only: users are added and changed in the site's configuration and password file, as the
 * page says.
 */
import { useEffect, useState } from "preact/hooks";
import { html } from "../html.js";

/** @typedef {{ username: string, role: string, requests: string[], reads: string[], online: boolean }} User */

/** @param {readonly string[]} requests */
const requestsText = (requests) => (requests.includes("*") ? "every request" : requests.length === 0 ? "none" : requests.join(", "));

/** @param {{ u: User }} props */
function UserItem({ u }) {
  return html`<li class="user" data-user=${u.username}>
    <h2>${u.username}</h2>
    <p>Role <strong class="user__role">${u.role}</strong>; <span class="user__session">${u.online ? "console session open" : "no console session"}</span></p>
    <p>May request: ${requestsText(u.requests)}</p>
    <p>Reads: ${u.reads.join("; ")}</p>
  </li>`;
}

export function Page() {
  const [users, setUsers] = useState(/** @type {User[] | null} */ (null));
  const [error, setError] = useState("");
  useEffect(() => {
    fetch("/api/users")
      .then(async (res) => (res.ok ? setUsers((await res.json()).users) : setError(`The users could not be read (${res.status}).`)))
      .catch(() => setError("The users could not be read."));
  }, []);
  return html`<div>
    <p class="result" role="status">${error}</p>
    ${users === null ? null : html`<ul class="users">${users.map((u) => html`<${UserItem} key=${u.username} u=${u} />`)}</ul>`}
    <h2>Adding or changing a user</h2>
    <p>The gateway does not change its configuration. To add a user, give them a line under <code>broker.users</code> in the site's configuration:</p>
    <pre class="howto"><code>- { username: <em>name</em>, password_file: secrets/<em>name</em>.password, role: <em>officer</em> }</code></pre>
    <p>and set their password (asked twice) on the gateway:</p>
    <pre class="howto"><code>gatehouse passwd secrets/<em>name</em>.password <em>name</em></code></pre>
    <p>Run the same command to change a password, or with <code>--delete</code> to remove the user from the file. A new user, a changed role and a changed password take effect at once, for MQTT clients and the console alike.</p>
  </div>`;
}
