import { readFileSync, readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The decision core is pure: it imports nothing but itself, reads no clock, starts no timers, draws
 * no random numbers and touches no process state. This test reads the source (not the compiled
 * output) with the TypeScript parser, so comments and strings that mention such calls do not count.
 */

const CORE_DIR = fileURLToPath(new URL("../../src/core", import.meta.url));

/** Globals whose mere use means I/O, timers or process state. */
const FORBIDDEN_GLOBALS = new Set([
  "process",
  "require",
  "setTimeout",
  "setInterval",
  "setImmediate",
  "queueMicrotask",
  "fetch",
  "performance",
  "globalThis",
  "console",
]);

/** `object.member` calls that read the clock or draw randomness. */
const FORBIDDEN_MEMBERS = new Set(["Date.now", "Math.random", "crypto.getRandomValues", "crypto.randomUUID"]);

const BUILTINS = new Set(builtinModules);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return filesUnder(path);
    return e.name.endsWith(".ts") ? [path] : [];
  });
}

function moduleSpecifiers(source: ts.SourceFile): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    out.push({ spec: spec !== undefined && ts.isStringLiteral(spec) ? spec.text : "<computed>", line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier !== undefined) add(node, node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal as ts.Expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Uses of clocks, timers, randomness and process state in one source file. */
function impureUses(source: ts.SourceFile): { what: string; line: number }[] {
  const out: { what: string; line: number }[] = [];
  const at = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const name = `${node.expression.text}.${node.name.text}`;
      if (FORBIDDEN_MEMBERS.has(name)) out.push({ what: name, line: at(node) });
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Date") {
      if (node.arguments === undefined || node.arguments.length === 0) out.push({ what: "new Date()", line: at(node) });
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Date") {
      out.push({ what: "Date()", line: at(node) });
    }
    if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && !isPropertyName(node)) {
      out.push({ what: node.text, line: at(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** `x.process` or `{ process: 1 }` name a property, not the global. */
function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    (ts.isPropertySignature(parent) && parent.name === node) ||
    (ts.isPropertyDeclaration(parent) && parent.name === node) ||
    (ts.isMethodDeclaration(parent) && parent.name === node)
  );
}

/** Every purity violation in one file, as `file:line: what`. */
function violations(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const name = relative(resolve(CORE_DIR, "../.."), file);
  for (const { spec, line } of moduleSpecifiers(source)) {
    const bare = spec.replace(/^node:/, "");
    if (spec.startsWith("node:") || BUILTINS.has(bare)) {
      found.push(`${name}:${line}: imports the Node builtin "${spec}"`);
      continue;
    }
    if (!spec.startsWith("./") && !spec.startsWith("../")) {
      found.push(`${name}:${line}: imports the package "${spec}"`);
      continue;
    }
    const target = resolve(dirname(file), spec);
    if (target !== CORE_DIR && !target.startsWith(CORE_DIR + sep)) {
      found.push(`${name}:${line}: imports "${spec}", outside src/core`);
    }
  }
  for (const { what, line } of impureUses(source)) found.push(`${name}:${line}: uses ${what}`);
  return found;
}

describe("src/core purity", () => {
  const files = filesUnder(CORE_DIR);

  it("finds the core's files", () => {
    const names = files.map((f) => relative(CORE_DIR, f));
    expect(names).toEqual(expect.arrayContaining(["decide.ts", "door.ts", "access.ts", "state.ts", "badge.ts"]));
  });

  it("no file under src/core imports outside src/core or uses a clock, timer, randomness or process", () => {
    const found = files.flatMap((f) => violations(f, readFileSync(f, "utf8")));
    expect(found).toEqual([]);
  });

  it("the check itself catches each kind of violation", () => {
    const file = join(CORE_DIR, "probe.ts");
    const text = [
      'import { readFileSync } from "node:fs";',
      'import { createServer } from "net";',
      'import { z } from "zod";',
      'import type { Logger } from "../log.js";',
      'export { x } from "../store/kv.js";',
      'const later = import("./door.js");',
      "const a = Date.now();",
      "const b = new Date();",
      "const c = new Date(0);",
      "setTimeout(() => {}, 1);",
      "setInterval(() => {}, 1);",
      "const d = Math.random();",
      "const e = process.env;",
      "// Date.now() in a comment is fine",
      'const f = "setTimeout in a string is fine";',
      "const g = { process: 1 }.process;",
    ].join("\n");
    expect(violations(file, text)).toEqual([
      'src/core/probe.ts:1: imports the Node builtin "node:fs"',
      'src/core/probe.ts:2: imports the Node builtin "net"',
      'src/core/probe.ts:3: imports the package "zod"',
      'src/core/probe.ts:4: imports "../log.js", outside src/core',
      'src/core/probe.ts:5: imports "../store/kv.js", outside src/core',
      "src/core/probe.ts:7: uses Date.now",
      "src/core/probe.ts:8: uses new Date()",
      "src/core/probe.ts:10: uses setTimeout",
      "src/core/probe.ts:11: uses setInterval",
      "src/core/probe.ts:12: uses Math.random",
      "src/core/probe.ts:13: uses process",
    ]);
  });
});
