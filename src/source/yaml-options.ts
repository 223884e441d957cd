/** How configuration YAML is read: the schema, the parser's settings, and which findings leave a value defined. */
import type { DocumentOptions, ParseOptions, SchemaOptions, ToJSOptions } from "yaml";

/**
 * Plain integers and decimals with a leading zero (`0755`, `007`) stay strings. YAML 1.1 reads them
 * as octal and YAML 1.2 as decimal; keeping the text means a badge or facility number keeps its
 * zeros, and a field that wants a number reports the exact spot instead of silently guessing a base.
 */
const LEADING_ZERO_NUMBER = {
  tag: "tag:yaml.org,2002:str",
  default: true,
  test: /^[-+]?0[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/,
  resolve: (text: string) => text,
  identify: () => false,
} as const;

/**
 * The YAML 1.2 core schema, forced even when a file says `%YAML 1.1`: in 1.2 `no`, `yes`, `on` and
 * `off` are strings, not booleans, which avoids the "Norway problem" (`country: NO` turning into
 * false). `<<` merge keys are enabled because operators share door defaults with them.
 */
export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: "1.2",
  schema: "core",
  merge: true,
  // Duplicate keys are found by duplicateKeyProblems, which names the key and its first place.
  uniqueKeys: false,
  prettyErrors: false,
  // Problems are reported through the returned list, never printed by the parser.
  logLevel: "silent",
  customTags: (tags) => [LEADING_ZERO_NUMBER, ...tags],
};

/** 100 aliases is the parser's own default limit, well above any real configuration, and stops "billion laughs" expansion. */
export const TO_JS_OPTIONS: ToJSOptions = { maxAliasCount: 100 };

/** Parser findings after which the file's value is still well defined (an unknown tag reads as a string). */
export const SOFT_CODES: ReadonlySet<string> = new Set(["TAG_RESOLVE_FAILED"]);
