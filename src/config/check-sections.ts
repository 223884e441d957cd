import type { z } from "zod";
import { Excuses, type RefKind } from "./excuses.js";
import type { Path } from "./findings.js";
import { problemsFromZod, type Locator, type Problem } from "../source/problems.js";
import { isPersonalPath } from "./personal-fields.js";
import { REFERRING_SECTIONS, SALVAGED_SECTIONS, salvage, salvageSection, type FailedEntries, type FailedEntry } from "./references-failed.js";
import { keysAt } from "./schema-keys.js";
import { SiteConfigSchema, type SiteConfig } from "./schema.js";
import { didYouMeanKey } from "../util/suggest.js";

/** An entry whose problems its reader already reported (a CSV row it could not read): skipped here. */
export class Reported {
  /** The entry's id as written, when it had one. */
  constructor(readonly id: unknown) {}
}

/** The schema checks of every section, and a configuration to check cross-references on. */
export interface SectionCheck {
  /** The sections and entries that passed; a failed section holds its default (a placeholder for `site`). */
  readonly config: SiteConfig;
  readonly problems: Problem[];
  /** Ids of entries and sections that failed, so references to them are not reported too. */
  readonly excused: Excuses;
  /** From an index in `config` to the entry's index in the source (failed entries leave gaps). */
  readonly remap: (path: Path) => Path;
  /** Sections that passed the schema (or were absent and took their default). */
  readonly passed: ReadonlySet<string>;
  /** Door and access group entries and a visitors section that failed, with their fields that passed, for their references. */
  readonly failed: FailedEntries;
}

const SHAPE = SiteConfigSchema.shape as unknown as Record<string, z.ZodType>;

/** Stands in for an invalid or unreadable `site` while references are checked; never compiled. */
const PLACEHOLDER_SITE = { id: "site", name: "site", timezone: "UTC" };

/** What an id of each array section is referred to as. */
const KIND_OF: Readonly<Record<string, RefKind>> = { devices: "devices", doors: "doors", access_groups: "access_groups", schedules: "schedules" };

function elementOf(schema: z.ZodType): z.ZodType | undefined {
  let def = (schema as unknown as { def: { type: string; innerType?: z.ZodType; element?: z.ZodType } }).def;
  while (def.innerType !== undefined) def = (def.innerType as unknown as { def: typeof def }).def;
  return def.type === "array" ? def.element : undefined;
}

function excuseEntry(excused: Excuses, section: string, raw: unknown): void {
  const kind = KIND_OF[section];
  const entry = raw instanceof Reported ? { id: raw.id } : (raw as { id?: unknown; groups?: unknown } | null);
  if (kind === undefined || typeof entry !== "object" || entry === null) return;
  excused.add(kind, entry.id);
  if (section === "doors" && Array.isArray(entry.groups)) for (const g of entry.groups) excused.add("door_groups", g);
}

function excuseSection(excused: Excuses, section: string): void {
  const kind = KIND_OF[section];
  if (kind !== undefined) excused.addAll(kind);
  if (section === "doors") excused.addAll("door_groups");
}

/** The problems of a failed schema check of the value at `prefix` (a section or a list entry). */
export function schemaProblems(issues: readonly z.core.$ZodIssue[], prefix: Path, locate: Locator): Problem[] {
  const shifted = issues.map((i) => ({ ...i, path: [...prefix, ...i.path] }));
  return problemsFromZod(shifted, locate, { keysAt: (p) => keysAt(SiteConfigSchema, p), personal: isPersonalPath });
}

/** The schema of one entry of a list section. */
export function entrySchema(section: string): z.ZodType | undefined {
  const schema = SHAPE[section];
  return schema === undefined ? undefined : elementOf(schema);
}

/** The state of one run of checkSections. */
class SectionChecker {
  readonly problems: Problem[] = [];
  readonly excused = new Excuses();
  readonly passed = new Set<string>();
  readonly out: Record<string, unknown> = {};
  readonly indexes = new Map<string, number[]>();
  readonly failed = new Map<string, FailedEntry[]>();
  constructor(
    private readonly locate: Locator,
    private readonly partial: boolean,
  ) {}

  report(issues: readonly z.core.$ZodIssue[], prefix: Path): void {
    this.problems.push(...schemaProblems(issues, prefix, this.locate));
  }

  /** A list section, entry by entry; failed entries leave gaps that `remap` accounts for. */
  list(key: string, raw: unknown[], element: z.ZodType): void {
    const kept: unknown[] = [];
    const from: number[] = [];
    raw.forEach((item: unknown, i) => {
      const parsed = item instanceof Reported ? undefined : element.safeParse(item, { reportInput: true });
      if (parsed?.success === true) {
        kept.push(parsed.data);
        from.push(i);
      } else {
        if (parsed !== undefined) this.report(parsed.error.issues, [key, i]);
        excuseEntry(this.excused, key, item);
        this.keepFailed(key, i, element, item);
      }
      raw[i] = undefined;
    });
    this.out[key] = kept;
    this.indexes.set(key, from);
    if (from.length === raw.length) this.passed.add(key);
  }

  /** A failed entry of a section whose entries refer to others: its good fields, for checkReferences. */
  private keepFailed(key: string, index: number, element: z.ZodType, item: unknown): void {
    if (!REFERRING_SECTIONS.has(key) || item instanceof Reported) return;
    const fields = salvage(element, item);
    if (fields !== undefined) this.failed.set(key, [...(this.failed.get(key) ?? []), { index, fields }]);
  }

  /** Any other section, whole; a failed one takes its default, or the placeholder site. */
  section(key: string, raw: unknown, schema: z.ZodType): void {
    const parsed = schema.safeParse(raw, { reportInput: true });
    if (parsed.success) {
      this.out[key] = parsed.data;
      if (raw !== undefined || !this.partial) this.passed.add(key);
      return;
    }
    if (raw !== undefined || !this.partial) this.report(parsed.error.issues, [key]);
    excuseSection(this.excused, key);
    const fields = SALVAGED_SECTIONS.has(key) ? salvageSection(schema, raw) : undefined;
    if (fields !== undefined) this.failed.set(key, [{ index: 0, fields }]);
    const fallback = schema.safeParse(undefined);
    this.out[key] = fallback.success ? fallback.data : key === "site" ? PLACEHOLDER_SITE : undefined;
  }

  remap = (path: Path): Path => {
    const [section, index, ...rest] = path;
    const from = typeof section === "string" && typeof index === "number" ? this.indexes.get(section)?.[index] : undefined;
    return from === undefined ? path : [section as string, from, ...rest];
  };
}

/**
 * Check each section, and each entry of a list section, on its own: one bad entry hides neither the
 * others' problems nor the cross-references between the good ones. `partial` means a file failed to
 * parse: an absent section may have been in it, so it is neither "required" nor known to be empty.
 * The raw list entries are released as they are checked (a 100k-holder list is not held twice).
 */
export function checkSections(value: Record<string, unknown>, locate: Locator, partial: boolean): SectionCheck {
  const c = new SectionChecker(locate, partial);
  for (const key of Object.keys(value)) {
    if (SHAPE[key] === undefined) c.problems.push({ ...locate([key]), path: key, message: `unknown key${didYouMeanKey(key, Object.keys(SHAPE))}` });
  }
  for (const [key, schema] of Object.entries(SHAPE)) {
    const raw = value[key];
    if (raw === undefined && partial) excuseSection(c.excused, key);
    const element = elementOf(schema);
    if (element !== undefined && Array.isArray(raw)) c.list(key, raw, element);
    else c.section(key, raw, schema);
  }
  return { config: c.out as SiteConfig, problems: c.problems, excused: c.excused, remap: c.remap, passed: c.passed, failed: c.failed };
}
