import QRCode from "qrcode";
import { escapeHtml } from "../reports/escape.js";
import { PASS_STYLE } from "./pass-style.js";

/** What a printed pass shows. Times are ISO 8601, shown in the site's time zone. */
export interface PassPrint {
  readonly site: string;
  readonly timezone: string;
  readonly name: string;
  readonly host: string;
  readonly destination: string;
  readonly since: string;
  readonly expires_at: string;
  /** The printed pass's code; null for a pool card's pass (the card is the credential). */
  readonly qr: string | null;
  readonly card_label: string | null;
}

/** The time of an ISO instant in the site's zone, as a desk reads it ("Mon 23 Nov, 09:05"). */
function shown(iso: string, timeZone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

/**
 * One visitor pass as a self-contained HTML page sized for a badge printer: name, a place for a
 * photo, host, destination, times, and the QR code a reader at the destination's doors accepts (an
 * inline SVG, so the page needs nothing else). Every text is escaped.
 */
export async function renderPassHtml(p: PassPrint): Promise<string> {
  const e = escapeHtml;
  const qr = p.qr === null ? "" : await QRCode.toString(p.qr, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  const code = p.qr === null ? `<p>Card ${e(p.card_label ?? "")}</p>` : `${qr}<p>Show this code at the reader.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Visitor pass: ${e(p.name)}</title>
<style>${PASS_STYLE}</style>
</head>
<body>
<main class="pass">
  <header><h1>VISITOR</h1><span>${e(p.site)}</span></header>
  <div class="photo">Photo</div>
  <section>
    <p class="name">${e(p.name)}</p>
    <dl>
      <dt>Host</dt><dd>${e(p.host)}</dd>
      <dt>Going to</dt><dd>${e(p.destination)}</dd>
      <dt>Signed in</dt><dd>${e(shown(p.since, p.timezone))}</dd>
    </dl>
  </section>
  <div class="code">${code}<p class="expires">Expires ${e(shown(p.expires_at, p.timezone))}</p></div>
</main>
</body>
</html>
`;
}
