// `keepHistory()`: the run history, `history` and `rerun`, as an option of the bot. A bot that
// does not ask for it does not bundle it.
import type { AuditRecord } from "./audit.js";
import type { ChatDialect } from "../dialect.js";
import type { Dispatcher } from "../dispatch/dispatch.js";
import { createHistory } from "./history.js";
import { createHistoryCommands } from "./history-commands.js";
import { createRerun, type Expanded } from "./rerun.js";
import type { Command, CommandEvent, Logger, Runtime, Store } from "../types.js";
import { createVisibility, type VisibilityOptions } from "../dispatch/visibility.js";

export interface HistoryParts extends VisibilityOptions {
  store: Store;
  now: () => number;
  logger: Logger;
}

/** What the bot wires in: the record sink, the two built-ins, and the rerun step of the engine. */
export interface KeptHistory {
  /** Keeps a run, after the answer where the runtime can; a failure is logged, never thrown. */
  record(record: AuditRecord): Promise<void>;
  /** The runtime of a request or job, through whose waitUntil its runs are kept. */
  remember(requestId: string, runtime: Runtime): void;
  commands: Command[];
  /** The rerun step, once the command table is final: the built-in `rerun` only, not a plugin's. */
  rerunWith(
    dispatcher: Dispatcher,
    rerun: Command | undefined,
  ): ((event: CommandEvent, dialect: ChatDialect) => Promise<Expanded>) | undefined;
}

export interface HistoryFeature {
  create(parts: HistoryParts): KeptHistory;
}

/**
 * Keeps a history of runs and adds the built-in `history` and `rerun`:
 * `createCatOps({ history: keepHistory() })`. Costs one round of store writes per run, made
 * after the answer where the runtime can.
 */
export function keepHistory(): HistoryFeature {
  return {
    create(parts) {
      const history = createHistory({ ...parts, skip: new Set(["history", "jobs"]) });
      const commands = createHistoryCommands({ ...parts, history });
      // The runtimes of recent requests and jobs (the last 1,000), by request id: a run is kept
      // through its runtime's waitUntil, so the write never holds up an answer or a reply,
      // whether the run answers the request or works after it (an Events API mention, a job).
      const runtimes = new Map<string, Runtime>();
      const keep = (record: AuditRecord) =>
        history
          .record(record)
          .catch((error) =>
            parts.logger.warn("run not kept in the history", { error, outcome: record.outcome }),
          );
      return {
        async record(record) {
          const runtime = runtimes.get(record.requestId);
          if (!runtime?.waitUntil) return keep(record);
          // Started on a later turn, once the answer has gone out.
          runtime.waitUntil(
            new Promise((resolve) => setTimeout(resolve, 0)).then(() => keep(record)),
          );
        },
        remember(requestId, runtime) {
          if (!runtime.waitUntil || runtimes.get(requestId) === runtime) return;
          runtimes.delete(requestId);
          runtimes.set(requestId, runtime);
          if (runtimes.size > 1000) runtimes.delete(runtimes.keys().next().value!);
        },
        commands,
        rerunWith(dispatcher, rerun) {
          if (!rerun || !commands.includes(rerun)) return undefined;
          return createRerun({
            dispatcher,
            history,
            store: parts.store,
            visibility: createVisibility(parts),
            rerun,
          });
        },
      };
    },
  };
}
