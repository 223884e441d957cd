/**
 * Reading a request payload: JSON, an object, an optional `transaction`, fields checked by the
 * request's schema. Pure, so a worker thread can read a large request (a credential list part)
 * the same way the router reads every other one.
 */
import type { z } from "zod";
import { peekTransaction } from "./transaction-peek.js";

/** The request's `transaction` echoed in its response; null when the request had none. */
export type Transaction = string | number | null;

/** Codes the router itself answers with; handlers add their own through `RequestError`. */
export type RouterErrorCode = "bad_json" | "invalid_request" | "unknown_request" | "too_large" | "not_permitted" | "internal";

/** Why a request is refused before any handler sees it. */
export interface RequestRefusal {
  readonly code: RouterErrorCode;
  readonly message: string;
  readonly transaction: Transaction;
}

/** A request whose fields passed their schema. */
export interface ParsedRequest<T> {
  readonly data: T;
  readonly transaction: Transaction;
}

/** How many zod issue paths an `invalid_request` message lists; enough to fix a request, short on the wire. */
const MAX_LISTED_ISSUES = 5;

/** Read a request payload's text and check its fields (all but `transaction`) against `schema`. */
export function parseRequest<T>(text: string, schema: z.ZodType<T>): RequestRefusal | ParsedRequest<T> {
  const envelope = readEnvelope(text);
  if ("code" in envelope) return envelope;
  const result = schema.safeParse(envelope.fields);
  if (!result.success) return { code: "invalid_request", message: describeIssues(result.error), transaction: envelope.transaction };
  return { data: result.data, transaction: envelope.transaction };
}

/** The JSON object of a payload split into its `transaction` and its other fields, or why not. */
export function readEnvelope(text: string): RequestRefusal | { fields: Record<string, unknown>; transaction: Transaction } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { code: "bad_json", message: "payload is not valid JSON", transaction: peekTransaction(text) };
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { code: "invalid_request", message: "request must be a JSON object", transaction: null };
  }
  const { transaction, ...fields } = body as Record<string, unknown>;
  if (transaction !== undefined && typeof transaction !== "string" && typeof transaction !== "number") {
    return { code: "invalid_request", message: "transaction must be a string or a number", transaction: null };
  }
  return { fields, transaction: transaction ?? null };
}

/** A short message naming the fields that failed validation, e.g. `invalid fields: door_id, mode`. */
export function describeIssues(error: z.ZodError): string {
  const paths = [...new Set(error.issues.map((issue) => issue.path.map(String).join(".") || "(request)"))];
  const listed = paths.slice(0, MAX_LISTED_ISSUES).join(", ");
  const more = paths.length > MAX_LISTED_ISSUES ? ` and ${paths.length - MAX_LISTED_ISSUES} more` : "";
  return `invalid fields: ${listed}${more}`;
}
