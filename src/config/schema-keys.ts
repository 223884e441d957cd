import type { z } from "zod";

/** Wrappers whose inner schema holds the shape: default, optional, nullable, prefault, readonly, catch. */
const WRAPPERS: ReadonlySet<string> = new Set(["default", "optional", "nullable", "prefault", "readonly", "catch", "nonoptional"]);

type Def = { type: string; innerType?: Schema; in?: Schema; element?: Schema; shape?: Record<string, Schema>; options?: Schema[] };
type Schema = { def: Def } | z.ZodType;

function defOf(schema: Schema): Def {
  return (schema as { def: Def }).def;
}

/** The schemas a value at this level may match, wrappers and unions opened. */
function forms(schema: Schema, depth = 0): Schema[] {
  const def = defOf(schema);
  // Schemas nest a few levels; 10 stops a self-referencing (lazy) schema from looping.
  if (depth > 10) return [];
  if (WRAPPERS.has(def.type) && def.innerType !== undefined) return forms(def.innerType, depth + 1);
  if (def.type === "pipe" && def.in !== undefined) return forms(def.in, depth + 1);
  if (def.type === "union" && def.options !== undefined) return def.options.flatMap((o) => forms(o, depth + 1));
  return [schema];
}

/** The keys an object schema allows at path (every form of a union), [] where the path leads to no object. */
export function keysAt(schema: Schema, path: readonly PropertyKey[]): string[] {
  let level = forms(schema);
  for (const step of path) {
    level = level.flatMap((s) => {
      const def = defOf(s);
      if (def.type === "array" && def.element !== undefined && typeof step === "number") return forms(def.element);
      const child = def.type === "object" ? def.shape?.[String(step)] : undefined;
      return child === undefined ? [] : forms(child);
    });
  }
  return [...new Set(level.flatMap((s) => Object.keys(defOf(s).shape ?? {})))];
}
