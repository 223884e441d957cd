import type { IdScanProblem } from "./id-scan.js";

/** What the desk reads when a scan gives no prefill: what went wrong and what to do. */
export function scanProblemMessage(problem: IdScanProblem): string {
  switch (problem.reason) {
    case "not_aamva":
      return "not a driving licence or ID barcode: scan the large barcode on the back of the card";
    case "unsupported_version":
      return `card barcode version ${problem.version} is not an AAMVA version: type the visitor's details`;
    case "truncated":
      return "the scan was cut short: hold the card still and scan again";
    case "incomplete":
      return `the card's barcode lacks ${problem.missing.join(", ")}: type them in`;
  }
}
