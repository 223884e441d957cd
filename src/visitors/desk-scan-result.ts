import type { DeskScanPayload } from "../bus/desk-topics.js";
import { readIdScan } from "./id-scan.js";
import { scanProblemMessage } from "./scan-message.js";

/** What the desk is shown of one scan: the prefilled sign-in, or what went wrong and what to do. */
export type DeskScanResult = NonNullable<DeskScanPayload["result"]>;

/**
 * Read the text of one ID barcode scan (AAMVA) into the desk's prefill; `now` (epoch ms, wall time)
 * says whether the card has expired. Whatever scanner typed it: a USB scanner or the simulated one.
 */
export function deskScanResult(text: string, now: number): DeskScanResult {
  const scan = readIdScan(text);
  if (!scan.ok) return { ok: false, reason: scan.reason, message: scanProblemMessage(scan) };
  const p = scan.prefill;
  const today = new Date(now).toISOString().slice(0, 10);
  return {
    ok: true,
    prefill: {
      first_name: p.firstName,
      middle_name: p.middleName,
      last_name: p.lastName,
      date_of_birth: p.dateOfBirth,
      id_type: p.idType,
      id_last4: p.idLast4,
      jurisdiction: p.jurisdiction,
      country: p.country,
      id_expires: p.expires,
      id_expired: p.expires !== null && p.expires < today,
    },
  };
}
