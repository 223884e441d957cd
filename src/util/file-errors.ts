/**
 * Why a file or directory could not be read or written, in words: "no such file", "permission
 * denied", or the system's message for what is rarer.
 */
export function whyUnreadable(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied (the gateway's user must be able to read it)";
  if (code === "EISDIR") return "it is a directory";
  if (code === "ENOTDIR") return "it is a file, not a directory";
  if (code === "EEXIST") return "it already exists (nothing was replaced)";
  return (err as Error).message;
}
