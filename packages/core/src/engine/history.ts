// The run history behind `history` and `rerun`: one small entry per audited run, kept under its
// id and filed in its channel's and its user's bounded lists (store/recent-list.ts, the same
// mechanism as the recent-jobs index), so a listing is one store read however long the bot ran.
import type { AuditOutcome, AuditRecord } from "./audit.js";
import { randomId } from "../ids.js";
import { pushRecent, readRecent } from "../store/recent-list.js";
import type { CommandEvent, Store } from "../types.js";

/** How long a run stays in the history. */
export const HISTORY_TTL_SECONDS = 30 * 24 * 3600;
/** How many runs each channel's and each user's list keeps. */
export const HISTORY_KEPT = 100;
/** How much of a command line a list shows. */
const LISTED_LINE = 300;

/** One audited run, as `history` lists it. */
export interface HistoryEntry {
  id: string;
  /** When it was recorded, ms since the epoch. */
  at: number;
  outcome: AuditOutcome;
  /** The command line, secret flag values and configured secrets masked (the audit's text). */
  command: string;
  user?: CommandEvent["user"];
  channel?: CommandEvent["channel"];
  jobId?: string;
  durationMs?: number;
}

/** The outcomes that end a run (or refuse it): what the history lists. */
const RUN_OUTCOMES: ReadonlySet<AuditOutcome> = new Set([
  "succeeded",
  "failed",
  "denied",
  "cancelled",
  "timed_out",
  "interrupted",
  "undelivered",
]);

const entryKey = (id: string) => `history:${id}`;
const channelKey = (id: string) => `history-index:channel:${id}`;
const userKey = (id: string) => `history-index:user:${id}`;

/** Which runs to list: a channel's, or a user's from everywhere. */
export interface HistoryScope {
  channelId?: string;
  userId?: string;
}

export interface HistoryOptions {
  store: Store;
  now: () => number;
  /** Commands whose runs are not kept (the reading built-ins: `history`, `jobs`). */
  skip: ReadonlySet<string>;
}

export function createHistory(options: HistoryOptions) {
  const { store, now } = options;
  const listOptions = { limit: HISTORY_KEPT, ttlSeconds: HISTORY_TTL_SECONDS, now };

  /** Keeps an audit record that ends a run; other records (confirmation asked, deferred) pass. */
  async function record(audit: AuditRecord): Promise<void> {
    if (!RUN_OUTCOMES.has(audit.outcome)) return;
    const name = audit.command.split(" ", 1)[0] ?? "";
    if (options.skip.has(name)) return;
    const entry: HistoryEntry = {
      id: randomId(8),
      at: now(),
      outcome: audit.outcome,
      command: audit.command,
      ...(audit.user ? { user: audit.user } : {}),
      ...(audit.channel ? { channel: audit.channel } : {}),
      ...(audit.jobId ? { jobId: audit.jobId } : {}),
      ...(audit.durationMs !== undefined ? { durationMs: audit.durationMs } : {}),
    };
    // The lists hold a long line clipped, so a list stays small on every store; the entry under
    // its id keeps it whole, for `rerun`.
    const listed =
      entry.command.length > LISTED_LINE
        ? { ...entry, command: `${entry.command.slice(0, LISTED_LINE)}…` }
        : entry;
    await Promise.all([
      store.set(entryKey(entry.id), entry, { ttlSeconds: HISTORY_TTL_SECONDS }),
      entry.channel ? pushRecent(store, channelKey(entry.channel.id), listed, listOptions) : null,
      entry.user ? pushRecent(store, userKey(entry.user.id), listed, listOptions) : null,
    ]);
  }

  return {
    record,
    get: (id: string) => store.get<HistoryEntry>(entryKey(id)),
    /** The runs of a channel, or (given only a user) of a user, newest first. */
    async list(scope: HistoryScope): Promise<HistoryEntry[]> {
      if (scope.channelId) return readRecent<HistoryEntry>(store, channelKey(scope.channelId));
      if (scope.userId) return readRecent<HistoryEntry>(store, userKey(scope.userId));
      return [];
    },
  };
}

export type History = ReturnType<typeof createHistory>;
