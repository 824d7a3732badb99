// Scheduled work that fires once across replicas: every replica's timer ticks, and the first to
// record the tick's slot in the database runs it; the others find the slot taken and skip it.
import type { Database } from "./database.js";

export interface RunOnceOptions {
  /** Which firing this is: the same slot runs once across every replica and every restart. */
  slot: string;
  /** The replica's name, kept with the record of who ran it. */
  replica?: string;
}

/**
 * Runs `fn` for `name` at `slot` in exactly one replica: the one whose insert of (name, slot)
 * wins. Resolves to `fn`'s result there, and to undefined in the replicas that skipped it.
 * A run that throws gives its slot back, so another tick may try it again.
 */
export async function runOnce<T>(
  database: Database,
  name: string,
  fn: () => Promise<T> | T,
  options: RunOnceOptions,
): Promise<{ ran: true; value: T } | { ran: false }> {
  const s = database.quoted;
  const claimed = await database.pool.query(
    `INSERT INTO ${s}.catops_runs (name, slot, replica) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING`,
    [name, options.slot, options.replica ?? String(process.pid)],
  );
  if (claimed.rowCount !== 1) return { ran: false };
  try {
    return { ran: true, value: await fn() };
  } catch (error) {
    await database.pool
      .query(`DELETE FROM ${s}.catops_runs WHERE name = $1 AND slot = $2`, [name, options.slot])
      .catch(() => {});
    throw error;
  }
}

export interface EveryOptions {
  replica?: string;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * Fires `fn` once per `everyMs` across every replica that calls `every` with the same name: each
 * replica ticks at the period's boundaries, and `runOnce` lets one of them run each period.
 * Returns a function that stops this replica's ticks.
 */
export function every(
  database: Database,
  name: string,
  everyMs: number,
  fn: (slot: number) => Promise<unknown> | unknown,
  options: EveryOptions = {},
): () => void {
  const now = options.now ?? Date.now;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    const next = (Math.floor(now() / everyMs) + 1) * everyMs;
    timer = setTimeout(() => {
      const slot = next / everyMs;
      runOnce(database, name, () => fn(slot), { slot: String(slot), replica: options.replica })
        .then((result) => (result.ran ? forgetOldSlots(database, name, everyMs) : undefined))
        .catch((error) => options.onError?.(error))
        .finally(schedule);
    }, next - now());
    timer.unref?.();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** The record of fired slots is kept for a day, or 100 periods when that is longer. */
async function forgetOldSlots(database: Database, name: string, everyMs: number): Promise<void> {
  const keepSeconds = Math.max(86_400, (everyMs * 100) / 1000);
  await database.pool.query(
    `DELETE FROM ${database.quoted}.catops_runs
     WHERE name = $1 AND ran_at < now() - make_interval(secs => $2)`,
    [name, keepSeconds],
  );
}
