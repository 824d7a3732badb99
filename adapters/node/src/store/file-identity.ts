import { statSync } from "node:fs";

/**
 * Tells when a file is no longer the one that was opened: deleted, or replaced by another (a
 * restore, a `mv`). SQLite goes on writing to the open file either way, and all of it is lost
 * when the process restarts.
 */
export function fileIdentity(path: string): () => string | undefined {
  const opened = statSync(path);
  return function changed() {
    let now: ReturnType<typeof statSync>;
    try {
      now = statSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT")
        return `the database file ${path} was deleted; what is written now is lost on restart`;
      return `the database file ${path} cannot be read: ${(error as Error).message}`;
    }
    if (now.ino !== opened.ino || now.dev !== opened.dev)
      return `the database file ${path} was replaced by another file; what is written now is lost on restart`;
    return undefined;
  };
}
