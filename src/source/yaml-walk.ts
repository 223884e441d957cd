/** Finding a data path in a parsed YAML document: where its value starts, and whether it is there. */
import { isAlias, isMap, isPair, isScalar, isSeq } from "yaml";
import type { Document } from "yaml";

type ParsedDoc = Document.Parsed;

/**
 * Walk path through the document (maps by key, sequences by index, through aliases and `<<` merges).
 * Returns the offset of the deepest node that exists — the value's start, except that when the last
 * path element is an existing map key the key itself is returned — and whether the whole path exists.
 */
export function walk(doc: ParsedDoc, path: readonly PropertyKey[]): { offset: number; found: boolean } {
  let node: unknown = doc.contents;
  let offset = startOf(node) ?? 0;
  for (const [i, step] of path.entries()) {
    const hit = childOf(doc, node, step);
    if (hit === undefined) return { offset, found: false };
    const keyStart = i === path.length - 1 ? startOf(hit.key) : undefined;
    if (keyStart !== undefined) return { offset: keyStart, found: true };
    node = hit.value;
    offset = startOf(node) ?? offset;
  }
  return { offset, found: true };
}

function childOf(doc: ParsedDoc, node: unknown, step: PropertyKey, depth = 0): { key?: unknown; value: unknown } | undefined {
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (isSeq(target)) {
    const index = typeof step === "number" ? step : /^(0|[1-9][0-9]*)$/.test(String(step)) ? Number(step) : -1;
    const item: unknown = target.items[index];
    return item === undefined ? undefined : { value: item };
  }
  if (!isMap(target)) return undefined;
  const pairs = target.items.filter(isPair);
  // Duplicate keys are reported separately; the value uses the last one, so does the position.
  const own = pairs.filter((p) => !isMergeKey(p.key) && isScalar(p.key) && String(p.key.value) === String(step)).at(-1);
  if (own !== undefined) return { key: own.key, value: own.value };
  // Merge sources nest rarely; 20 levels stops a cycle through aliases without limiting real files.
  if (depth > 20) return undefined;
  for (const merge of pairs.filter((p) => isMergeKey(p.key))) {
    const source = isAlias(merge.value) ? merge.value.resolve(doc) : merge.value;
    const sources: unknown[] = isSeq(source) ? source.items : [source];
    for (const s of sources) {
      const hit = childOf(doc, s, step, depth + 1);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === "symbol" && key.value.description === "<<";
}

export function startOf(node: unknown): number | undefined {
  if (node === null || typeof node !== "object" || !("range" in node)) return undefined;
  const range = (node as { range?: readonly number[] | null }).range;
  return range?.[0] ?? undefined;
}
