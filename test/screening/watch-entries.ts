/** Watch list entries and request bodies shared by the watch list tests. */
export const entry = (id: string, given: string, family: string, dob: string) => ({ id, given, family, dob, category: "trespass_order" });

export const snapshot = (version: string, part: number, parts: number, entries: unknown[]) => ({ kind: "snapshot", version, part, parts, entries });

/** A request payload's bytes, as the router hands them to a raw handler. */
export const payload = (body: unknown) => new TextEncoder().encode(JSON.stringify({ transaction: "t-1", ...(body as object) }));
