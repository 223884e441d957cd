import QRCode from "qrcode";
import { escapeHtml } from "../reports/escape.js";

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

const STYLE = `
  @page { size: 4in 3in; margin: 0.15in; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 9pt/1.25 system-ui, sans-serif; color: #000; background: #fff; }
  .pass { width: 3.7in; height: 2.7in; border: 2px solid #000; border-radius: 8px; padding: 0.1in; display: grid;
    grid-template-columns: 0.8in 1fr; grid-template-rows: auto 1fr auto; gap: 0.06in 0.1in; overflow: hidden; }
  header { grid-column: 1 / 3; display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #000; }
  header h1 { font-size: 14pt; margin: 0; letter-spacing: 0.08em; }
  .photo { width: 0.8in; height: 0.95in; border: 1px dashed #666; display: flex; align-items: center; justify-content: center;
    font-size: 8pt; color: #666; }
  .name { font-size: 12pt; font-weight: 700; margin: 0 0 0.03in; overflow-wrap: anywhere;
    display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
  p { margin: 0; }
  dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 0 0.08in; }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; }
  .code { grid-column: 1 / 3; display: flex; align-items: center; gap: 0.1in; }
  .code svg { flex: none; width: 0.95in; height: 0.95in; }
  .expires { font-size: 11pt; font-weight: 700; }
  @media print { .pass { border-color: #000; } }
`;

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
<style>${STYLE}</style>
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
