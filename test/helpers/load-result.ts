import type { LoadResult } from "../../src/config/load-site.js";
import type { RuntimeModel } from "../../src/config/runtime-model.js";
import type { Problem } from "../../src/source/problems.js";

/** The model of a configuration that loaded; fails the test with the problems otherwise. */
export function loaded(result: LoadResult): RuntimeModel {
  if (!result.ok) throw new Error(`expected the config to load, got:\n${JSON.stringify(result.problems, null, 2)}`);
  return result.model;
}

/** The problems of a configuration that did not load; fails the test if it loaded. */
export function problemsOf(result: LoadResult): Problem[] {
  if (result.ok) throw new Error("expected problems, the config loaded");
  return result.problems;
}
