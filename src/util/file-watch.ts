import { statSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";

/** How a file watch reacts: how long a burst of changes settles, how often the files are stat'ed. */
export interface FileWatchOptions {
  /** Wait this long after the last change seen before `onChange` (an editor writes in several steps). */
  readonly debounceMs?: number;
  /** Stat the files this often too: fs.watch misses changes on some file systems (NFS, some containers). */
  readonly pollMs?: number;
  /** false: stat only, for a file system whose change notices are known not to come. Default true. */
  readonly notices?: boolean;
}

/** A running watch; `close` ends it. */
export interface FileWatch {
  close(): void;
}

/** What a file is now, to tell a change: its inode, size and modification time, or absent. */
function signature(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return "absent";
  }
}

/**
 * Call `onChange` once a burst of changes to any of `paths` has settled. Each file's directory is
 * watched, not the file: tools that replace a file (write a copy, rename it over) would leave a
 * watch on the old file blind. A periodic stat catches what the watch misses; a directory that
 * cannot be watched is left to it.
 */
export function watchFiles(paths: readonly string[], onChange: () => void, opts: FileWatchOptions = {}): FileWatch {
  const { debounceMs = 250, pollMs = 5000, notices = true } = opts;
  const files = [...new Set(paths)];
  const seen = new Map(files.map((p) => [p, signature(p)] as const));
  let timer: NodeJS.Timeout | undefined;
  const settle = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      for (const p of files) seen.set(p, signature(p));
      onChange();
    }, debounceMs).unref();
  };
  const watchers: FSWatcher[] = [];
  for (const dir of notices ? new Set(files.map((p) => dirname(p))) : []) {
    const names = new Set(files.filter((p) => dirname(p) === dir).map((p) => basename(p)));
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || names.has(name.toString())) settle();
      });
      w.on("error", () => w.close());
      watchers.push(w);
    } catch {
      // Left to the periodic stat.
    }
  }
  const poll = setInterval(() => {
    if (files.some((p) => signature(p) !== seen.get(p))) settle();
  }, pollMs).unref();
  return {
    close() {
      clearTimeout(timer);
      clearInterval(poll);
      for (const w of watchers) w.close();
    },
  };
}
